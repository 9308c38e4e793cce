using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// Base class of every layer, after torch.nn.Module: parameters, buffers and child modules registered by name
    /// (names are the state-dict keys, joined with '.'), a training flag, and <see cref="Forward"/>.
    /// Tensor is sealed, so a parameter is a registered leaf tensor with RequiresGrad = true (see <see cref="Parameter"/>).
    /// Layers read their parameters back through the registry (e.g. Linear.Weight), so To(device)/To(dtype) and
    /// LoadStateDict see one source of truth.
    /// </summary>
    public abstract class Module
    {
        readonly StateDict _parameters = new StateDict();
        readonly StateDict _buffers = new StateDict();
        readonly HashSet<string> _nonPersistent = new HashSet<string>();
        readonly List<KeyValuePair<string, Module>> _modules = new List<KeyValuePair<string, Module>>();

        /// <summary>True after Train(), false after Eval(). New modules are in training mode, as in torch.</summary>
        public bool Training { get; private set; } = true;

        /// <summary>The computation. Modules that take more than one input (losses) define their own Forward overloads.</summary>
        public virtual Tensor Forward(Tensor input) =>
            throw new NotImplementedException($"Module [{GetType().Name}] is missing the required \"forward\" function");

        /// <summary>torch's <c>module(x)</c>.</summary>
        public Tensor Call(Tensor input) => Forward(input);

        /// <summary>Lets a module be passed where a function is expected.</summary>
        public static implicit operator Func<Tensor, Tensor>(Module m) => m.Forward;

        // ---- registration ---------------------------------------------------------------------------------

        /// <summary>Registers <paramref name="tensor"/> (or null, like torch's bias=None) as parameter <paramref name="name"/>.
        /// The tensor must be a leaf; it is marked RequiresGrad = true. Re-registering a name replaces it in place.</summary>
        protected internal Tensor RegisterParameter(string name, Tensor tensor)
        {
            CheckName(name, "parameter");
            if (_buffers.ContainsKey(name) || FindChild(name) != null)
                throw new ArgumentException($"attribute \"{name}\" already exists on {GetType().Name}", nameof(name));
            if (tensor != null)
            {
                if (!tensor.IsLeaf)
                    throw new ArgumentException($"cannot register parameter \"{name}\": it is the result of a computation " +
                                                $"({tensor.GradFnName}); use Parameter.Create(t) to make a leaf", nameof(tensor));
                if (!tensor.DType.IsFloatingPoint())
                    throw new ArgumentException($"cannot register parameter \"{name}\": only floating-point tensors can require grad, got {tensor.DType.Name()}", nameof(tensor));
                if (!tensor.RequiresGrad) tensor.RequiresGrad = true;
            }
            _parameters[name] = tensor;
            return tensor;
        }

        /// <summary>Registers a buffer: state that is not trained (running_mean, ...). Persistent buffers are in the state dict.</summary>
        protected internal Tensor RegisterBuffer(string name, Tensor tensor, bool persistent = true)
        {
            CheckName(name, "buffer");
            if (_parameters.ContainsKey(name) || FindChild(name) != null)
                throw new ArgumentException($"attribute \"{name}\" already exists on {GetType().Name}", nameof(name));
            _buffers[name] = tensor;
            if (persistent) _nonPersistent.Remove(name); else _nonPersistent.Add(name);
            return tensor;
        }

        protected internal T RegisterModule<T>(string name, T module) where T : Module
        {
            CheckName(name, "module");
            if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name))
                throw new ArgumentException($"attribute \"{name}\" already exists on {GetType().Name}", nameof(name));
            for (int i = 0; i < _modules.Count; i++)
                if (_modules[i].Key == name) { _modules[i] = new KeyValuePair<string, Module>(name, module); return module; }
            _modules.Add(new KeyValuePair<string, Module>(name, module));
            return module;
        }

        static void CheckName(string name, string what)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{what} name can't be empty", nameof(name));
            if (name.Contains(".")) throw new ArgumentException($"{what} name can't contain \".\", got \"{name}\"", nameof(name));
        }

        Module FindChild(string name)
        {
            foreach (var kv in _modules) if (kv.Key == name) return kv.Value;
            return null;
        }

        /// <summary>This module's own parameter (null if registered as null). Throws if the name was never registered.</summary>
        protected internal Tensor GetParameter(string name) => _parameters[name];
        protected internal Tensor GetBuffer(string name) => _buffers[name];
        protected internal Tensor BufferOrNull(string name) => _buffers.TryGetValue(name, out var b) ? b : null;

        // ---- traversal ------------------------------------------------------------------------------------

        public IEnumerable<KeyValuePair<string, Module>> NamedChildren() => _modules.Where(kv => kv.Value != null);
        public IEnumerable<Module> Children() => NamedChildren().Select(kv => kv.Value);

        /// <summary>This module and all descendants, depth-first, each once (torch's named_modules).</summary>
        public IEnumerable<KeyValuePair<string, Module>> NamedModules(string prefix = "")
        {
            var seen = new HashSet<Module>();
            return NamedModulesImpl(prefix, seen);
        }

        IEnumerable<KeyValuePair<string, Module>> NamedModulesImpl(string prefix, HashSet<Module> seen)
        {
            if (!seen.Add(this)) yield break;
            yield return new KeyValuePair<string, Module>(prefix, this);
            foreach (var kv in NamedChildren())
                foreach (var sub in kv.Value.NamedModulesImpl(Join(prefix, kv.Key), seen))
                    yield return sub;
        }

        public IEnumerable<Module> Modules() => NamedModules().Select(kv => kv.Value);

        /// <summary>All parameters (recursive, registration order), each tensor once, named "child.sub.weight".</summary>
        public IEnumerable<KeyValuePair<string, Tensor>> NamedParameters(bool recurse = true)
        {
            var seen = new HashSet<Tensor>();
            foreach (var m in recurse ? NamedModules() : new[] { new KeyValuePair<string, Module>("", this) })
                foreach (var kv in m.Value._parameters)
                    if (kv.Value != null && seen.Add(kv.Value))
                        yield return new KeyValuePair<string, Tensor>(Join(m.Key, kv.Key), kv.Value);
        }

        public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(kv => kv.Value);

        public IEnumerable<KeyValuePair<string, Tensor>> NamedBuffers(bool recurse = true)
        {
            var seen = new HashSet<Tensor>();
            foreach (var m in recurse ? NamedModules() : new[] { new KeyValuePair<string, Module>("", this) })
                foreach (var kv in m.Value._buffers)
                    if (kv.Value != null && seen.Add(kv.Value))
                        yield return new KeyValuePair<string, Tensor>(Join(m.Key, kv.Key), kv.Value);
        }

        public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse).Select(kv => kv.Value);

        static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

        // ---- modes and grads ------------------------------------------------------------------------------

        public Module Train(bool mode = true)
        {
            foreach (var m in Modules()) m.Training = mode;
            return this;
        }

        public Module Eval() => Train(false);

        /// <summary>torch's module.apply(fn): calls <paramref name="fn"/> on every submodule (children first) and then
        /// on this module, e.g. <c>model.Apply(m => { if (m is Linear l) Init.XavierUniform_(l.Weight); })</c>.</summary>
        public Module Apply(Action<Module> fn)
        {
            if (fn == null) throw new ArgumentNullException(nameof(fn));
            foreach (var c in Children()) c.Apply(fn);
            fn(this);
            return this;
        }

        /// <summary>torch 1.13's zero_grad: zeroes every parameter's grad in place (setToNone=true drops them instead).</summary>
        public void ZeroGrad(bool setToNone = false)
        {
            foreach (var p in Parameters())
            {
                if (p.Grad == null) continue;
                if (setToNone) p.Grad = null;
                else using (Torch.NoGrad()) p.Grad.Zero_();
            }
        }

        /// <summary>Total number of parameter elements.</summary>
        public long NumParameters() => Parameters().Sum(p => p.NumEl);

        // ---- device / dtype -------------------------------------------------------------------------------

        /// <summary>Moves every parameter (with its grad) and buffer to <paramref name="device"/>. Parameters are
        /// replaced by new leaves: build optimizers after moving the model, as in torch.</summary>
        public Module To(Device device)
        {
            if (device == null) throw new ArgumentNullException(nameof(device));
            return ConvertTensors(t => t.To(device), floatingOnly: false);
        }

        /// <summary>Casts floating-point parameters and buffers to <paramref name="dtype"/> (integer buffers such as
        /// num_batches_tracked are left alone, as in torch).</summary>
        public Module To(DType dtype)
        {
            if (!dtype.IsFloatingPoint()) throw new ArgumentException($"Module.To only accepts floating point dtypes, but got {dtype.Name()}", nameof(dtype));
            return ConvertTensors(t => t.To(dtype), floatingOnly: true);
        }

        public Module Float() => To(DType.Float32);
        public Module Double() => To(DType.Float64);

        Module ConvertTensors(Func<Tensor, Tensor> fn, bool floatingOnly)
        {
            foreach (var m in Modules())
            {
                foreach (var name in m._parameters.Keys.ToList())
                {
                    var p = m._parameters[name];
                    if (p == null || (floatingOnly && !p.DType.IsFloatingPoint())) continue;
                    Tensor moved, grad = null;
                    using (Torch.NoGrad())
                    {
                        moved = fn(p);
                        if (p.Grad != null) grad = fn(p.Grad);
                    }
                    if (ReferenceEquals(moved, p)) continue;
                    moved = Parameter.Create(moved, p.RequiresGrad);
                    if (grad != null) moved.Grad = grad;
                    m._parameters[name] = moved;
                }
                foreach (var name in m._buffers.Keys.ToList())
                {
                    var b = m._buffers[name];
                    if (b == null || (floatingOnly && !b.DType.IsFloatingPoint())) continue;
                    using (Torch.NoGrad()) m._buffers[name] = fn(b);
                }
            }
            return this;
        }

        // ---- state dict -----------------------------------------------------------------------------------

        /// <summary>Parameters and persistent buffers by dotted name, in registration order (module by module, each
        /// module's parameters then buffers, as torch). Values are detached and share storage with the model.</summary>
        public StateDict StateDict()
        {
            var sd = new StateDict();
            foreach (var m in NamedModules())
            {
                foreach (var kv in m.Value._parameters)
                    if (kv.Value != null) sd[Join(m.Key, kv.Key)] = kv.Value.Detach();
                foreach (var kv in m.Value._buffers)
                    if (kv.Value != null && !m.Value._nonPersistent.Contains(kv.Key)) sd[Join(m.Key, kv.Key)] = kv.Value.Detach();
            }
            return sd;
        }

        /// <summary>
        /// Copies values from <paramref name="stateDict"/> into this module's parameters and buffers (in place, so
        /// optimizers keep working). Shape mismatches are always errors; with strict=true missing and unexpected keys
        /// are too. All errors are collected first and nothing is modified if any is found (torch's wording).
        /// </summary>
        public IncompatibleKeys LoadStateDict(StateDict stateDict, bool strict = true)
        {
            if (stateDict == null) throw new ArgumentNullException(nameof(stateDict));
            var own = new StateDict();
            foreach (var m in NamedModules())
            {
                foreach (var kv in m.Value._parameters) if (kv.Value != null) own[Join(m.Key, kv.Key)] = kv.Value;
                foreach (var kv in m.Value._buffers)
                    if (kv.Value != null && !m.Value._nonPersistent.Contains(kv.Key)) own[Join(m.Key, kv.Key)] = kv.Value;
            }
            var missing = own.Keys.Where(k => !stateDict.ContainsKey(k)).ToList();
            var unexpected = stateDict.Keys.Where(k => !own.ContainsKey(k)).ToList();
            var errors = new List<string>();
            foreach (var kv in own)
            {
                if (!stateDict.TryGetValue(kv.Key, out var src)) continue;
                if (src == null) { errors.Add($"value for {kv.Key} is null."); continue; }
                if (!src.Shape.SequenceEqual(kv.Value.Shape))
                    errors.Add($"size mismatch for {kv.Key}: copying a param with shape {ShapeText(src.Shape)} from checkpoint, " +
                               $"the shape in current model is {ShapeText(kv.Value.Shape)}.");
            }
            if (strict)
            {
                if (unexpected.Count > 0)
                    errors.Insert(0, "Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(k => "\"" + k + "\"")) + ". ");
                if (missing.Count > 0)
                    errors.Insert(0, "Missing key(s) in state_dict: " + string.Join(", ", missing.Select(k => "\"" + k + "\"")) + ". ");
            }
            if (errors.Count > 0)
                throw new InvalidOperationException($"Error(s) in loading state_dict for {GetType().Name}:\n\t" + string.Join("\n\t", errors));

            using (Torch.NoGrad())
                foreach (var kv in own)
                {
                    if (!stateDict.TryGetValue(kv.Key, out var src)) continue;
                    var dst = kv.Value;
                    if (src.DType != dst.DType) src = src.To(dst.DType);
                    if (!ReferenceEquals(src.Device, dst.Device)) src = src.To(dst.Device);
                    dst.Copy_(src);
                }
            return new IncompatibleKeys(missing, unexpected);
        }

        internal static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";

        // ---- printing -------------------------------------------------------------------------------------

        /// <summary>One-line description of this module's own settings (torch's extra_repr), e.g. "in_features=3, out_features=2, bias=True".</summary>
        public virtual string ExtraRepr() => "";

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append(GetType().Name).Append('(');
            var children = NamedChildren().ToList();
            if (children.Count == 0) return sb.Append(ExtraRepr()).Append(')').ToString();
            sb.Append(ExtraRepr());
            foreach (var kv in children)
            {
                var inner = kv.Value.ToString().Replace("\n", "\n  ");
                sb.Append("\n  (").Append(kv.Key).Append("): ").Append(inner);
            }
            return sb.Append("\n)").ToString();
        }
    }
}
