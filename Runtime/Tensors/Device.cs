using System;
using System.Collections.Generic;
using System.Threading;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// Where a tensor lives: a backend plus a name. <see cref="Managed"/> is always there; OpenCL devices come from
    /// a factory registered at start-up (<see cref="RegisterFactory"/>), so this layer has no compile-time
    /// dependency on any particular backend.
    ///
    /// <see cref="Auto"/> is a placement policy rather than a device, driven by measured costs (<see cref="AutoCosts"/>:
    /// launch overhead, bytes and flops rates per backend, calibrated once at first use). A tensor created on Auto goes
    /// where an element-wise op over it would finish first (PoCL: ~4 µs a launch against the managed backend's ~1 ns
    /// an element puts the break-even near a few thousand elements; a GPU's bandwidth moves it). A matmul whose
    /// inputs were both placed by Auto runs where it finishes first counting the copy of its inputs, and its result
    /// stays there. When an op mixes an auto-placed tensor with one on another device the smaller auto-placed input is copied
    /// across (counted in <see cref="BytesMoved"/>); mixing two explicitly placed devices is an error, except that a
    /// 0-dim managed tensor combines with any device (as torch lets CPU scalars meet CUDA tensors).
    /// </summary>
    public sealed class Device
    {
        static readonly object Gate = new object();
        static readonly Dictionary<DeviceKind, Func<int, Backend>> Factories = new Dictionary<DeviceKind, Func<int, Backend>>();
        static readonly Dictionary<(DeviceKind, int), Device> Cache = new Dictionary<(DeviceKind, int), Device>();
        static Device _managed;
        static Device _default;
        static readonly Device _auto = new Device(null, DeviceKind.Managed, -1, "auto", true);
        static long _bytesMoved, _autoMoves;

        readonly Backend _backend;

        Device(Backend backend, DeviceKind kind, int index, string name, bool isAuto)
        {
            _backend = backend; Kind = kind; Index = index; Name = name; IsAuto = isAuto;
        }

        /// <summary>The backend that runs this device's kernels. Throws on <see cref="Auto"/>, which is a policy.</summary>
        public Backend Backend
        {
            get
            {
                if (_backend == null) throw new InvalidOperationException("Device.Auto is a placement policy, not a device; it has no backend");
                return _backend;
            }
        }

        /// <summary>"managed", "opencl:0" or "auto".</summary>
        public string Name { get; }
        public DeviceKind Kind { get; }
        public int Index { get; }
        public bool IsAuto { get; }

        /// <summary>The managed (CPU, C#) backend: always available, the reference for all others.</summary>
        public static Device Managed
        {
            get
            {
                var d = _managed;
                if (d != null) return d;
                lock (Gate)
                {
                    if (_managed == null) _managed = new Device(CreateBackend(DeviceKind.Managed, 0), DeviceKind.Managed, 0, "managed", false);
                    return _managed;
                }
            }
        }

        /// <summary>OpenCL device <paramref name="index"/> (over all platforms). Throws when no OpenCL backend is
        /// registered or the device cannot be opened.</summary>
        public static Device OpenCL(int index = 0)
        {
            lock (Gate)
            {
                if (Cache.TryGetValue((DeviceKind.OpenCL, index), out var d)) return d;
                var b = CreateBackend(DeviceKind.OpenCL, index);
                d = new Device(b, DeviceKind.OpenCL, index, "opencl:" + index, false);
                Cache[(DeviceKind.OpenCL, index)] = d;
                return d;
            }
        }

        /// <summary>True when an OpenCL backend is registered and device <paramref name="index"/> opens.</summary>
        public static bool IsOpenCLAvailable(int index = 0)
        {
            lock (Gate) if (Unavailable.Contains(index)) return false;
            try { OpenCL(index); return true; }
            catch (Exception)
            {
                // Remember the failure: the Auto policy asks on every placement and a failed probe costs dlopen calls.
                lock (Gate) Unavailable.Add(index);
                return false;
            }
        }

        static readonly System.Collections.Generic.HashSet<int> Unavailable = new System.Collections.Generic.HashSet<int>();

        /// <summary>The placement policy described on the class; usable wherever a device is accepted and as
        /// <see cref="Default"/>.</summary>
        public static Device Auto => _auto;

        /// <summary>Device used when a creation function is given none. Initially <see cref="Managed"/>.</summary>
        public static Device Default
        {
            get => _default ?? Managed;
            set => _default = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>Bytes copied between devices by the <see cref="Auto"/> policy and by <c>To(Device)</c>.</summary>
        public static long BytesMoved => Interlocked.Read(ref _bytesMoved);
        /// <summary>How many tensors the <see cref="Auto"/> policy moved to make an op's inputs meet.</summary>
        public static long AutoMoves => Interlocked.Read(ref _autoMoves);
        public static void ResetCounters() { Interlocked.Exchange(ref _bytesMoved, 0); Interlocked.Exchange(ref _autoMoves, 0); }

        internal static void CountMove(long bytes) => Interlocked.Add(ref _bytesMoved, bytes);

        /// <summary>Registers how to open devices of <paramref name="kind"/> (e.g. <c>OpenCLBackend.Create</c>).
        /// Replaces an earlier registration; devices already opened stay cached.</summary>
        public static void RegisterFactory(DeviceKind kind, Func<int, Backend> factory)
        {
            if (factory == null) throw new ArgumentNullException(nameof(factory));
            lock (Gate) { Factories[kind] = factory; Unavailable.Clear(); }
        }

        /// <summary>True when devices of <paramref name="kind"/> can be requested (registered or built in).</summary>
        public static bool HasFactory(DeviceKind kind)
        {
            lock (Gate) if (Factories.ContainsKey(kind)) return true;
            return BuiltIn(kind) != null;
        }

        /// <summary>Backends compiled into this assembly; a registered factory wins over these (tests, hosts that bring
        /// their own context).</summary>
        static Func<int, Backend> BuiltIn(DeviceKind kind)
        {
            switch (kind)
            {
                case DeviceKind.Managed: return _ => GdEngine.Compute.Managed.ManagedBackend.Instance;
                case DeviceKind.OpenCL: return i => GdEngine.Compute.OpenCL.OpenCLBackend.Create(i);
                default: return null;
            }
        }

        static Backend CreateBackend(DeviceKind kind, int index)
        {
            Func<int, Backend> f;
            lock (Gate) Factories.TryGetValue(kind, out f);
            if (f == null) f = BuiltIn(kind);
            if (f == null)
                throw new InvalidOperationException(
                    $"no {kind} backend: register one with Device.RegisterFactory(DeviceKind.{kind}, index => ...)");
            Backend b;
            try { b = f(index); }
            catch (Exception e)
            {
                throw new InvalidOperationException($"no {kind} backend available: device {index} could not be opened: {e.Message}", e);
            }
            if (b == null) throw new InvalidOperationException($"no {kind} backend available: factory returned null for device {index}");
            return b;
        }


        /// <summary>A device around an existing backend, not registered anywhere (tests; embedding a host's backend).</summary>
        public static Device FromBackend(Backend backend, string name)
        {
            if (backend == null) throw new ArgumentNullException(nameof(backend));
            return new Device(backend, backend.Kind, -1, name ?? backend.Name, false);
        }

        /// <summary>Resolves a requested device (null = Default, Auto = policy) for a new tensor of <paramref name="numel"/> elements.</summary>
        internal static Device Resolve(Device requested, long numel, out bool autoPlaced)
        {
            var d = requested ?? Default;
            if (!d.IsAuto) { autoPlaced = false; return d; }
            autoPlaced = true;
            if (IsOpenCLAvailable(0))
            {
                try
                {
                    var cl = OpenCL(0);
                    var (m, c, copy) = AutoCosts.Get(cl);
                    // as one element-wise op over it: two float32 reads and a write per element
                    if (AutoCosts.FasterThere(12.0 * numel, numel, m, c, 0, copy)) return cl;
                }
                catch (Exception) { /* fall back to managed */ }
            }
            return Managed;
        }

        /// <summary>Runs an op on two Auto-placed inputs (already on one device) where it finishes first: moves both
        /// to the other backend when the cost model says the op there, plus the copy, beats the op here.</summary>
        internal static void Route(ref Tensor a, ref Tensor b, double bytes, double flops)
        {
            if (!a._autoPlaced || !b._autoPlaced || !ReferenceEquals(a._device, b._device) || !IsOpenCLAvailable(0)) return;
            var cl = OpenCL(0);
            var here = a._device;
            if (!ReferenceEquals(here, cl) && !ReferenceEquals(here, Managed)) return;
            var (m, c, copy) = AutoCosts.Get(cl);
            bool onCl = ReferenceEquals(here, cl);
            double toCopy = (double)(a._numel + b._numel) * a._dtype.SizeOf();
            if (!AutoCosts.FasterThere(bytes, flops, onCl ? c : m, onCl ? m : c, toCopy, copy)) return;
            var there = onCl ? Managed : cl;
            Interlocked.Add(ref _autoMoves, 2);
            a = a.To(there); a._autoPlaced = true;
            b = b.To(there); b._autoPlaced = true;
        }

        /// <summary>Makes two op inputs share a device: moves the smaller auto-placed one, or throws naming both.</summary>
        internal static void Unify(ref Tensor a, ref Tensor b, string op)
        {
            if (ReferenceEquals(a._device, b._device)) return;
            bool moveA;
            if (a._autoPlaced && b._autoPlaced) moveA = a._numel <= b._numel;
            else if (a._autoPlaced) moveA = true;
            else if (b._autoPlaced) moveA = false;
            // as in torch, a 0-dim tensor on the host (managed) combines with a tensor on any device
            else if (a._shape.Length == 0 && a._device.Kind == DeviceKind.Managed) moveA = true;
            else if (b._shape.Length == 0 && b._device.Kind == DeviceKind.Managed) moveA = false;
            else
                throw new ArgumentException(
                    $"{op}: expected all tensors to be on the same device, but found {a._device.Name} and {b._device.Name}; " +
                    "move one with .To(device) or create them on Device.Auto");
            Interlocked.Increment(ref _autoMoves);
            if (moveA) { a = a.To(b._device); a._autoPlaced = true; }
            else { b = b.To(a._device); b._autoPlaced = true; }
        }

        // one 1-element "1" per dtype: the implicit gradient of scalar Backward() calls. Gradients are never
        // modified in place by autograd (only freshly computed tensors are), so sharing it is safe.
        readonly Storage[] _ones = new Storage[3];

        internal Tensor One(DType dtype, int[] shape)
        {
            var st = _ones[(int)dtype];
            if (st == null)
            {
                var buf = Backend.Allocate(1, dtype);
                Backend.Fill(StridedView.Contiguous(buf, new[] { 1 }), 1.0);
                st = new Storage(buf);
                st.Refs = int.MaxValue / 2;   // never freed by Dispose of a view
                _ones[(int)dtype] = st;
            }
            return new Tensor(st, shape, Shapes.ContiguousStrides(shape), 0, this);
        }

        // one 1-element "0" per dtype, read through stride-0 views (ReLU's backward selects between g and it)
        readonly DeviceBuffer[] _zeros = new DeviceBuffer[3];

        internal StridedView ZeroView(DType dtype, int[] shape)
        {
            var buf = _zeros[(int)dtype];
            if (buf == null)
            {
                buf = Backend.Allocate(1, dtype);
                Backend.Fill(StridedView.Contiguous(buf, new[] { 1 }), 0.0);
                _zeros[(int)dtype] = buf;
            }
            return new StridedView(buf, shape, new long[shape.Length], 0);
        }

        public override string ToString() => Name;
    }
}
