using System;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        public override void Fill(in StridedView dst, double value)
            => Elementwise("Fill", "-DG_UNARY", "fill", dst, 0, default, default, default, value);

        public override void Copy(in StridedView src, in StridedView dst)
        {
            if (src.DType == dst.DType) Elementwise("Copy", "-DG_UNARY", "unary_Copy", dst, 1, src, default, default, 0);
            else Elementwise("Copy", "-DG_COPY", "copy", dst, 1, src, default, default, 0);
        }

        public override void Unary(UnaryOp op, in StridedView x, in StridedView dst)
        {
            if (dst.DType == DType.Int64 && !(op == UnaryOp.Copy || op == UnaryOp.Neg || op == UnaryOp.Abs || op == UnaryOp.Sign))
                throw new NotSupportedException($"Unary {op}: not defined for int64 (only Copy, Neg, Abs, Sign)");
            Elementwise("Unary " + op, "-DG_UNARY", "unary_" + op, dst, 1, x, default, default, 0);
        }

        public override void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView dst)
        {
            if (op == BinaryOp.Div && dst.DType == DType.Int64) CheckIntegerDivisor(b);
            Elementwise("Binary " + op, "-DG_BINARY", "binary_" + op, dst, 2, a, b, default, 0);
        }

        public override void BinaryScalar(BinaryOp op, in StridedView a, double s, bool scalarFirst, in StridedView dst)
        {
            if (op == BinaryOp.Div && dst.DType == DType.Int64)
            {
                if (scalarFirst) CheckIntegerDivisor(a);
                else if (s == 0) throw new DivideByZeroException(IntegerDivisionByZero);
            }
            Elementwise("BinaryScalar " + op, "-DG_BINARY", (scalarFirst ? "rscalar_" : "scalar_") + op, dst, 1, a, default, default, s);
        }

        const string IntegerDivisionByZero = "div: integer division by zero (int64)";

        /// <summary>
        /// Int64 division by zero raises, as on the managed backend and in torch (ZeroDivisionError), instead of the
        /// kernel's silent 0: the divisor is copied out and checked first. That is a sync, taken only for int64
        /// division, which is bookkeeping (labels, indices), never a training loop's float maths.
        /// </summary>
        void CheckIntegerDivisor(in StridedView divisor)
        {
            long n = divisor.Count;
            if (n == 0) return;
            var buffer = Allocate(n, DType.Int64);
            try
            {
                Copy(divisor, StridedView.Contiguous(buffer, divisor.Shape));
                var host = new long[n];
                Read<long>(buffer, 0, host);
                foreach (var v in host) if (v == 0) throw new DivideByZeroException(IntegerDivisionByZero);
            }
            finally { buffer.Dispose(); }
        }

        public override void Where(in StridedView cond, in StridedView a, in StridedView b, in StridedView dst)
            => Elementwise("Where", "-DG_WHERE", "where", dst, 3, cond, a, b, 0);

        public override void AddScaled(in StridedView a, in StridedView b, double alpha, in StridedView dst)
        {
            if (dst.DType == DType.Int64) base.AddScaled(a, b, alpha, dst);   // int64 keeps the primitives' rounding rules
            else Elementwise("AddScaled", "-DG_FUSED", "addscaled", dst, 2, a, b, default, alpha);
        }

        public override void AddCMul(in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
        {
            if (dst.DType == DType.Int64) base.AddCMul(a, t1, t2, value, dst);
            else Elementwise("AddCMul", "-DG_FUSED", "addcmul", dst, 3, a, t1, t2, value);
        }

        public override void AddCDiv(in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
        {
            if (dst.DType == DType.Int64) base.AddCDiv(a, t1, t2, value, dst);
            else Elementwise("AddCDiv", "-DG_FUSED", "addcdiv", dst, 3, a, t1, t2, value);
        }

        /// <summary>One launch of kernel <paramref name="name"/>_contig or _strided of Kernels/Elementwise.cl built for
        /// <paramref name="group"/>: the streaming kernel when every operand is contiguous after merging dims.</summary>
        void Elementwise(string what, string group, string name, in StridedView d, int nin, in StridedView a, in StridedView b, in StridedView c, double s)
        {
            var db = Own(d, what);
            var ins = new StridedView[] { a, b, c };
            for (int i = 0; i < nin; i++)
            {
                Own(ins[i], what);
                if (!SameShape(ins[i].Shape, d.Shape))
                    throw new ArgumentException($"{what}: input {i} has shape [{string.Join(",", ins[i].Shape)}], output [{string.Join(",", d.Shape)}]");
            }
            // dtype rules: inputs share dst's dtype except Copy's source and Where's condition.
            for (int i = 0; i < nin; i++)
            {
                bool free = (group == "-DG_COPY" || group == "-DG_WHERE") && i == 0;
                if (!free && ins[i].DType != d.DType)
                    throw new ArgumentException($"{what}: input {i} is {ins[i].DType.Name()} but the output is {d.DType.Name()}");
            }
            long n = d.Count;
            if (n == 0) return;

            var strides = new long[nin + 1][];
            strides[0] = d.Strides;
            for (int i = 0; i < nin; i++) strides[i + 1] = ins[i].Strides;
            int[] shape = Layout.Collapse(d.Shape, strides, out long[][] st);
            Layout.CheckRank(shape.Length, what);
            bool contiguous = shape.Length == 0 || (shape.Length == 1 && Array.TrueForAll(st, x => x[0] == 1));

            string opts = group + " " + TypeDefine("TD", d.DType) + (d.DType == DType.Int64 ? " -DIS_INT" : "");
            string[] names = { "TA", "TB", "TC" };
            for (int i = 0; i < nin; i++)
                if (ins[i].DType != d.DType || (i == 0 && (group == "-DG_COPY" || group == "-DG_WHERE")))
                    opts += " " + TypeDefine(names[i], ins[i].DType);

            nint mem0 = db.Mem;
            var mems = new nint[3];
            var offs = new long[3];
            for (int i = 0; i < 3; i++)
            {
                mems[i] = i < nin ? ((OpenCLBuffer)ins[i].Buffer).Mem : mem0;
                offs[i] = i < nin ? ins[i].Offset : 0;
            }
            long dOff = d.Offset;
            DType dt = d.DType;
            if (contiguous)
            {
                nint k = Kernel("Elementwise.cl", opts, name + "_contig");
                LaunchExact1D(k, what, x =>
                {
                    x.Set(0, mem0); x.Set(1, dOff);
                    x.Set(2, mems[0]); x.Set(3, offs[0]);
                    x.Set(4, mems[1]); x.Set(5, offs[1]);
                    x.Set(6, mems[2]); x.Set(7, offs[2]);
                    x.Scalar(8, dt, s);
                }, n, 256);
            }
            else
            {
                ClView v = default;
                v.Rank = shape.Length;
                for (int k = 0; k < shape.Length; k++)
                {
                    v.Shape[k] = shape[k];
                    for (int o = 0; o <= nin; o++) v.St[o * 8 + k] = st[o][k];
                }
                v.Off[0] = dOff;
                for (int i = 0; i < nin; i++) v.Off[i + 1] = offs[i];
                ClView va = v; // lambdas cannot capture a struct whose fixed buffers were addressed
                nint kern = Kernel("Elementwise.cl", opts, name + "_strided");
                // Exactly (last dim, rows), in groups of up to 256: the largest powers of two dividing the last dim,
                // then the rows (left to the driver, PoCL picked groups of a few items for 2048 x 158, and a group
                // costs it ~0.5 us)
                long inner = shape[shape.Length - 1], rows = n / inner;
                long cap = Math.Min(256L, (long)Device.Properties.MaxWorkGroupSize);
                long l0 = 1, l1 = 1;
                while (l0 * 2 <= cap && inner % (l0 * 2) == 0) l0 *= 2;
                while (l0 * l1 * 2 <= cap && rows % (l1 * 2) == 0) l1 *= 2;
                nuint* g = stackalloc nuint[2];
                nuint* l = stackalloc nuint[2];
                g[0] = (nuint)inner; g[1] = (nuint)rows; l[0] = (nuint)l0; l[1] = (nuint)l1;
                Launch(kern, what, x =>
                {
                    x.Set(0, mem0); x.Set(1, mems[0]); x.Set(2, mems[1]); x.Set(3, mems[2]);
                    x.Scalar(4, dt, s); x.Set(5, va);
                }, 2, g, l);
            }
        }

        static bool SameShape(int[] a, int[] b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
