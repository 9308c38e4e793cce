using System;
using System.Collections.Generic;

namespace GdEngine.Landscapes.Races
{
    /// <summary>
    /// Every GdEngine.Optim algorithm as a loop over double[] parameter and state arrays: the same operations, in the
    /// same order and with the same roundings, as the single-tensor functions in <c>GdEngine.Optim.Functional</c>
    /// (torch 1.13), so a race gives the tensor path's numbers at a tiny fraction of its cost. Each line below names
    /// the tensor op it mirrors where the order of operations matters (e.g. <c>addcdiv_</c> divides, then scales).
    /// float64 only: float32 races take the tensor path.
    /// </summary>
    public sealed class FusedOptimizer
    {
        enum Alg { Sgd, Adam, AdamW, Adagrad, Adadelta, RmsProp, NAdam, RAdam }

        readonly Alg _alg;
        readonly int _n;
        // hyper-parameters (torch names in comments)
        double _lr, _momentum, _dampening, _weightDecay, _beta1, _beta2, _eps, _alpha, _lrDecay, _rho, _momentumDecay, _initialAccumulator;
        bool _nesterov, _maximize, _amsgrad, _centered;
        // state
        double _step;
        float _muProduct;
        bool _hasMomentumBuffer;
        readonly double[] _buf, _m, _v, _vmax, _gradAvg, _accDelta, _d;

        public FusedOptimizer(OptimizerSpec spec, int parameterCount)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            if (parameterCount <= 0) throw new ArgumentOutOfRangeException(nameof(parameterCount));
            _n = parameterCount;
            switch (spec.Algorithm)
            {
                case "sgd": _alg = Alg.Sgd; break;
                case "adam": _alg = Alg.Adam; break;
                case "adamw": _alg = Alg.AdamW; break;
                case "adagrad": _alg = Alg.Adagrad; break;
                case "adadelta": _alg = Alg.Adadelta; break;
                case "rmsprop": _alg = Alg.RmsProp; break;
                case "nadam": _alg = Alg.NAdam; break;
                case "radam": _alg = Alg.RAdam; break;
                default: throw new ArgumentException($"fused optimizer: unknown algorithm '{spec.Algorithm}'");
            }
            _buf = new double[_n]; _m = new double[_n]; _v = new double[_n]; _vmax = new double[_n];
            _gradAvg = new double[_n]; _accDelta = new double[_n]; _d = new double[_n];
            SetHyperParameters(spec.HyperParameters);
            Reset();
        }

        /// <summary>Current learning rate.</summary>
        public double LearningRate { get => _lr; set => _lr = value; }

        /// <summary>Copies every hyper-parameter from <paramref name="h"/> (the spec's effective values); state is kept.</summary>
        public void SetHyperParameters(IReadOnlyDictionary<string, object> h)
        {
            double D(string k, double dflt = 0) => h.TryGetValue(k, out var v) ? Convert.ToDouble(v) : dflt;
            bool B(string k) => h.TryGetValue(k, out var v) && (bool)v;
            _lr = D("lr"); _momentum = D("momentum"); _dampening = D("dampening"); _weightDecay = D("weight_decay");
            _eps = D("eps"); _alpha = D("alpha"); _lrDecay = D("lr_decay"); _rho = D("rho"); _momentumDecay = D("momentum_decay");
            _initialAccumulator = D("initial_accumulator_value");
            if (h.TryGetValue("betas", out var b)) { var p = ((double, double))b; _beta1 = p.Item1; _beta2 = p.Item2; }
            _nesterov = B("nesterov"); _maximize = B("maximize"); _amsgrad = B("amsgrad"); _centered = B("centered");
        }

        /// <summary>Fresh state, as a newly constructed optimizer (Adagrad's sum starts at initial_accumulator_value).</summary>
        public void Reset()
        {
            _step = 0; _muProduct = 1f; _hasMomentumBuffer = false;
            for (int i = 0; i < _n; i++)
            {
                _buf[i] = _m[i] = _v[i] = _vmax[i] = _gradAvg[i] = _accDelta[i] = 0;
                if (_alg == Alg.Adagrad) _v[i] = _initialAccumulator;
            }
        }

        /// <summary>One step: updates <paramref name="p"/> in place from gradient <paramref name="g"/> (not modified).</summary>
        public void Step(double[] p, double[] g)
        {
            switch (_alg)
            {
                case Alg.Sgd: Sgd(p, g); break;
                case Alg.Adam: Adam(p, g, false); break;
                case Alg.AdamW: Adam(p, g, true); break;
                case Alg.Adagrad: Adagrad(p, g); break;
                case Alg.Adadelta: Adadelta(p, g); break;
                case Alg.RmsProp: RmsProp(p, g); break;
                case Alg.NAdam: NAdam(p, g); break;
                default: RAdam(p, g); break;
            }
        }

        /// <summary>torch's prologue: d = -g if maximize; d = d.add(p, alpha=wd) (the scaled operand first: p·wd).</summary>
        void Direction(double[] p, double[] g, bool maximize, double wd)
        {
            for (int i = 0; i < _n; i++)
            {
                double d = maximize ? -g[i] : g[i];
                if (wd != 0) d = d + p[i] * wd;
                _d[i] = d;
            }
        }

        void Sgd(double[] p, double[] g)
        {
            Direction(p, g, _maximize, _weightDecay);
            double lr = _lr, mom = _momentum;
            if (mom != 0)
            {
                bool first = !_hasMomentumBuffer;
                _hasMomentumBuffer = true;
                for (int i = 0; i < _n; i++)
                {
                    double d = _d[i];
                    if (first) _buf[i] = d;                                        // clone(d_p)
                    else _buf[i] = _buf[i] * mom + d * (1 - _dampening);          // buf.mul_(m).add_(d_p, alpha=1-dampening)
                    if (_nesterov) p[i] = p[i] + (d + _buf[i] * mom) * -lr;       // p.add_(d_p.add(buf, alpha=m), alpha=-lr)
                    else p[i] = p[i] + _buf[i] * -lr;                             // p.add_(buf, alpha=-lr)
                }
            }
            else
                for (int i = 0; i < _n; i++) p[i] = p[i] + _d[i] * -lr;
        }

        void Adam(double[] p, double[] g, bool decoupled)
        {
            double lr = _lr, b1 = _beta1, b2 = _beta2;
            double step = _step += 1;
            if (decoupled)
            {
                Direction(p, g, _maximize, 0);
                double keep = 1 - lr * _weightDecay;
                for (int i = 0; i < _n; i++) p[i] = p[i] * keep;                 // param.mul_(1 - lr*wd)
            }
            else Direction(p, g, _maximize, _weightDecay);
            double bc1 = 1 - Math.Pow(b1, step), bc2 = 1 - Math.Pow(b2, step);
            double stepSize = lr / bc1, bc2Sqrt = Math.Sqrt(bc2);
            for (int i = 0; i < _n; i++)
            {
                double d = _d[i];
                _m[i] = _m[i] * b1 + d * (1 - b1);                                // exp_avg.mul_(b1).add_(g, alpha=1-b1)
                _v[i] = _v[i] * b2 + d * d * (1 - b2);                            // exp_avg_sq.mul_(b2).addcmul_(g, g, value=1-b2)
                double sq;
                if (_amsgrad) { _vmax[i] = Math.Max(_vmax[i], _v[i]); sq = Math.Sqrt(_vmax[i]); }
                else sq = Math.Sqrt(_v[i]);
                double denom = sq / bc2Sqrt + eps();
                p[i] = p[i] + _m[i] / denom * -stepSize;                          // addcdiv_(exp_avg, denom, value=-step_size)
            }
        }

        double eps() => _eps;

        void Adagrad(double[] p, double[] g)
        {
            double step = _step += 1;
            Direction(p, g, _maximize, _weightDecay);
            double clr = _lr / (1 + (step - 1) * _lrDecay);
            for (int i = 0; i < _n; i++)
            {
                double d = _d[i];
                _v[i] = _v[i] + d * d;                                            // state_sum.addcmul_(g, g, value=1)
                double std = Math.Sqrt(_v[i]) + _eps;
                p[i] = p[i] + d / std * -clr;                                     // addcdiv_(g, std, value=-clr)
            }
        }

        void Adadelta(double[] p, double[] g)
        {
            _step += 1;
            Direction(p, g, _maximize, _weightDecay);
            double rho = _rho, eps = _eps, lr = _lr;
            for (int i = 0; i < _n; i++)
            {
                double d = _d[i];
                _v[i] = _v[i] * rho + d * d * (1 - rho);                          // square_avg.mul_(rho).addcmul_(g, g, value=1-rho)
                double std = Math.Sqrt(_v[i] + eps);
                double delta = Math.Sqrt(_accDelta[i] + eps) / std * d;            // (acc_delta + eps).sqrt_().div_(std).mul_(g)
                _accDelta[i] = _accDelta[i] * rho + delta * delta * (1 - rho);
                p[i] = p[i] + delta * -lr;                                        // p.add_(delta, alpha=-lr)
            }
        }

        void RmsProp(double[] p, double[] g)
        {
            _step += 1;
            Direction(p, g, _maximize, _weightDecay);
            double alpha = _alpha, lr = _lr, mom = _momentum;
            for (int i = 0; i < _n; i++)
            {
                double d = _d[i];
                _v[i] = _v[i] * alpha + d * d * (1 - alpha);
                double avg;
                if (_centered)
                {
                    _gradAvg[i] = _gradAvg[i] * alpha + d * (1 - alpha);
                    avg = Math.Sqrt(_v[i] + _gradAvg[i] * _gradAvg[i] * -1);     // square_avg.addcmul(ga, ga, value=-1).sqrt_()
                }
                else avg = Math.Sqrt(_v[i]);
                avg = avg + _eps;
                if (mom > 0)
                {
                    _buf[i] = _buf[i] * mom + d / avg;                            // buf.mul_(m).addcdiv_(g, avg)
                    p[i] = p[i] + _buf[i] * -lr;
                }
                else p[i] = p[i] + d / avg * -lr;
            }
        }

        void NAdam(double[] p, double[] g)
        {
            double b1 = _beta1, b2 = _beta2, lr = _lr;
            double step = _step += 1;
            double bc2 = 1 - Math.Pow(b2, step);
            Direction(p, g, false, _weightDecay);
            double mu = b1 * (1.0 - 0.5 * Math.Pow(0.96, step * _momentumDecay));
            double muNext = b1 * (1.0 - 0.5 * Math.Pow(0.96, (step + 1) * _momentumDecay));
            float muProduct = _muProduct = _muProduct * (float)mu;                 // float32 state tensor *= python float
            float muProductNext = muProduct * (float)mu * (float)muNext;
            double c1 = -lr * (1.0 - mu) / (1.0 - (double)muProduct), c2 = -lr * muNext / (1.0 - (double)muProductNext);
            for (int i = 0; i < _n; i++)
            {
                double d = _d[i];
                _m[i] = _m[i] * b1 + d * (1 - b1);
                _v[i] = _v[i] * b2 + d * d * (1 - b2);
                double denom = Math.Sqrt(_v[i] / bc2) + _eps;
                p[i] = p[i] + d / denom * c1;
                p[i] = p[i] + _m[i] / denom * c2;
            }
        }

        void RAdam(double[] p, double[] g)
        {
            double b1 = _beta1, b2 = _beta2, lr = _lr;
            double step = _step += 1;
            double bc1 = 1 - Math.Pow(b1, step), bc2 = 1 - Math.Pow(b2, step);
            Direction(p, g, false, _weightDecay);
            double rhoInf = 2 / (1 - b2) - 1;
            double rhoT = rhoInf - 2 * step * Math.Pow(b2, step) / bc2;
            double rect = rhoT > 5.0 ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
            double bc2Sqrt = Math.Sqrt(bc2);
            for (int i = 0; i < _n; i++)
            {
                double d = _d[i];
                _m[i] = _m[i] * b1 + d * (1 - b1);
                _v[i] = _v[i] * b2 + d * d * (1 - b2);
                double corrected = _m[i] / bc1;
                if (rhoT > 5.0)
                {
                    double adaptive = bc2Sqrt / (Math.Sqrt(_v[i]) + _eps);
                    p[i] = p[i] + corrected * lr * adaptive * rect * -1.0;
                }
                else p[i] = p[i] + corrected * lr * -1.0;
            }
        }
    }
}
