using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>lr = initial_lr * lambda(epoch), one function for all groups or one per group
    /// (torch.optim.lr_scheduler.LambdaLR). The functions are not part of the state dict.</summary>
    public sealed class LambdaLR : LRScheduler
    {
        readonly Func<int, double>[] _lambdas;

        public LambdaLR(Optimizer optimizer, Func<int, double> lrLambda, int lastEpoch = -1)
            : this(optimizer, Enumerable.Repeat(lrLambda ?? throw new ArgumentNullException(nameof(lrLambda)), optimizer.ParamGroups.Count).ToArray(), lastEpoch) { }

        public LambdaLR(Optimizer optimizer, IList<Func<int, double>> lrLambdas, int lastEpoch = -1)
            : base(optimizer, CheckCount(optimizer, lrLambdas, lastEpoch))
        {
            _lambdas = lrLambdas.ToArray();
            InitialStep();
        }

        static int CheckCount(Optimizer optimizer, IList<Func<int, double>> lambdas, int lastEpoch)
        {
            if (lambdas == null) throw new ArgumentNullException(nameof(lambdas));
            if (lambdas.Count != optimizer.ParamGroups.Count)
                throw new ArgumentException($"Expected {optimizer.ParamGroups.Count} lr_lambdas, but got {lambdas.Count}");
            return lastEpoch;
        }

        protected override double[] GetLr() => BaseLrs.Select((b, i) => b * _lambdas[i](LastEpoch)).ToArray();
    }
}
