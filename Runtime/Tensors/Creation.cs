using System;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine
{
    /// <summary>Tensor creation. Data is prepared on the host and written once; random values come from a
    /// <see cref="Generator"/> so every backend gets the same numbers for the same seed.</summary>
    public static partial class Torch
    {
        static Tensor New(int[] shape, DType dtype, Device device, bool requiresGrad)
        {
            if (shape == null) throw new ArgumentNullException(nameof(shape));
            foreach (int s in shape)
                if (s < 0) throw new ArgumentException($"negative dimension {s} in shape {Shapes.Str(shape)}");
            var d = Device.Resolve(device, Shapes.NumEl(shape), out bool auto);
            var t = Tensors.Tensor.Empty(shape.Length == 0 ? Shapes.Scalar : (int[])shape.Clone(), dtype, d);
            t._autoPlaced = auto;
            return t;
        }

        static Tensor Finish(Tensor t, bool requiresGrad)
        {
            if (requiresGrad) t.RequiresGrad = true;
            return t;
        }

        static int[] ShapeFor(long length, int[] shape)
        {
            if (shape == null || shape.Length == 0) return new[] { checked((int)length) };
            long n = Shapes.NumEl(shape);
            if (n != length) throw new ArgumentException($"tensor: {length} values cannot fill shape {Shapes.Str(shape)} ({n} elements)");
            return shape;
        }

        // ---- from data ----
        /// <summary>A float32 tensor holding <paramref name="data"/> (1-D when no shape is given).</summary>
        public static Tensor Tensor(float[] data, params int[] shape) => Tensor(data, shape, null, false);

        public static Tensor Tensor(float[] data, int[] shape, Device device, bool requiresGrad = false)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            var t = New(ShapeFor(data.Length, shape), DType.Float32, device, false);
            if (data.Length > 0) t.B.Write<float>(t._storage.Buffer, 0, data);
            return Finish(t, requiresGrad);
        }

        /// <summary>A float64 tensor holding <paramref name="data"/>.</summary>
        public static Tensor Tensor(double[] data, params int[] shape) => Tensor(data, shape, null, false);

        public static Tensor Tensor(double[] data, int[] shape, Device device, bool requiresGrad = false)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            var t = New(ShapeFor(data.Length, shape), DType.Float64, device, false);
            if (data.Length > 0) t.B.Write<double>(t._storage.Buffer, 0, data);
            return Finish(t, requiresGrad);
        }

        /// <summary><paramref name="data"/> converted to <paramref name="dtype"/>.</summary>
        public static Tensor Tensor(double[] data, int[] shape, DType dtype, Device device = null, bool requiresGrad = false)
        {
            if (dtype == DType.Float64) return Tensor(data, shape, device, requiresGrad);
            var t = New(ShapeFor(data.Length, shape), dtype, device, false);
            if (dtype == DType.Float32)
            {
                var f = new float[data.Length];
                for (int i = 0; i < f.Length; i++) f[i] = (float)data[i];
                if (f.Length > 0) t.B.Write<float>(t._storage.Buffer, 0, f);
            }
            else
            {
                var l = new long[data.Length];
                for (int i = 0; i < l.Length; i++) l[i] = (long)data[i];
                if (l.Length > 0) t.B.Write<long>(t._storage.Buffer, 0, l);
            }
            return Finish(t, requiresGrad);
        }

        /// <summary>An int64 tensor holding <paramref name="data"/>.</summary>
        public static Tensor Tensor(long[] data, params int[] shape) => Tensor(data, shape, null);

        public static Tensor Tensor(long[] data, int[] shape, Device device)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            var t = New(ShapeFor(data.Length, shape), DType.Int64, device, false);
            if (data.Length > 0) t.B.Write<long>(t._storage.Buffer, 0, data);
            return t;
        }

        /// <summary>A 0-dim (scalar) tensor.</summary>
        public static Tensor Tensor(double scalar, DType? dtype = null, Device device = null, bool requiresGrad = false)
            => Full(Shapes.Scalar, scalar, dtype, device, requiresGrad);

        // ---- filled ----
        public static Tensor Zeros(int[] shape, DType? dtype = null, Device device = null, bool requiresGrad = false)
            => Full(shape, 0, dtype, device, requiresGrad);

        public static Tensor Ones(int[] shape, DType? dtype = null, Device device = null, bool requiresGrad = false)
            => Full(shape, 1, dtype, device, requiresGrad);

        public static Tensor Full(int[] shape, double value, DType? dtype = null, Device device = null, bool requiresGrad = false)
        {
            var t = New(shape, dtype ?? DefaultDType, device, requiresGrad);
            t.B.Fill(t._view, value);
            return Finish(t, requiresGrad);
        }

        /// <summary>Uninitialised contents (whatever the backend's pool hands out).</summary>
        public static Tensor Empty(int[] shape, DType? dtype = null, Device device = null, bool requiresGrad = false)
            => Finish(New(shape, dtype ?? DefaultDType, device, false), requiresGrad);

        public static Tensor ZerosLike(Tensor t, DType? dtype = null, bool requiresGrad = false) => FullLike(t, 0, dtype, requiresGrad);
        public static Tensor OnesLike(Tensor t, DType? dtype = null, bool requiresGrad = false) => FullLike(t, 1, dtype, requiresGrad);

        /// <summary>Same shape, device (and placement) as <paramref name="t"/>, filled with <paramref name="value"/>.</summary>
        public static Tensor FullLike(Tensor t, double value, DType? dtype = null, bool requiresGrad = false, int[] shape = null)
        {
            if (t == null) throw new ArgumentNullException(nameof(t));
            var o = Tensors.Tensor.EmptyLike(t, shape, dtype);
            o.B.Fill(o._view, value);
            return Finish(o, requiresGrad);
        }

        // ---- ranges ----
        public static Tensor Arange(double end, DType? dtype = null, Device device = null) => Arange(0, end, 1, dtype, device);

        /// <summary>start, start+step, ... up to (not including) end.</summary>
        public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null, Device device = null)
        {
            if (step == 0) throw new ArgumentException("arange: step must be nonzero");
            if ((end - start) / step < 0) throw new ArgumentException($"arange: upper bound {end} and lower bound {start} inconsistent with step sign {step}");
            long n = (long)Math.Ceiling((end - start) / step);
            var v = new double[n];
            for (long i = 0; i < n; i++) v[i] = start + i * step;
            return Tensor(v, new[] { (int)n }, dtype ?? DefaultDType, device);
        }

        /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
        public static Tensor Linspace(double start, double end, int steps, DType? dtype = null, Device device = null)
        {
            if (steps < 0) throw new ArgumentException($"linspace: number of steps must be non-negative, got {steps}");
            var v = new double[steps];
            double step = steps > 1 ? (end - start) / (steps - 1) : 0;
            // torch fills the second half from the end so the last value is exactly `end`
            int half = steps / 2;
            for (int i = 0; i < steps; i++) v[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
            return Tensor(v, new[] { steps }, dtype ?? DefaultDType, device);
        }

        /// <summary>n×m identity (m defaults to n).</summary>
        public static Tensor Eye(int n, int? m = null, DType? dtype = null, Device device = null)
        {
            int cols = m ?? n;
            if (n < 0 || cols < 0) throw new ArgumentException($"eye: sizes must be non-negative, got {n}x{cols}");
            var v = new double[(long)n * cols];
            for (int i = 0; i < Math.Min(n, cols); i++) v[(long)i * cols + i] = 1;
            return Tensor(v, new[] { n, cols }, dtype ?? DefaultDType, device);
        }

        // ---- random ----
        /// <summary>Uniform on [0, 1).</summary>
        public static Tensor Rand(int[] shape, Generator generator = null, DType? dtype = null, Device device = null, bool requiresGrad = false)
        {
            var g = generator ?? _default;
            var dt = dtype ?? DefaultDType;
            var t = New(shape, dt, device, false);
            long n = t._numel;
            if (dt == DType.Float32) { var f = new float[n]; for (long i = 0; i < n; i++) f[i] = g.NextFloat(); t.B.Write<float>(t._storage.Buffer, 0, f); }
            else if (dt == DType.Float64) { var d = new double[n]; for (long i = 0; i < n; i++) d[i] = g.NextDouble(); t.B.Write<double>(t._storage.Buffer, 0, d); }
            else throw new ArgumentException("rand: dtype must be floating point, got int64 (use RandInt)");
            return Finish(t, requiresGrad);
        }

        /// <summary>Standard normal.</summary>
        public static Tensor Randn(int[] shape, Generator generator = null, DType? dtype = null, Device device = null, bool requiresGrad = false)
        {
            var g = generator ?? _default;
            var dt = dtype ?? DefaultDType;
            var t = New(shape, dt, device, false);
            long n = t._numel;
            if (dt == DType.Float32) { var f = new float[n]; for (long i = 0; i < n; i++) f[i] = (float)g.NextNormal(); t.B.Write<float>(t._storage.Buffer, 0, f); }
            else if (dt == DType.Float64) { var d = new double[n]; for (long i = 0; i < n; i++) d[i] = g.NextNormal(); t.B.Write<double>(t._storage.Buffer, 0, d); }
            else throw new ArgumentException("randn: dtype must be floating point, got int64");
            return Finish(t, requiresGrad);
        }

        /// <summary>Uniform integers in [low, high); int64 unless a dtype is given.</summary>
        public static Tensor RandInt(long low, long high, int[] shape, Generator generator = null, DType? dtype = null, Device device = null)
        {
            if (high <= low) throw new ArgumentException($"randint: expected low < high, got low={low}, high={high}");
            var g = generator ?? _default;
            var t = New(shape, DType.Int64, device, false);
            long n = t._numel;
            var v = new long[n];
            for (long i = 0; i < n; i++) v[i] = low + g.NextBelow((ulong)(high - low));
            t.B.Write<long>(t._storage.Buffer, 0, v);
            return dtype == null || dtype == DType.Int64 ? t : t.To(dtype.Value);
        }

        /// <summary>A random permutation of 0..n-1 (int64).</summary>
        public static Tensor RandPerm(int n, Generator generator = null, Device device = null)
        {
            if (n < 0) throw new ArgumentException($"randperm: n must be non-negative, got {n}");
            var g = generator ?? _default;
            var v = new long[n];
            for (int i = 0; i < n; i++) v[i] = i;
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)g.NextBelow((ulong)(i + 1));
                long tmp = v[i]; v[i] = v[j]; v[j] = tmp;
            }
            return Tensor(v, new[] { n }, device);
        }
    }
}
