using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    // What autograd records: a Node per op (its saved tensors named at the op), and Saved, the version check on them.

    /// <summary>
    /// A tensor a backward reads, with its version when saved (torch's SavedVariable): if an in-place op changes it
    /// before the backward runs, <see cref="Check"/> fails instead of computing a wrong gradient. <c>which</c> names
    /// it in that error ("input 0", "output").
    /// </summary>
    internal readonly struct Saved
    {
        internal readonly Tensor Value;
        readonly int _version;
        readonly string _which;

        Saved(Tensor t, string which) { Value = t; _version = t._storage.Version; _which = which; }

        internal static Saved Input0(Tensor t) => new Saved(t, "input 0");
        internal static Saved Input1(Tensor t) => new Saved(t, "input 1");
        internal static Saved Result(Tensor t) => new Saved(t, "output");

        internal void Check(Node n)
        {
            if (Value != null && Value._storage.Version != _version) throw n.Modified(Value, _version, _which);
        }
    }

    /// <summary>
    /// One recorded op (torch's grad_fn). Each op family is a small sealed subclass that names what its backward
    /// saves (<see cref="Saved"/> tensors, dims, scalars) and implements <see cref="Backward"/>, which ADDS each
    /// input's gradient with <see cref="Send"/>. Building a graph allocates exactly this one object per op.
    /// Edges point to the inputs' grad_fn nodes as they were when the op ran (so a later in-place op that rebases an
    /// input does not reroute old gradients); leaves are reached through the input tensor itself. The first two
    /// inputs live in fields (the common case), more in arrays.
    /// </summary>
    internal abstract class Node
    {
        internal readonly string Name;
        internal Tensor In0, In1; internal Node Next0, Next1;
        internal Tensor[] Ins; internal Node[] Nexts;   // only when more than 2 inputs
        internal Tensor Output;
        // traversal state
        internal Tensor Pending; internal bool Freed; internal int Mark, Cursor;

        protected Node(string name) { Name = name; }

        /// <summary>Adds each input's share of <paramref name="grad"/> (the gradient of <see cref="Output"/>).</summary>
        internal abstract void Backward(Tensor grad);

        /// <summary>Throws when a tensor this node saved was modified in place since (see <see cref="Saved"/>).</summary>
        internal virtual void CheckSaved() { }

        /// <summary>Drops saved non-input tensors when the graph is freed, so their buffers can go back.</summary>
        internal virtual void ReleaseSaved() { }

        internal int Count => Ins != null ? Ins.Length : (In1 != null ? 2 : 1);
        internal Tensor Input(int i) => Ins != null ? Ins[i] : (i == 0 ? In0 : In1);
        internal Node Next(int i) => Nexts != null ? Nexts[i] : (i == 0 ? Next0 : Next1);
        internal bool Needs(int i) { var t = Input(i); return t != null && t._requiresGrad; }

        /// <summary>Adds <paramref name="g"/> into input <paramref name="i"/>'s gradient.</summary>
        internal void Send(int i, Tensor g)
        {
            var t = Input(i);
            if (t == null || !t._requiresGrad || g == null) return;
            if (!Shapes.Equal(g._shape, t._shape))
                throw new InvalidOperationException(
                    $"internal autograd error in {Name}: gradient for input {i} has shape {Shapes.Str(g._shape)}, expected {Shapes.Str(t._shape)}");
            var next = Next(i);
            if (next != null)
            {
                if (next.Pending == null) { next.Pending = g; Autograd.Hold(g); }
                else
                {
                    var old = next.Pending;
                    next.Pending = Tensor.BwBinary(BinaryOp.Add, old, g);
                    Autograd.Hold(next.Pending);
                    Autograd.Release(old);
                }
            }
            else if (t._gradFn == null) Autograd.AccumulateLeaf(t, g);
            // else: t was a leaf without grad when this op ran and was rebased by an in-place op since; the old
            // value it had here is not part of any graph, so its gradient goes nowhere (as in torch)
        }

        /// <summary><see cref="Send"/> after summing a broadcast gradient back to input <paramref name="i"/>'s shape;
        /// nothing when that input needs no gradient.</summary>
        internal void SendSummed(int i, Tensor g) { if (Needs(i)) Send(i, Tensor.SumToShape(g, Input(i)._shape)); }

        /// <summary><see cref="Send"/> for a gradient the backward function just created and uses nowhere else: a
        /// leaf without a gradient adopts it (no copy), and when nothing holds it afterwards (it was added into an
        /// existing .grad or not needed) it is disposed at once, so its buffer goes back to the pool.</summary>
        internal void SendOwned(int i, Tensor g)
        {
            if (g == null) return;
            var t = Input(i);
            if (t != null && t._requiresGrad && Next(i) == null && t._gradFn == null && t._grad == null && Autograd.Captures == null
                && !Autograd.CreatingGraph && Shapes.Equal(g._shape, t._shape) && g._base == null && ReferenceEquals(g._device, t._device))
            {
                t._grad = g;
                return;
            }
            Send(i, g);
            if (g._pendingUses == 0 && !Autograd.CreatingGraph) g.Dispose();
        }

        internal Exception Modified(Tensor t, int expected, string which) => new InvalidOperationException(
            $"one of the variables needed for gradient computation has been modified by an inplace operation: " +
            $"[{t.DType.Name()} {Shapes.Str(t._shape)}] ({which} of {Name}) is at version {t._storage.Version}; expected version {expected} instead.");

        internal void Free()
        {
            Freed = true; Pending = null;
            ReleaseSaved();
        }
    }
}
