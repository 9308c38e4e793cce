namespace GdEngine.Optim
{
    /// <summary>
    /// An optimizer's update over double arrays (the race fast path): the algorithm's own <see cref="IParamUpdate"/>
    /// run with <see cref="SpanOps"/>, its hyper-parameters read from the optimizer's first param group (re-read only
    /// when the group changed: a scheduler step or a live edit), its state in arrays here.
    /// </summary>
    public abstract class HostUpdate
    {
        /// <summary>One step: updates <paramref name="p"/> in place from gradient <paramref name="g"/> (not modified).</summary>
        public abstract void Step(double[] p, double[] g);
    }

    internal sealed class HostUpdate<TU> : HostUpdate where TU : struct, IParamUpdate
    {
        readonly ParamGroup _group;
        readonly HostBuffer[] _buffers;
        SpanOps _ops;
        TU _update;
        int _version = -1;

        public HostUpdate(ParamGroup group, int n, TU update)
        {
            _group = group; _update = update; _ops = new SpanOps(n);
            _update.Options(group);
            _buffers = new HostBuffer[update.Buffers];
            var init = new double[_buffers.Length][];
            for (int k = 2; k < _buffers.Length; k++) _buffers[k] = new HostBuffer(init[k] = new double[n]);
            _update.Init(init);
        }

        public override void Step(double[] p, double[] g)
        {
            if (_group.Version != _version) { _update.Options(_group); _version = _group.Version; }
            _update.Advance();
            _buffers[0] = new HostBuffer(p); _buffers[1] = new HostBuffer(g);
            _update.Run(ref _ops, _buffers);
        }
    }
}
