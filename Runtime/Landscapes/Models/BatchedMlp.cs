using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// A Sequential of Linear layers and element-wise activations, compiled to a functional forward that runs P
    /// parameter sets at once. The P perturbed parameter vectors arrive as Θ [P, PackedLength] in a packed layout
    /// chosen so that each layer is ONE batched matmul with no separate bias pass:
    /// <list type="bullet">
    /// <item>layer l's block is [in+1, out+1]: rows 0..in−1 hold Wᵀ, row in holds the bias, so [h | 1]·block = h·Wᵀ + b;</item>
    /// <item>the extra output column is 0 except c in the bias row, where act(c) = 1 exactly (c = 1 for ReLU/LeakyReLU/
    ///   Identity, 40 for Tanh/Sigmoid), so after the activation the next layer's input again ends in a ones column;</item>
    /// <item>the data get their ones column once ([N, in+1]) and broadcast over P in the first matmul.</item>
    /// </list>
    /// The constant c is not part of any parameter vector: it comes from one extra basis row with coefficient 1 for
    /// every point (see <see cref="ConstantRow"/>), so any linear combination of parameter vectors keeps it exact.
    /// After an activation without such a c (GELU) the next layer keeps a plain [in, out] block and adds its bias
    /// with a broadcast add.
    /// </summary>
    internal sealed class BatchedMlp
    {
        sealed class Step
        {
            public Linear Linear; public int Rows, Cols; public long Block, Bias = -1; public bool OnesIn, OnesOut;
            public Module Activation;
        }

        readonly List<Step> _steps = new List<Step>();
        long[] _map;            // packed index → natural index, −1 for the zeros and constants
        double[] _constants;    // c at every extra-column bias-row slot, 0 elsewhere
        Tensor _xAug, _xAugSource;
        bool _onesFirst;

        public int InFeatures { get; private set; }
        public int OutFeatures { get; private set; }
        /// <summary>Σ (out_l + 1) over the Linear layers: activation values kept per point and data row (memory budget).</summary>
        public long HiddenWidth { get; private set; }
        public long PackedLength => _map.LongLength;
        public double[] ConstantRow => _constants;

        /// <summary>The plan for <paramref name="model"/>, or null with the reason it cannot be batched.</summary>
        public static BatchedMlp TryBuild(Module model, IReadOnlyList<ParameterSlot> layout, out string reason)
        {
            var flat = new List<Module>();
            if (!FlattenLayers(model, flat, out reason)) return null;
            var offsets = new Dictionary<Tensor, long>();
            foreach (var s in layout) offsets[s.Parameter] = s.Offset;
            var plan = new BatchedMlp();
            int width = -1, used = 0;
            bool onesIn = flat.Count > 0 && flat[0] is Linear;   // the data get a ones column unless an activation comes first
            plan._onesFirst = onesIn;
            var map = new List<long>(); var consts = new List<double>();
            for (int idx = 0; idx < flat.Count; idx++)
            {
                var m = flat[idx];
                if (!(m is Linear lin)) { plan._steps.Add(new Step { Activation = m }); continue; }
                if (width >= 0 && lin.InFeatures != width) { reason = $"Linear({lin.InFeatures}, {lin.OutFeatures}) follows a layer of width {width}"; return null; }
                if (plan.InFeatures == 0) plan.InFeatures = lin.InFeatures;
                int inF = lin.InFeatures, outF = lin.OutFeatures;
                long wOff = offsets[lin.Weight], bOff = lin.Bias != null ? offsets[lin.Bias] : -1;
                used += lin.Bias != null ? 2 : 1;
                double? c = onesIn ? OnesConstant(flat, idx + 1) : null;
                var st = new Step { Linear = lin, OnesIn = onesIn, OnesOut = c.HasValue, Rows = inF + (onesIn ? 1 : 0), Cols = outF + (c.HasValue ? 1 : 0), Block = map.Count };
                for (int k = 0; k < st.Rows; k++)
                    for (int o = 0; o < st.Cols; o++)
                    {
                        bool extra = o == outF, biasRow = k == inF;
                        map.Add(extra ? -1 : biasRow ? bOff < 0 ? -1 : bOff + o : wOff + (long)o * inF + k);
                        consts.Add(extra && biasRow ? c.Value : 0);
                    }
                if (!onesIn && bOff >= 0)
                {
                    st.Bias = map.Count;
                    for (int o = 0; o < outF; o++) { map.Add(bOff + o); consts.Add(0); }
                }
                plan._steps.Add(st);
                onesIn = c.HasValue;
                width = outF;
                plan.HiddenWidth += st.Cols;
            }
            if (plan.InFeatures == 0) { reason = "the model has no Linear layer"; return null; }
            if (used != layout.Count) { reason = "the model has parameters outside its Linear layers"; return null; }
            plan.OutFeatures = width;
            plan._map = map.ToArray(); plan._constants = consts.ToArray();
            reason = null;
            return plan;
        }

        /// <summary>c with act(c) = 1 exactly for the activations between flat[start] and the next Linear, or null when
        /// there is no next Linear or no such c (GELU).</summary>
        static double? OnesConstant(List<Module> flat, int start)
        {
            double c = 1;
            bool first = true;
            for (int i = start; i < flat.Count; i++)
            {
                var m = flat[i];
                if (m is Linear) return c;
                if (m is ReLU || m is LeakyReLU || m is Identity) { first = false; continue; }   // 1 ↦ 1
                if ((m is Tanh || m is Sigmoid) && first) { c = 40; first = false; continue; }   // tanh(40) = σ(40) = 1 in float32 and float64
                return null;
            }
            return null;
        }

        static bool FlattenLayers(Module m, List<Module> flat, out string reason)
        {
            reason = null;
            switch (m)
            {
                case Sequential seq:
                    for (int i = 0; i < seq.Count; i++) if (!FlattenLayers(seq[i], flat, out reason)) return false;
                    return true;
                case Linear _: case ReLU _: case Tanh _: case Sigmoid _: case LeakyReLU _: case GELU _: case Identity _:
                    flat.Add(m);
                    return true;
                case Dropout d when !d.Training:
                    return true;   // identity in eval mode
                default:
                    reason = $"{m.GetType().Name} is not a Linear layer or an element-wise activation" +
                             (m is Dropout ? " (Dropout in training mode is random; call model.Eval())" : "");
                    return false;
            }
        }

        /// <summary><paramref name="theta"/> (ParameterVector layout) in the packed layout, constants left 0.</summary>
        public double[] Pack(double[] theta)
        {
            var r = new double[_map.Length];
            for (int i = 0; i < r.Length; i++) { long m = _map[i]; if (m >= 0) r[i] = theta[m]; }
            return r;
        }

        Tensor XAug(Tensor x)
        {
            if (!_onesFirst) return x;
            if (!ReferenceEquals(_xAugSource, x))
            {
                _xAug = Torch.Cat(new[] { x, Torch.Ones(new[] { x.Shape[0], 1 }, x.DType, x.Device) }, 1);
                _xAugSource = x;
            }
            return _xAug;
        }

        /// <summary>The activation step <paramref name="i"/> is when a matmul can apply it in its store (Tanh, ReLU:
        /// the same UnaryOp their modules run), else null.</summary>
        UnaryOp? Fusable(int i)
        {
            if (i >= _steps.Count) return null;
            var m = _steps[i].Activation;
            return m is Tanh ? UnaryOp.Tanh : m is ReLU ? UnaryOp.Relu : (UnaryOp?)null;
        }

        /// <summary>The activation after the first layer that <see cref="FirstLayer"/> fuses, or null.</summary>
        UnaryOp? FirstActivation => _steps[0].Linear != null && _onesFirst ? Fusable(1) : null;

        /// <summary>The first layer's output for a chunk's coefficient rows C [P, K] from <see cref="FirstLayerBasis"/>'s
        /// Z: C·Z, with the following activation applied in the same kernel when it fuses (pass the result to
        /// <see cref="Forward"/> as firstPre).</summary>
        public Tensor FirstLayer(Tensor coefficients, Tensor z)
            => FirstActivation is UnaryOp a ? coefficients.MatMulThen(z, a) : coefficients.MatMul(z);

        /// <summary>
        /// The first layer's pre-activation is linear in θ: z1(Σ_k c_k·b_k) = Σ_k c_k·(block1(b_k)ᵀ·xᵀ). For a basis S
        /// [K, PackedLength] this returns Z = [K, cols·N] (feature-major, one small batched matmul per Evaluate), so every
        /// chunk's first layer is the plain 2-D matmul C·Z instead of a batched product with a broadcast operand (20×
        /// faster on PoCL, where the batched kernel does not reuse the shared operand). Null when the model does not
        /// start with a Linear layer.
        /// </summary>
        public Tensor FirstLayerBasis(Tensor basis, Tensor x)
        {
            var st = _steps[0];
            if (st.Linear == null || !_onesFirst) return null;
            int K = basis.Shape[0];
            var w = basis.Narrow(1, (int)st.Block, st.Rows * st.Cols).View(K, st.Rows, st.Cols);
            using (var xt = XAug(x).T.Contiguous())
                return w.Transpose(1, 2).MatMul(xt).View(K, st.Cols * x.Shape[0]);
        }

        /// <summary>Outputs for the P packed parameter rows of <paramref name="theta"/> on inputs [N, in], CLASS-MAJOR:
        /// [P, out, N]. Every layer runs FEATURE-MAJOR, blockᵀ·h with h [P, rows, N]: the GEMM's M is the layer width
        /// (padded to the managed micro-kernel's 8 rows; OpenCL's tiled kernel takes a 72-row tile) and its N the data
        /// rows, where h·block with N = width + 1 = 65 columns would pad to 96 (3 panels of 32) and waste a third of the
        /// work; the last layer then comes out class-major
        /// for the per-point losses (a short non-inner class axis with the data contiguous). Activations with a
        /// ones-constant run in place. <paramref name="firstPre"/>, when given, is <see cref="FirstLayer"/>'s output
        /// [P, cols·N] (from C·Z, feature-major).</summary>
        public Tensor Forward(Tensor theta, Tensor x, Tensor firstPre = null)
        {
            int P = theta.Shape[0], n = x.Shape[0];
            Tensor h = XAug(x).T;   // [in+1, N] broadcasts against [P, out+1, in+1] in the first matmul
            var xa = h;
            for (int i = 0; i < _steps.Count; i++)
            {
                var st = _steps[i];
                Tensor next;
                if (st.Linear != null && i == 0 && firstPre != null)
                {
                    next = firstPre.View(P, st.Cols, n);
                    if (FirstActivation != null) i++;   // FirstLayer applied it
                }
                else if (st.Linear != null)
                {
                    var w = theta.Narrow(1, (int)st.Block, st.Rows * st.Cols).View(P, st.Rows, st.Cols);
                    // [P, cols, rows]·[P or 1, rows, N] → [P, cols, N], the activation fused into the matmul's store
                    // when there is no separate bias (OpenCL: one kernel instead of a matmul and a pass over its output)
                    var act = st.Bias < 0 ? Fusable(i + 1) : null;
                    if (act is UnaryOp a) { next = w.Transpose(1, 2).MatMulThen(h, a); i++; }
                    else next = w.Transpose(1, 2).MatMul(h);
                    if (st.Bias >= 0) next.Add_(theta.Narrow(1, (int)st.Bias, st.Cols).View(P, st.Cols, 1));
                }
                else if (!ReferenceEquals(h, xa) && !ReferenceEquals(h, firstPre) && st.Activation is Tanh) next = h.Tanh_();
                else next = st.Activation.Forward(h);
                if (!ReferenceEquals(h, xa) && !ReferenceEquals(next, h) && !ReferenceEquals(h, firstPre)) h.Dispose();
                h = next;
            }
            if (h.Dim == 2) h = h.Unsqueeze(0).Expand(P, h.Shape[0], h.Shape[1]);
            return h;
        }
    }
}
