using System;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>A dataset that can hand out a batch of samples by index (torch's Dataset + default collate in one).</summary>
    public interface IDataset
    {
        /// <summary>Number of samples.</summary>
        int Count { get; }

        /// <summary>The samples at <paramref name="indices"/>, stacked along a new first dim: one tensor per field.</summary>
        Tensor[] GetBatch(long[] indices);
    }

    /// <summary>torch.utils.data.TensorDataset: sample i is (t[i] for t in tensors); all tensors share dim 0.</summary>
    public sealed class TensorDataset : IDataset
    {
        readonly Tensor[] _tensors;

        public TensorDataset(params Tensor[] tensors)
        {
            if (tensors == null || tensors.Length == 0) throw new ArgumentException("TensorDataset needs at least one tensor", nameof(tensors));
            for (int i = 0; i < tensors.Length; i++)
            {
                if (tensors[i] == null) throw new ArgumentNullException(nameof(tensors), $"tensor {i} is null");
                if (tensors[i].Dim == 0) throw new ArgumentException($"TensorDataset: tensor {i} is a scalar; every tensor needs a sample dim 0", nameof(tensors));
                if (tensors[i].Shape[0] != tensors[0].Shape[0])
                    throw new ArgumentException($"Size mismatch between tensors: tensor 0 has shape [{string.Join(", ", tensors[0].Shape)}] " +
                                                $"and tensor {i} has shape [{string.Join(", ", tensors[i].Shape)}] (dim 0 must agree)", nameof(tensors));
            }
            _tensors = tensors;
        }

        public int Count => _tensors[0].Shape[0];
        public Tensor[] Tensors => (Tensor[])_tensors.Clone();

        /// <summary>Sample <paramref name="index"/> (dim 0 selected away).</summary>
        public Tensor[] this[int index]
        {
            get
            {
                if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is out of range for dataset of size {Count}");
                var r = new Tensor[_tensors.Length];
                for (int i = 0; i < r.Length; i++) r[i] = _tensors[i].Select(0, index);
                return r;
            }
        }

        public Tensor[] GetBatch(long[] indices)
        {
            if (indices == null) throw new ArgumentNullException(nameof(indices));
            int n = Count;
            bool identity = indices.Length == n;
            for (int i = 0; i < indices.Length; i++)
            {
                if (indices[i] < 0 || indices[i] >= n) throw new ArgumentOutOfRangeException(nameof(indices), $"index {indices[i]} is out of range for dataset of size {n}");
                if (indices[i] != i) identity = false;
            }
            if (identity) return (Tensor[])_tensors.Clone();   // full batch in order: no copy
            var r = new Tensor[_tensors.Length];
            Tensor idx = null;
            for (int i = 0; i < r.Length; i++)
            {
                if (idx == null || !ReferenceEquals(idx.Device, _tensors[i].Device))
                    idx = Torch.Tensor(indices, indices.Length).To(_tensors[i].Device);
                r[i] = _tensors[i].IndexSelect(0, idx);
            }
            return r;
        }
    }
}
