using System;
using System.Collections.Generic;
using System.Threading;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>Grad mode (thread-local, nestable), the backward pass, and torch.autograd.grad (<see cref="Grad"/>).</summary>
    public static class Autograd
    {
        [ThreadStatic] internal static bool Disabled;
        /// <summary>A create_graph backward is running: backward formulas record their ops (see CreateGraph.cs).</summary>
        [ThreadStatic] internal static bool CreatingGraph;
        /// <summary>While <see cref="Grad"/> runs: its inputs and the gradients gathered for them (nothing goes to .Grad).</summary>
        [ThreadStatic] internal static Dictionary<Tensor, Tensor> Captures;
        [ThreadStatic] static NodeList _spareOrder;
        static int _stamp;

        internal static bool Enabled => !Disabled;

        internal static void AccumulateLeaf(Tensor t, Tensor g)
        {
            if (Captures != null) { Capture(t, g); return; }   // torch.autograd.grad leaves every .grad alone
            if (CreatingGraph)
            {
                // the gradient keeps its graph (torch: x.grad has a grad_fn after backward(create_graph=True)); never
                // accumulated in place, so a tensor shared with another input is not changed under it
                t._grad = t._grad == null ? g : t._grad.Add(g);
                return;
            }
            if (t._grad == null) t._grad = Tensor.RawCopy(g);   // own copy: g may be shared with other inputs
            else
            {
                var acc = t._grad;
                acc.B.Binary(BinaryOp.Add, acc._view, g._view, acc._view);
            }
        }

        /// <summary>Nodes reachable from <paramref name="root"/> in post-order (inputs before the ops using them), in
        /// <paramref name="order"/>; iterative, so deep graphs cannot overflow the stack.</summary>
        internal static void PostOrder(Node root, NodeList order)
        {
            int stamp = Interlocked.Increment(ref _stamp);
            var stack = order.Stack;
            int top = 0;
            root.Mark = stamp; root.Cursor = 0; stack[top++].Node = root;
            while (top > 0)
            {
                var n = stack[top - 1].Node;
                if (n.Cursor < n.Count)
                {
                    var next = n.Next(n.Cursor++);
                    if (next != null && next.Mark != stamp)
                    {
                        next.Mark = stamp; next.Cursor = 0;
                        if (top == stack.Length) Array.Resize(ref order.Stack, top * 2);
                        stack = order.Stack;
                        stack[top++].Node = next;
                    }
                }
                else { stack[--top].Node = null; order.Add(n); }
            }
        }

        /// <summary>A node in an array slot. Node is abstract, so storing one in a Node[] (a List or Stack of them)
        /// pays the array covariance check's slow path on every store; a struct slot stores plainly.</summary>
        internal struct NodeSlot { internal Node Node; }

        /// <summary>The post-order of one backward and the traversal stack behind it, reused by the next backward on
        /// this thread (a nested backward, which finds none spare, makes its own).</summary>
        internal sealed class NodeList
        {
            internal NodeSlot[] Items = new NodeSlot[16], Stack = new NodeSlot[16];
            internal int Count;
            /// <summary>A list grown past this many nodes is not kept for the next backward (a thread should not hold
            /// a huge graph's worth of slots for good).</summary>
            internal const int MaxSpare = 1 << 14;

            internal void Add(Node n)
            {
                if (Count == Items.Length) Array.Resize(ref Items, Count * 2);
                Items[Count++].Node = n;
            }

            /// <summary>Drops every node (clearing its pending gradient) so a spare list holds no graph alive.</summary>
            internal void Clear()
            {
                for (int i = 0; i < Count; i++) { Items[i].Node.Pending = null; Items[i].Node = null; }
                Count = 0;
            }
        }

        // Pending gradients are counted by how many nodes hold them (pass-through ops hand the same tensor to
        // several inputs); the last consumer disposes it so device buffers return to the pool during backward
        // rather than at the next GC. Views of a gradient keep its storage alive through the storage refcount.
        internal static void Hold(Tensor g) => g._pendingUses++;
        internal static void Release(Tensor g) => Release(g, CreatingGraph);
        static void Release(Tensor g, bool creatingGraph) { if (--g._pendingUses == 0 && !creatingGraph) g.Dispose(); }   // a created graph may hold it
        const int Pinned = 1 << 24;

        static void Capture(Tensor t, Tensor g)
        {
            if (!Captures.TryGetValue(t, out var have)) return;   // not one of Grad()'s inputs
            if (!CreatingGraph) g = Tensor.RawCopy(g);             // pending gradients are freed as backward goes on
            Captures[t] = have == null ? g : Tensor.BwBinary(BinaryOp.Add, have, g);
        }

        /// <summary>Runs backward from <paramref name="root"/>. With <paramref name="createGraph"/> the backward formulas
        /// are recorded (grad mode on), so the gradients it produces can be differentiated again.</summary>
        internal static void Run(Tensor root, Tensor gradient, bool retainGraph, bool createGraph = false)
        {
            bool was = Disabled, wasCreating = CreatingGraph;
            Disabled = !createGraph;   // backward itself is recorded only for create_graph
            CreatingGraph = createGraph;
            NodeList order = null;
            bool pinned = false;
            int usesBefore = gradient._pendingUses;
            try
            {
                if (root._gradFn == null) { AccumulateLeaf(root, gradient); return; }
                order = _spareOrder ?? new NodeList();
                _spareOrder = null;
                PostOrder(root._gradFn, order);
                gradient._pendingUses += Pinned;   // the caller's gradient is never disposed here
                pinned = true;
                Hold(gradient);
                root._gradFn.Pending = gradient;
                var items = order.Items;
                var captures = Captures;   // a [ThreadStatic] read is a call into the runtime: once here, not per node
                for (int i = order.Count - 1; i >= 0; i--)
                {
                    var n = items[i].Node;
                    var g = n.Pending;
                    if (g == null) continue;
                    n.Pending = null;
                    if (n.Freed)
                        throw new InvalidOperationException(
                            $"Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed) at {n.Name}. " +
                            "Saved intermediate values of the graph are freed when you call Backward(). Specify retainGraph: true if you need to backward through the graph a second time.");
                    var o = n.Output;
                    if (o != null && ReferenceEquals(o._gradFn, n))
                    {
                        if (captures != null) Capture(o, g);   // a non-leaf input of Grad()
                        else if (o._retainsGrad) AccumulateLeaf(o, g);
                    }
                    n.CheckSaved();
                    n.Backward(g);
                    if (!retainGraph) n.Free();
                    Release(g, createGraph);   // CreatingGraph is createGraph throughout
                }
            }
            finally
            {
                Disabled = was;
                CreatingGraph = wasCreating;
                if (pinned) gradient._pendingUses = usesBefore;
                if (order != null) { order.Clear(); _spareOrder = order.Items.Length <= NodeList.MaxSpare ? order : null; }
            }
        }

        /// <summary>
        /// torch.autograd.grad: the gradients of <paramref name="outputs"/> (weighted by <paramref name="gradOutputs"/>,
        /// which may be omitted for single-element outputs) with respect to <paramref name="inputs"/>, returned instead
        /// of accumulated into any .Grad. With <paramref name="createGraph"/> the results are part of a graph and can be
        /// differentiated again: <c>Grad(⟨Grad(L, θ, createGraph: true), v⟩, θ)</c> is the Hessian-vector product H·v.
        /// The graph is kept when <paramref name="retainGraph"/> (default: <paramref name="createGraph"/>). An input the
        /// outputs do not depend on is an error unless <paramref name="allowUnused"/> (then its entry is null).
        /// </summary>
        public static Tensor[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs = null, bool createGraph = false,
                                    bool? retainGraph = null, bool allowUnused = false)
        {
            if (outputs == null || outputs.Length == 0) throw new ArgumentException("grad: expected at least one output");
            if (inputs == null || inputs.Length == 0) throw new ArgumentException("grad: expected at least one input");
            if (gradOutputs != null && gradOutputs.Length != outputs.Length)
                throw new ArgumentException($"grad: got {gradOutputs.Length} gradOutputs for {outputs.Length} outputs");
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] == null) throw new ArgumentNullException(nameof(inputs), $"grad: input {i} is null");
                if (!inputs[i]._requiresGrad) throw new InvalidOperationException($"grad: input {i} ({Shapes.Str(inputs[i]._shape)}) does not require grad");
            }
            var roots = new Tensor[outputs.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                var o = outputs[i] ?? throw new ArgumentNullException(nameof(outputs), $"grad: output {i} is null");
                o.CheckAlive("grad");
                if (!o._requiresGrad)
                    throw new InvalidOperationException($"grad: output {i} ({Shapes.Str(o._shape)}) does not require grad and does not have a grad_fn");
                var go = gradOutputs?[i];
                if (go == null)
                {
                    if (o._numel != 1)
                        throw new InvalidOperationException($"grad can be implicitly created only for scalar outputs: output {i} has shape {Shapes.Str(o._shape)}; pass gradOutputs");
                    go = o._device.One(o._dtype, o._shape);
                }
                else if (!Shapes.Equal(go._shape, o._shape) || go._dtype != o._dtype)
                    throw new ArgumentException($"grad: gradOutputs[{i}] is {go._dtype.Name()} {Shapes.Str(go._shape)} but output {i} is {o._dtype.Name()} {Shapes.Str(o._shape)}");
                roots[i] = go;
            }
            bool retain = retainGraph ?? createGraph;
            var previous = Captures;
            var captures = new Dictionary<Tensor, Tensor>(ByReference.Instance);
            foreach (var t in inputs) captures[t] = null;
            Captures = captures;
            try
            {
                for (int i = 0; i < outputs.Length; i++) Run(outputs[i], roots[i], retain || i + 1 < outputs.Length, createGraph);
            }
            finally { Captures = previous; }
            var r = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                r[i] = captures[inputs[i]];
                if (r[i] == null && !allowUnused)
                    throw new InvalidOperationException($"grad: input {i} ({Shapes.Str(inputs[i]._shape)}) appears to not have been used in the graph; set allowUnused: true if this is the desired behavior");
            }
            return r;
        }

        /// <summary><see cref="Grad(Tensor[], Tensor[], Tensor[], bool, bool?, bool)"/> for one output.</summary>
        public static Tensor[] Grad(Tensor output, Tensor[] inputs, Tensor gradOutput = null, bool createGraph = false,
                                    bool? retainGraph = null, bool allowUnused = false) =>
            Grad(new[] { output }, inputs, gradOutput == null ? null : new[] { gradOutput }, createGraph, retainGraph, allowUnused);

        sealed class ByReference : IEqualityComparer<Tensor>
        {
            internal static readonly ByReference Instance = new ByReference();
            public bool Equals(Tensor a, Tensor b) => ReferenceEquals(a, b);
            public int GetHashCode(Tensor t) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(t);
        }
    }

    /// <summary>Restores the previous grad mode when disposed; returned by <c>Torch.NoGrad()</c>.</summary>
    public struct GradModeScope : IDisposable
    {
        readonly bool _previousDisabled;
        bool _done;
        internal GradModeScope(bool disable)
        {
            _previousDisabled = Autograd.Disabled; _done = false;
            Autograd.Disabled = disable;
        }
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            Autograd.Disabled = _previousDisabled;
        }
    }

    public sealed partial class Tensor
    {
        /// <summary>Whether gradients are recorded for this tensor. Settable on leaves only, as in torch.</summary>
        public bool RequiresGrad
        {
            get => _requiresGrad;
            set
            {
                if (_gradFn != null)
                    throw new InvalidOperationException(
                        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph " +
                        $"that doesn't require differentiation use Detach() (tensor {Shapes.Str(_shape)}, grad_fn {_gradFn.Name})");
                if (value && !DType.IsFloatingPoint())
                    throw new InvalidOperationException($"only Tensors of floating point dtype can require gradients (got {DType.Name()})");
                _requiresGrad = value;
            }
        }

        /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (torch's requires_grad_).</summary>
        public Tensor RequiresGrad_(bool requiresGrad = true) { RequiresGrad = requiresGrad; return this; }

        /// <summary>The accumulated gradient (null until the first backward reaches this tensor).</summary>
        public Tensor Grad
        {
            get => _grad;
            set
            {
                if (value != null)
                {
                    if (!Shapes.Equal(value._shape, _shape))
                        throw new ArgumentException($"assigned grad has data of a different size: {Shapes.Str(value._shape)} for a tensor of shape {Shapes.Str(_shape)}");
                    if (value.DType != DType)
                        throw new ArgumentException($"assigned grad has data of a different type: {value.DType.Name()} for a tensor of dtype {DType.Name()}");
                    if (!ReferenceEquals(value._device, _device))
                        throw new ArgumentException($"assigned grad is on {value._device.Name} but the tensor is on {_device.Name}");
                }
                _grad = value;
            }
        }

        /// <summary>True for tensors not produced by a recorded op (user-created, or computed without grad).</summary>
        public bool IsLeaf => _gradFn == null;

        /// <summary>torch's grad_fn name without the trailing number, e.g. "AddBackward"; null for leaves.</summary>
        public string GradFnName => _gradFn?.Name;

        /// <summary>Keep <see cref="Grad"/> for this non-leaf tensor too (torch's retain_grad).</summary>
        public void RetainGrad()
        {
            if (!_requiresGrad) throw new InvalidOperationException("can't retain_grad on Tensor that has requires_grad=False");
            if (_gradFn != null) _retainsGrad = true;
        }

        /// <summary>
        /// Computes the gradient of this tensor with respect to every leaf that requires grad and ADDS it into
        /// their <see cref="Grad"/>. <paramref name="gradient"/> may be omitted for single-element tensors. The graph
        /// is freed afterwards unless <paramref name="retainGraph"/>. With <paramref name="createGraph"/> the gradients
        /// are themselves recorded (and the graph retained), so they can be differentiated again (torch's create_graph).
        /// </summary>
        public void Backward(Tensor gradient = null, bool retainGraph = false, bool createGraph = false)
        {
            CheckAlive("backward");
            if (!_requiresGrad)
                throw new InvalidOperationException("element 0 of tensors does not require grad and does not have a grad_fn " +
                                                    $"(tensor {Shapes.Str(_shape)}): set RequiresGrad on the inputs before computing it");
            if (gradient == null)
            {
                if (_numel != 1)
                    throw new InvalidOperationException(
                        $"grad can be implicitly created only for scalar outputs: this tensor has shape {Shapes.Str(_shape)}; pass a gradient of that shape to Backward");
                gradient = _device.One(_dtype, _shape);
            }
            else
            {
                if (!Shapes.Equal(gradient._shape, _shape))
                    throw new ArgumentException($"backward: gradient has shape {Shapes.Str(gradient._shape)} but the tensor has shape {Shapes.Str(_shape)}");
                if (gradient.DType != DType)
                    throw new ArgumentException($"backward: gradient has dtype {gradient.DType.Name()} but the tensor has dtype {DType.Name()}");
                if (!ReferenceEquals(gradient._device, _device))
                    throw new ArgumentException($"backward: gradient is on {gradient._device.Name} but the tensor is on {_device.Name}");
            }
            Autograd.Run(this, gradient, retainGraph || createGraph, createGraph);
        }

        /// <summary>A tensor sharing this one's storage, cut from the graph (requires_grad false).</summary>
        public Tensor Detach()
        {
            var t = MakeView(_shape, _strides, _offset);
            t._base = _base; // a detached alias is not a differentiable view
            return t;
        }

        /// <summary>Cuts this tensor from the graph in place: it becomes a leaf that does not require grad.</summary>
        public Tensor Detach_()
        {
            _gradFn = null; _requiresGrad = false; _retainsGrad = false;
            return this;
        }

        // ---- recording helpers used by the op files ----
        internal static bool NeedsGrad(Tensor a) => !Autograd.Disabled && a._requiresGrad;
        internal static bool NeedsGrad(Tensor a, Tensor b) => !Autograd.Disabled && (a._requiresGrad || b._requiresGrad);

        /// <summary>Records this (output) tensor as produced by node <paramref name="n"/> from a (and b).</summary>
        internal T Record<T>(T n, Tensor a, Tensor b = null) where T : Node
        {
            n.In0 = a; n.In1 = b; n.Output = this;
            n.Next0 = a._gradFn;
            if (b != null) n.Next1 = b._gradFn;
            _gradFn = n; _requiresGrad = true;
            return n;
        }

        internal T Record<T>(T n, Tensor[] inputs) where T : Node
        {
            n.Ins = inputs; n.Output = this;
            n.Nexts = new Node[inputs.Length];
            for (int i = 0; i < inputs.Length; i++) n.Nexts[i] = inputs[i]._gradFn;
            n.In0 = inputs.Length > 0 ? inputs[0] : null;
            _gradFn = n; _requiresGrad = true;
            return n;
        }
    }
}
