using System;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;

namespace GdEngine.Demo
{
    /// <summary>
    /// Live model mode (K): the demo's MLP trains on a background task while you watch; every
    /// <see cref="LiveEvery"/> epochs the loss is re-evaluated on the PCA plane of the path so far
    /// (<see cref="LiveLandscape"/>), and the surface morphs from the previous evaluation to the new one.
    /// </summary>
    public sealed partial class DemoApp
    {
        public const int LiveEpochs = 600, LiveEvery = 15, LiveResolution = 33;
        const double MorphSeconds = 0.5;

        LiveLandscape _live;
        LandscapeSnapshot _liveTarget;
        GridData _liveFrom, _liveShown;
        double _morph = 1;

        public bool LiveMode => _live != null;
        /// <summary>The snapshot the surface is morphing to (or shows), null before the first evaluation.</summary>
        public LandscapeSnapshot LiveSnapshot => _liveTarget;

        public void ToggleLiveMode()
        {
            if (_live != null) { StopLive(); SelectLandscape(LandscapeIndex); return; }
            var (xs, ys) = ModelScene.TwoMoons(ModelScene.Points, 0.15, ModelScene.Seed);
            var inputs = Torch.Tensor(xs, new[] { ModelScene.Points, 2 }, DType.Float64, Device.Managed);
            var targets = Torch.Tensor(ys, new[] { ModelScene.Points }, Device.Managed);
            var model = ModelScene.Mlp(Device.Managed);
            var opt = new Adam(model.Parameters(), lr: 0.01);
            _live = new LiveLandscape(model, inputs, targets, new CrossEntropyLoss(), () => opt.Step(), LiveEpochs, LiveEvery, LiveResolution).Start();
            _liveTarget = null; _liveFrom = _liveShown = null; _morph = 1;
            ResetStyle();
            Controller.Clear();
            View.Options.LogScale = false;
            ModelMode = true;
            Message = $"live: training a 2-16-16-2 tanh MLP (Adam), re-evaluating the PCA plane every {LiveEvery} epochs";
        }

        void StopLive()
        {
            _live?.Dispose();
            _live = null;
        }

        /// <summary>Called every frame: picks up a new snapshot and advances the morph towards it.</summary>
        void UpdateLive(double dt)
        {
            if (_live == null) return;
            if (_live.Error != null) { Message = "live: " + _live.Error.Message; StopLive(); return; }
            var s = _live.Latest;
            if (s != null && !ReferenceEquals(s, _liveTarget))
            {
                _liveFrom = _liveShown;
                _liveTarget = s;
                _morph = _liveFrom == null ? 1 : 0;
            }
            if (_liveTarget == null || (_morph >= 1 && ReferenceEquals(_liveShown, _liveTarget.Grid))) return;
            _morph = Math.Min(1, _morph + dt / MorphSeconds);
            double t = _morph * _morph * (3 - 2 * _morph);   // smoothstep
            bool first = _liveShown == null;
            _liveShown = _morph >= 1 ? _liveTarget.Grid : LiveLandscape.Morph(_liveFrom, _liveTarget.Grid, t);
            View.SetLandscape(_liveShown, $"MLP loss, live (epoch {_liveTarget.Epoch})");
            Controller.SetPaths(new[] { _liveTarget.Path });
            if (first) Fit();
            Message = $"live: epoch {_liveTarget.Epoch}/{LiveEpochs}, loss {_liveTarget.Loss:G4}" + (_live.IsCompleted ? " (done)" : "");
        }
    }
}
