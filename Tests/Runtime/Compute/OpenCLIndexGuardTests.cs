using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// The OpenCL index kernels check every index on the device as well: with the host's check off (or bypassed), an
    /// out-of-range index touches no memory outside the tensor, and the next wait (a read or a synchronize) throws
    /// naming the op, the dimension and its size.
    /// </summary>
    public class OpenCLIndexGuardTests : OwnOpenCLBackend
    {
        [Test]
        public void GatherSkipsABadIndexAndTheNextReadNamesIt([Values(5, -1, long.MaxValue)] long bad)
        {
            // src [2, 5], gather along dim 1 with index [2, 3]; one index of row 1 is out of range
            var src = Up(new double[] { 0, 1, 2, 3, 4, 10, 11, 12, 13, 14 });
            var idx = Up(new long[] { 4, 0, 2, 1, bad, 3 });
            var dst = Up(new double[] { -7, -7, -7, -7, -7, -7 });
            Be.Gather(StridedView.Contiguous(src, new[] { 2, 5 }), 1, StridedView.Contiguous(idx, new[] { 2, 3 }),
                StridedView.Contiguous(dst, new[] { 2, 3 }));
            var ex = Assert.Throws<IndexOutOfRangeException>(() => Down(dst));
            StringAssert.Contains("gather: an index is out of bounds for dimension 1 with size 5", ex.Message);
            StringAssert.Contains("Torch.ValidateIndices", ex.Message);
            // the word is cleared: the same buffer reads back, the bad element as 0, the others gathered
            Assert.That(Down(dst), Is.EqualTo(new double[] { 4, 0, 2, 11, 0, 13 }));
        }

        [Test]
        public void ScatterAddSkipsABadIndexAndSynchronizeNamesIt()
        {
            // a clean gather first, then the faulting scatter_add: the message names the faulting launch
            var table = Up(new double[] { 1, 2, 3 });
            var idx = Up(new long[] { 2, 0 });
            var picked = Up(new double[2]);
            Be.Gather(StridedView.Contiguous(table, new[] { 3 }), 0, StridedView.Contiguous(idx, new[] { 2 }),
                StridedView.Contiguous(picked, new[] { 2 }));
            var acc = Up(new double[] { 0, 0, 0, 0 });
            var sIdx = Up(new long[] { 1, 4, 1, 3 });
            var src = Up(new double[] { 1, 100, 2, 5 });
            Be.ScatterAdd(StridedView.Contiguous(src, new[] { 4 }), 0, StridedView.Contiguous(sIdx, new[] { 4 }),
                StridedView.Contiguous(acc, new[] { 4 }));
            var ex = Assert.Throws<IndexOutOfRangeException>(() => Be.Synchronize());
            StringAssert.Contains("scatter_add: an index is out of bounds for dimension 0 with size 4", ex.Message);
            Assert.That(Down(acc), Is.EqualTo(new double[] { 0, 3, 0, 5 }), "the bad element adds nothing, the rest accumulate");
            Assert.That(Down(picked), Is.EqualTo(new double[] { 3, 1 }));
        }

        [Test]
        public void CleanIndexOpsNeverThrow()
        {
            var src = Up(new double[] { 1, 2, 3, 4 });
            var idx = Up(new long[] { 3, 0, 3 });
            var dst = Up(new double[3]);
            for (int i = 0; i < 300; i++)   // past the attribution ring: sequence numbers keep counting
                Be.Gather(StridedView.Contiguous(src, new[] { 4 }), 0, StridedView.Contiguous(idx, new[] { 3 }),
                    StridedView.Contiguous(dst, new[] { 3 }));
            Assert.That(Down(dst), Is.EqualTo(new double[] { 4, 1, 4 }));
            Be.Synchronize();
        }

        [Test]
        public void ATensorGatherWithTheHostCheckOffFailsAtItsRead()
        {
            Device d = Requires.InCI || Device.IsOpenCLAvailable(0) ? Device.OpenCL(0) : null;
            if (d == null) Assert.Ignore("no OpenCL device");
            bool was = Torch.ValidateIndices;
            Torch.ValidateIndices = false;
            try
            {
                var x = Torch.Tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new[] { 2, 3 }, DType.Float64, d);
                var i = Torch.Tensor(new long[] { 0, 7, 2, 1 }, new[] { 2, 2 }, d);
                var y = x.Gather(1, i);
                var ex = Assert.Throws<IndexOutOfRangeException>(() => y.ToDoubleArray());
                StringAssert.Contains("gather: an index is out of bounds for dimension 1 with size 3", ex.Message);
                Assert.That(y.ToDoubleArray(), Is.EqualTo(new double[] { 1, 0, 6, 5 }));
            }
            finally { Torch.ValidateIndices = was; }
        }
    }
}
