using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>
    /// Multiplies each group's lr by <see cref="Factor"/> once the monitored metric has not improved for more than
    /// <see cref="Patience"/> epochs (torch.optim.lr_scheduler.ReduceLROnPlateau, 1.13). Improvement is measured with
    /// <see cref="Mode"/> "min"/"max" and <see cref="ThresholdMode"/> "rel"/"abs"; after a reduction, bad epochs are
    /// ignored for <see cref="Cooldown"/> epochs; lrs never go below min_lr (scalar or one per group) and a reduction
    /// smaller than <see cref="Eps"/> is skipped.
    /// </summary>
    public sealed class ReduceLROnPlateau
    {
        public ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10,
                                 double threshold = 1e-4, string thresholdMode = "rel", int cooldown = 0,
                                 double minLr = 0, double eps = 1e-8)
            : this(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown,
                   Enumerable.Repeat(minLr, optimizer?.ParamGroups.Count ?? 0).ToArray(), eps) { }

        public ReduceLROnPlateau(Optimizer optimizer, string mode, double factor, int patience, double threshold,
                                 string thresholdMode, int cooldown, IList<double> minLrs, double eps = 1e-8)
        {
            if (factor >= 1.0) throw new ArgumentException("Factor should be < 1.0.");
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            if (minLrs == null) throw new ArgumentNullException(nameof(minLrs));
            if (minLrs.Count != optimizer.ParamGroups.Count)
                throw new ArgumentException($"expected {optimizer.ParamGroups.Count} min_lrs, got {minLrs.Count}");
            if (mode != "min" && mode != "max") throw new ArgumentException("mode " + mode + " is unknown!");
            if (thresholdMode != "rel" && thresholdMode != "abs") throw new ArgumentException("threshold mode " + thresholdMode + " is unknown!");
            Factor = factor; MinLrs = minLrs.ToArray(); Patience = patience; Cooldown = cooldown;
            Mode = mode; Threshold = threshold; ThresholdMode = thresholdMode; Eps = eps;
            LastEpoch = 0;
            Reset();
        }

        public Optimizer Optimizer { get; }
        public string Mode { get; private set; }
        public double Factor { get; set; }
        public int Patience { get; set; }
        public double Threshold { get; private set; }
        public string ThresholdMode { get; private set; }
        public int Cooldown { get; set; }
        public double[] MinLrs { get; private set; }
        public double Eps { get; set; }
        public int LastEpoch { get; private set; }
        public double Best { get; private set; }
        public int NumBadEpochs { get; private set; }
        public int CooldownCounter { get; private set; }
        public bool InCooldown => CooldownCounter > 0;
        double[] _lastLr;

        double ModeWorse => Mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;

        void Reset()
        {
            Best = ModeWorse;
            CooldownCounter = 0;
            NumBadEpochs = 0;
        }

        /// <summary>Feeds this epoch's metric (e.g. validation loss). Reads no tensor: pass a host number.</summary>
        public void Step(double metric)
        {
            double current = metric;
            int epoch = LastEpoch + 1;
            LastEpoch = epoch;
            if (IsBetter(current, Best)) { Best = current; NumBadEpochs = 0; }
            else NumBadEpochs++;
            if (InCooldown)
            {
                CooldownCounter--;
                NumBadEpochs = 0; // ignore any bad epochs in cooldown
            }
            if (NumBadEpochs > Patience)
            {
                ReduceLr();
                CooldownCounter = Cooldown;
                NumBadEpochs = 0;
            }
            _lastLr = Optimizer.ParamGroups.Select(g => g.Lr).ToArray();
        }

        void ReduceLr()
        {
            for (int i = 0; i < Optimizer.ParamGroups.Count; i++)
            {
                var g = Optimizer.ParamGroups[i];
                double oldLr = g.Lr;
                double newLr = Math.Max(oldLr * Factor, MinLrs[i]);
                if (oldLr - newLr > Eps) g.Lr = newLr;
            }
        }

        public bool IsBetter(double a, double best)
        {
            if (Mode == "min" && ThresholdMode == "rel") return a < best * (1.0 - Threshold);
            if (Mode == "min" && ThresholdMode == "abs") return a < best - Threshold;
            if (Mode == "max" && ThresholdMode == "rel") return a > best * (Threshold + 1.0);
            return a > best + Threshold;
        }

        /// <summary>Each group's lr after the last <see cref="Step"/> (current lrs before the first).</summary>
        public double[] GetLastLr() => (_lastLr ?? Optimizer.ParamGroups.Select(g => g.Lr).ToArray()).ToArray();

        public Dictionary<string, object> StateDict() => new Dictionary<string, object>
        {
            ["factor"] = Factor, ["min_lrs"] = MinLrs.ToArray(), ["patience"] = Patience, ["cooldown"] = Cooldown,
            ["cooldown_counter"] = CooldownCounter, ["mode"] = Mode, ["threshold"] = Threshold, ["threshold_mode"] = ThresholdMode,
            ["best"] = Best, ["num_bad_epochs"] = NumBadEpochs, ["mode_worse"] = ModeWorse, ["eps"] = Eps,
            ["last_epoch"] = LastEpoch, ["_last_lr"] = _lastLr?.ToArray(),
        };

        public void LoadStateDict(Dictionary<string, object> s)
        {
            if (s == null) throw new ArgumentNullException(nameof(s));
            string mode = s.TryGetValue("mode", out var m) ? (string)m : Mode;
            string tmode = s.TryGetValue("threshold_mode", out var tm) ? (string)tm : ThresholdMode;
            if (mode != "min" && mode != "max") throw new ArgumentException("mode " + mode + " is unknown!");
            if (tmode != "rel" && tmode != "abs") throw new ArgumentException("threshold mode " + tmode + " is unknown!");
            Mode = mode; ThresholdMode = tmode;
            if (s.TryGetValue("factor", out var f)) Factor = Convert.ToDouble(f);
            if (s.TryGetValue("min_lrs", out var ml)) MinLrs = LRScheduler.ToDoubles(ml);
            if (s.TryGetValue("patience", out var p)) Patience = Convert.ToInt32(p);
            if (s.TryGetValue("cooldown", out var c)) Cooldown = Convert.ToInt32(c);
            if (s.TryGetValue("cooldown_counter", out var cc)) CooldownCounter = Convert.ToInt32(cc);
            if (s.TryGetValue("threshold", out var t)) Threshold = Convert.ToDouble(t);
            if (s.TryGetValue("best", out var b)) Best = Convert.ToDouble(b);
            if (s.TryGetValue("num_bad_epochs", out var n)) NumBadEpochs = Convert.ToInt32(n);
            if (s.TryGetValue("eps", out var e)) Eps = Convert.ToDouble(e);
            if (s.TryGetValue("last_epoch", out var le)) LastEpoch = Convert.ToInt32(le);
            if (s.TryGetValue("_last_lr", out var l)) _lastLr = l == null ? null : LRScheduler.ToDoubles(l);
        }
    }
}
