using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Curvature
{
    /// <summary>
    /// The curvature of a model's loss on fixed data at its current parameters θ: the loss, its gradient, exact
    /// Hessian-vector products H·v (Pearlmutter's trick: differentiate ⟨∇L, v⟩ once more), the top-k Hessian
    /// eigenpairs (<see cref="Lanczos"/>), Hutchinson's trace estimate, and for small models the dense Hessian.
    /// Vectors are flat float64 arrays in <see cref="ParameterVector"/> layout (model.Parameters() order).
    /// The model's parameters and their .Grad are left as they were.
    /// </summary>
    public sealed class ModelCurvature
    {
        readonly Module _model;
        readonly Func<Tensor, Tensor, Tensor> _loss;
        readonly Tensor _x, _y;
        readonly List<Tensor> _params;

        public ModelCurvature(Module model, Tensor inputs, Tensor targets, Loss loss)
            : this(model, inputs, targets, loss == null ? null : (Func<Tensor, Tensor, Tensor>)loss.Forward) { }

        public ModelCurvature(Module model, Tensor inputs, Tensor targets, Func<Tensor, Tensor, Tensor> loss)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            _x = inputs ?? throw new ArgumentNullException(nameof(inputs));
            _y = targets ?? throw new ArgumentNullException(nameof(targets));
            _loss = loss ?? throw new ArgumentNullException(nameof(loss));
            _params = model.Parameters().Where(p => p.RequiresGrad).ToList();
            if (_params.Count == 0) throw new ArgumentException($"curvature: {model.GetType().Name} has no parameters that require grad");
            Count = checked((int)_params.Sum(p => p.NumEl));
            if (_params.Count != model.Parameters().Count())
                throw new ArgumentException("curvature: every parameter must require grad (the flat vector layout covers all of model.Parameters())");
        }

        /// <summary>A model landscape's model, data and loss.</summary>
        public ModelCurvature(ModelLandscape landscape)
            : this(landscape?.Model, landscape?.Inputs, landscape?.Targets, landscape?.LossFunction) { }

        /// <summary>Number of parameters n (the Hessian is n×n).</summary>
        public int Count { get; }
        public DType DType => _params[0].DType;

        /// <summary>Hessian-vector products computed so far (each costs about two backward passes).</summary>
        public int Products { get; private set; }

        Tensor LossTensor()
        {
            var l = _loss(_model.Forward(_x), _y);
            if (l.NumEl != 1) throw new ArgumentException($"curvature: the loss must be a scalar, got shape {Module.ShapeText(l.Shape)} (reduction 'none'?)");
            return l;
        }

        public double Loss() { using (Torch.NoGrad()) return LossTensor().Item(); }

        /// <summary>∇L(θ), flat.</summary>
        public double[] Gradient() => Flatten(Autograd.Grad(LossTensor(), _params.ToArray()));

        /// <summary>H·v, exact: the gradient of ⟨∇L, v⟩ (double backward through the model and the loss).</summary>
        public double[] Hvp(double[] v)
        {
            if (v == null) throw new ArgumentNullException(nameof(v));
            if (v.Length != Count) throw new ArgumentException($"curvature: vector has {v.Length} elements, the model has {Count} parameters");
            var g = Autograd.Grad(LossTensor(), _params.ToArray(), createGraph: true);
            var vs = Unflatten(v);
            Tensor dot = null;
            for (int i = 0; i < g.Length; i++)
            {
                var term = g[i].Mul(vs[i]).Sum();
                dot = dot == null ? term : dot.Add(term);
            }
            // a parameter the gradient does not depend on (e.g. the last layer's bias under MSE) has a zero row of H
            var hv = Autograd.Grad(dot, _params.ToArray(), allowUnused: true);
            Products++;
            return Flatten(hv);
        }

        /// <summary>The k largest Hessian eigenvalues (descending) and unit eigenvectors.</summary>
        public EigenResult TopEigen(int k = 1, int? iterations = null, long seed = 0) => Lanczos.TopEigen(Hvp, Count, k, iterations, seed);

        /// <summary>λ_max, the sharpness of Cohen et al. (2021).</summary>
        public double Sharpness(int iterations = 20, long seed = 0) => TopEigen(1, Math.Min(Count, iterations), seed).Values[0];

        /// <summary>A <see cref="GdEngine.Training.SharpnessProbe"/> measuring λ_max on this model and data every
        /// <paramref name="every"/> steps (Lanczos with <paramref name="iterations"/> products).</summary>
        public GdEngine.Training.SharpnessProbe Probe(int every, int iterations = 20, long seed = 0) =>
            new GdEngine.Training.SharpnessProbe(every, () => Sharpness(iterations, seed));

        public Estimate Trace(int samples = 100, long seed = 0) => Hutchinson.Trace(Hvp, Count, samples, seed);

        /// <summary>The dense n×n Hessian (row-major), column by column from n products, symmetrized (½(H + Hᵀ)).</summary>
        public double[] DenseHessian()
        {
            int n = Count;
            if ((long)n * n > 50_000_000) throw new InvalidOperationException($"curvature: a dense Hessian of {n} parameters would hold {(long)n * n} values; use TopEigen/Trace");
            var h = new double[n * n];
            var e = new double[n];
            for (int j = 0; j < n; j++)
            {
                e[j] = 1;
                var col = Hvp(e);
                e[j] = 0;
                for (int i = 0; i < n; i++) h[i * n + j] = col[i];
            }
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) { double s = 0.5 * (h[i * n + j] + h[j * n + i]); h[i * n + j] = s; h[j * n + i] = s; }
            return h;
        }

        Tensor[] Unflatten(double[] v)
        {
            var r = new Tensor[_params.Count];
            long at = 0;
            for (int i = 0; i < r.Length; i++)
            {
                var p = _params[i];
                var part = new double[p.NumEl];
                Array.Copy(v, at, part, 0, part.Length);
                at += part.Length;
                r[i] = Torch.Tensor(part, p.Shape, p.DType, p.Device);
            }
            return r;
        }

        double[] Flatten(Tensor[] parts)
        {
            var r = new double[Count];
            long at = 0;
            for (int i = 0; i < _params.Count; i++)
            {
                long n = _params[i].NumEl;
                if (parts[i] != null) Array.Copy(parts[i].ToDoubleArray(), 0, r, at, n);   // null: L does not depend on it
                at += n;
            }
            return r;
        }
    }
}
