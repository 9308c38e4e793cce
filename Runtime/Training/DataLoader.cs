using System;
using System.Collections;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>
    /// torch.utils.data.DataLoader for an <see cref="IDataset"/>: batches of <see cref="BatchSize"/> samples, optionally
    /// shuffled each epoch (a fresh permutation per enumeration, drawn from the loader's generator), optionally
    /// dropping the last incomplete batch. Full-batch gradient descent is batchSize ≥ Count, SGD is batchSize 1.
    /// </summary>
    public sealed class DataLoader : IEnumerable<Tensor[]>
    {
        public IDataset Dataset { get; }
        public int BatchSize { get; }
        public bool Shuffle { get; }
        public bool DropLast { get; }
        public Generator Generator { get; }

        /// <param name="seed">Seeds a private generator for shuffling (ignored when <paramref name="generator"/> is given);
        /// with neither, shuffling draws from the global generator.</param>
        public DataLoader(IDataset dataset, int batchSize = 1, bool shuffle = false, bool dropLast = false, long? seed = null, Generator generator = null)
        {
            Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
            if (batchSize <= 0) throw new ArgumentException($"batch_size should be a positive integer value, but got batch_size={batchSize}", nameof(batchSize));
            BatchSize = batchSize;
            Shuffle = shuffle;
            DropLast = dropLast;
            Generator = generator ?? (seed.HasValue ? new Generator(seed.Value) : null);
        }

        /// <summary>A loader that yields the whole dataset as one batch, in order.</summary>
        public static DataLoader FullBatch(IDataset dataset) => new DataLoader(dataset, Math.Max(1, dataset.Count));

        /// <summary>Number of batches per epoch.</summary>
        public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

        /// <summary>The sample order of one epoch (advances the generator when shuffling).</summary>
        public long[] EpochOrder()
        {
            int n = Dataset.Count;
            if (!Shuffle)
            {
                var order = new long[n];
                for (int i = 0; i < n; i++) order[i] = i;
                return order;
            }
            return n == 0 ? new long[0] : Torch.RandPerm(n, generator: Generator).ToLongArray();
        }

        public IEnumerator<Tensor[]> GetEnumerator()
        {
            var order = EpochOrder();
            int batches = Count;
            for (int b = 0; b < batches; b++)
            {
                int start = b * BatchSize;
                int len = Math.Min(BatchSize, order.Length - start);
                var idx = new long[len];
                Array.Copy(order, start, idx, 0, len);
                yield return Dataset.GetBatch(idx);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
