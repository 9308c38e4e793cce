using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>One optimizer iteration with the per-step stop criteria and divergence checks; shared by
    /// <see cref="Trainer.Fit"/> and <see cref="Trainer.Minimize"/>.</summary>
    internal sealed class StepLoop
    {
        readonly ITrainingOptimizer _opt;
        readonly List<KeyValuePair<string, Tensor>> _params;
        readonly TrainerOptions _options;
        readonly History _history;
        readonly Action<StepRecord> _onStep;
        long _step;

        public StepLoop(ITrainingOptimizer opt, List<KeyValuePair<string, Tensor>> parameters, TrainerOptions options, History history, Action<StepRecord> onStep)
        {
            _opt = opt; _params = parameters; _options = options; _history = history; _onStep = onStep;
        }

        /// <summary>Runs one step; false when the run must stop (reason in the history).</summary>
        public bool Step(int epoch, Func<Tensor> computeLoss, out double lossValue)
        {
            lossValue = double.NaN;
            if (_options.MaxSteps.HasValue && _step >= _options.MaxSteps.Value) return Stop(StopReason.MaxSteps, $"reached max steps ({_options.MaxSteps.Value})");
            long step = ++_step;

            _opt.ZeroGrad();
            var loss = computeLoss();
            if (loss == null) throw new InvalidOperationException("the loss function returned null");
            if (loss.NumEl != 1)
                throw new ArgumentException($"the loss must be a scalar to call Backward, got shape [{string.Join(", ", loss.Shape)}] (use reduction \"mean\" or \"sum\")");
            lossValue = loss.Item();
            if (!IsFinite(lossValue)) return Diverge(step, $"loss is {Text(lossValue)}");

            loss.Backward();
            double gradNorm = GradNorm();
            var rec = new StepRecord { Step = step, Epoch = epoch, Loss = lossValue, LearningRate = _opt.LearningRate, GradNorm = gradNorm };
            _history.Steps.Add(rec);
            _onStep?.Invoke(rec);
            if (!IsFinite(gradNorm)) return Diverge(step, $"gradient norm is {Text(gradNorm)}");
            var probe = _options.Sharpness;
            if (probe != null && (step - 1) % probe.Every == 0)
                _history.Sharpness.Add(new SharpnessRecord { Step = step, LambdaMax = probe.Measure(), LearningRate = rec.LearningRate });

            if (_options.LossThreshold.HasValue && lossValue <= _options.LossThreshold.Value)
                return Stop(StopReason.LossThreshold, $"loss {lossValue:G6} <= threshold {_options.LossThreshold.Value:G6} at step {step}");
            if (_options.GradNormThreshold.HasValue && gradNorm <= _options.GradNormThreshold.Value)
                return Stop(StopReason.GradNormThreshold, $"gradient norm {gradNorm:G6} <= threshold {_options.GradNormThreshold.Value:G6} at step {step}");

            _opt.Step();
            if (_options.CheckParameters && _params.Count > 0)
            {
                // One read for all parameters (a sync per parameter would stall a device queue every step).
                double[] sums;
                using (Torch.NoGrad())
                {
                    var parts = new Tensor[_params.Count];
                    for (int i = 0; i < parts.Length; i++)
                        parts[i] = _params[i].Value.Sum().To(GdEngine.Compute.DType.Float64).Reshape(1);
                    sums = ReadAll(parts);
                }
                for (int i = 0; i < sums.Length; i++)
                    if (!IsFinite(sums[i])) return Diverge(step, $"parameter \"{_params[i].Key}\" is not finite after the update (sum = {Text(sums[i])})");
            }
            if (_options.MaxSteps.HasValue && step >= _options.MaxSteps.Value) return Stop(StopReason.MaxSteps, $"reached max steps ({_options.MaxSteps.Value})");
            return true;
        }

        /// <summary>Global L2 norm of all grads, scaled like BLAS nrm2 so finite gradients (even 2^600 in float64)
        /// give a finite norm; NaN/Inf only when a gradient holds NaN/Inf.</summary>
        double GradNorm()
        {
            // Per gradient: amax and the sum of squares scaled by it, computed on the device and read back together.
            var parts = new System.Collections.Generic.List<Tensor>();
            using (Torch.NoGrad())
            {
                foreach (var kv in _params)
                {
                    var g = kv.Value.Grad;
                    if (g == null || g.NumEl == 0) continue;
                    var g64 = g.To(GdEngine.Compute.DType.Float64);
                    var amax = g64.Abs().Max();
                    var divisor = Torch.Where(amax.Eq(0.0), Torch.OnesLike(amax), amax);
                    parts.Add(amax.Reshape(1));
                    parts.Add((g64 / divisor).Square().Sum().Reshape(1));
                }
            }
            if (parts.Count == 0) return 0;
            double[] v = ReadAll(parts.ToArray());
            double scale = 0, ssq = 1;
            for (int i = 0; i < v.Length; i += 2)
            {
                double amax = v[i], sum = v[i + 1];
                if (double.IsNaN(amax) || double.IsInfinity(amax)) return amax;
                if (amax == 0) continue;
                if (double.IsNaN(sum)) return double.NaN;
                if (amax > scale) { ssq = ssq * (scale / amax) * (scale / amax) + sum; scale = amax; }
                else ssq += sum * (amax / scale) * (amax / scale);
            }
            return scale * Math.Sqrt(ssq);
        }

        /// <summary>Reads 1-element tensors with one device read when they share a device (the usual case).</summary>
        static double[] ReadAll(Tensor[] parts)
        {
            bool sameDevice = true;
            for (int i = 1; i < parts.Length; i++) sameDevice &= parts[i].Device == parts[0].Device;
            if (sameDevice) return Torch.Cat(parts).ToDoubleArray();
            var v = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++) v[i] = parts[i].Item();
            return v;
        }

        bool Stop(StopReason reason, string message)
        {
            _history.StopReason = reason;
            _history.StopMessage = message;
            return false;
        }

        bool Diverge(long step, string cause)
        {
            _history.DivergedAtStep = step;
            return Stop(StopReason.Diverged, $"diverged at step {step}: {cause}");
        }

        static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
        static string Text(double v) => double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : v.ToString("G6");
    }
}
