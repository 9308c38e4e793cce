using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using GdEngine.Interop.OpenCL;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>
    /// The OpenCL device (tinygrad's ops_cl shape): programs compiled once per context and cached, kernels launched
    /// on one in-order queue and never waited on (only <see cref="Read{T}"/> and <see cref="Synchronize"/> wait),
    /// buffers pooled by size. Kernel sources are Kernels/*.cl, embedded as GdEngine.Kernels.&lt;file&gt;.cl.
    /// </summary>
    public sealed unsafe partial class OpenCLBackend : Backend
    {
        readonly CL _cl;
        readonly nint _context, _queue, _device;
        // cl_kernel arguments are per-object state: setting them and enqueueing must not interleave between threads.
        readonly object _launch = new object();
        readonly Dictionary<string, nint> _programs = new Dictionary<string, nint>();
        readonly Dictionary<(nint, string), nint> _kernels = new Dictionary<(nint, string), nint>();
        bool _disposed;

        internal BufferPool Pool { get; }
        public OpenCLDeviceInfo Device { get; }
        public override string Name { get; }
        public override DeviceKind Kind => DeviceKind.OpenCL;
        public bool SupportsFloat64 => Device.Properties.SupportsFp64;
        internal bool IsCpu => (Device.Properties.Type & DeviceType.Cpu) != 0;

        /// <summary>Programs built so far (from source or from the binary cache), how many came from the cache, and
        /// the milliseconds spent building them.</summary>
        public int ProgramsBuilt { get; private set; }
        /// <summary>Kernels enqueued so far (what fusion saves: each launch costs ~4 µs on PoCL).</summary>
        public long Launches { get; private set; }
        public int ProgramsFromCache { get; private set; }
        /// <summary>Where built program binaries are kept, or null when the cache is off.</summary>
        public string BinaryCacheDirectory => _cache?.Directory;
        /// <summary>A per-user cache directory to pass to <see cref="Create"/> (~/.cache/gdengine/cl).</summary>
        public static string SuggestedBinaryCacheDirectory => ProgramCache.SuggestedDirectory();
        readonly ProgramCache _cache;
        public double BuildMilliseconds { get; private set; }

        // ---- discovery --------------------------------------------------------------------------------------
        /// <summary>Every OpenCL device on every platform, in a stable order; empty when OpenCL is missing.</summary>
        public static IReadOnlyList<OpenCLDeviceInfo> Devices() => Devices(out _);

        /// <param name="reason">Why the list is empty (no loader, no platform, ...), else null.</param>
        public static IReadOnlyList<OpenCLDeviceInfo> Devices(out string reason)
        {
            var list = new List<OpenCLDeviceInfo>();
            reason = null;
            try
            {
                var cl = CL.GetApi();
                foreach (nint p in cl.GetPlatforms())
                {
                    string pname = cl.GetPlatformString(p, PlatformInfo.Name);
                    foreach (nint d in cl.GetDevices(p))
                        list.Add(new OpenCLDeviceInfo
                        {
                            Index = list.Count, Platform = pname, PlatformId = p, DeviceId = d,
                            Properties = cl.GetDeviceProperties(d),
                        });
                }
                if (list.Count == 0) reason = "the OpenCL ICD loader found no platform with a device (install pocl-opencl-icd or a GPU driver's ICD)";
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is ClException)
            {
                reason = e.Message;
            }
            return list;
        }

        /// <summary>A backend on device <paramref name="deviceIndex"/> of <see cref="Devices()"/>.</summary>
        /// <param name="binaryCacheDirectory">Where to keep built program binaries (see ProgramCache); null follows
        /// $GDENGINE_CL_CACHE (unset: no disk cache), "off" disables it.</param>
        public static OpenCLBackend Create(int deviceIndex = 0, string binaryCacheDirectory = null)
        {
            var devices = Devices(out string reason);
            if (devices.Count == 0) throw new InvalidOperationException("No OpenCL device: " + reason);
            if (deviceIndex < 0 || deviceIndex >= devices.Count)
                throw new ArgumentOutOfRangeException(nameof(deviceIndex), deviceIndex,
                    $"OpenCL device index {deviceIndex} out of range: {devices.Count} device(s) available");
            return new OpenCLBackend(CL.GetApi(), devices[deviceIndex], binaryCacheDirectory);
        }

        OpenCLBackend(CL cl, OpenCLDeviceInfo info, string cacheDir, nint existingContext = 0, nint existingQueue = 0)
        {
            _cl = cl;
            Device = info;
            _device = info.DeviceId;
            Name = $"opencl:{info.Index} ({info.Name})";
            int err;
            if (existingContext != 0)
            {
                // a host's context and queue, retained by FromExisting (released in Dispose like our own)
                _context = existingContext;
                _queue = existingQueue;
            }
            else
            {
                nint* props = stackalloc nint[3];
                props[0] = (nint)ContextProperties.Platform; props[1] = info.PlatformId; props[2] = 0;
                nint dev = _device;
                _context = cl.CreateContext(props, 1, &dev, null, null, &err);
                ClException.Check(err, "CreateContext");
                _queue = cl.CreateCommandQueue(_context, _device, CommandQueueProperties.None, &err);
                if (err != 0) { cl.ReleaseContext(_context); throw new ClException(err, "CreateCommandQueue"); }
            }
            if (cacheDir != "off")
            {
                var p = info.Properties;
                _cache = ProgramCache.Open(cacheDir, $"{info.Platform}|{p.Name}|{p.Version}|{p.DriverVersion}|{IntPtr.Size}");
            }
            // Keep at most a quarter of device memory idle in the pool.
            Pool = new BufferPool(cl, _context, (long)Math.Min(info.Properties.GlobalMemSize / 4, (ulong)long.MaxValue));
        }

        // ---- programs and kernels ----------------------------------------------------------------------------
        internal static string Source(string file)
            => GdEngine.Interop.ProgramSources.Read("Compute/OpenCL/Kernels/" + file);

        /// <summary>The kernel <paramref name="name"/> of Kernels/<paramref name="file"/> built with
        /// <paramref name="options"/>; programs and kernels are created once and cached.</summary>
        internal nint Kernel(string file, string options, string name) => Kernel(file, () => Source(file), options, name);

        /// <summary>As above for generated source: <paramref name="key"/> names it in the cache, <paramref name="source"/>
        /// is only called when the program is not built yet.</summary>
        internal nint Kernel(string key, Func<string> source, string options, string name)
        {
            lock (_launch)
            {
                ThrowIfDisposed();
                key = key + "|" + options;
                if (!_programs.TryGetValue(key, out nint program))
                {
                    program = BuildProgram(Source("Common.cl") + "\n#line 1\n" + source(), options + " -cl-std=CL1.2");
                    _programs[key] = program;
                }
                if (!_kernels.TryGetValue((program, name), out nint k))
                {
                    k = _cl.CreateKernelChecked(program, name);
                    _kernels[(program, name)] = k;
                }
                return k;
            }
        }

        nint BuildProgram(string src, string options)
        {
            var sw = Stopwatch.StartNew();
            nint program = 0;
            string path = _cache?.PathFor(src, options);
            byte[] bin = path != null ? _cache.TryLoad(path) : null;
            if (bin != null)
            {
                try { program = _cl.BuildProgramFromBinary(_context, _device, bin, options); ProgramsFromCache++; }
                catch (ClException) { _cache.Remove(path); program = 0; } // stale or corrupt: rebuild below
            }
            if (program == 0)
            {
                program = _cl.BuildProgramFromSource(_context, _device, src, options);
                if (path != null) StoreLater(program, path);
            }
            BuildMilliseconds += sw.Elapsed.TotalMilliseconds;
            ProgramsBuilt++;
            return program;
        }

        // Fetching a binary makes PoCL compile every kernel of the program, so it happens on a worker thread:
        // the first run is not blocked, later runs load in ~2.5-7 ms instead of ~30-80 ms.
        int _pendingStores;
        readonly object _storeGate = new object();

        void StoreLater(nint program, string path)
        {
            lock (_storeGate) _pendingStores++;
            System.Threading.ThreadPool.QueueUserWorkItem(_ =>
            {
                try { _cache.Store(path, _cl.GetProgramBinary(program)); }
                catch (Exception) { } // a device without binaries just builds from source every time
                finally
                {
                    lock (_storeGate) { _pendingStores--; System.Threading.Monitor.PulseAll(_storeGate); }
                }
            });
        }

        /// <summary>Waits until program binaries queued for the disk cache are written (Dispose does it too).</summary>
        public void FlushBinaryCache()
        {
            lock (_storeGate)
                while (_pendingStores > 0) System.Threading.Monitor.Wait(_storeGate);
        }

        /// <summary>Options naming the element type: -DT=float (and the fp64 pragma for double).</summary>
        internal string TypeDefine(string macro, DType t)
        {
            if (t == DType.Float64 && !SupportsFloat64)
                throw new NotSupportedException($"{Device.Name} does not support float64 (no cl_khr_fp64)");
            return $"-D{macro}={ClType(t)}" + (t == DType.Float64 ? " -DUSE_FP64" : "");
        }

        internal static string ClType(DType t) => t switch
        {
            DType.Float32 => "float",
            DType.Float64 => "double",
            DType.Int64 => "long",
            _ => throw new ArgumentOutOfRangeException(nameof(t)),
        };

        /// <summary>Sets arguments and enqueues under one lock (cl_kernel args are shared state).</summary>
        internal void Launch(nint kernel, string what, Action<ArgList> args, int dims, nuint* global, nuint* local, nuint* offset = null)
        {
            lock (_launch)
            {
                ThrowIfDisposed();
                var a = new ArgList(_cl, kernel, what);
                args(a);
                int st = _cl.EnqueueNdrangeKernel(_queue, kernel, (uint)dims, offset, global, local, 0, null, null);
                if (st != 0) throw new ClException(st, "EnqueueNdrangeKernel", what);
                Launches++;
            }
        }

        internal void Launch1D(nint kernel, string what, Action<ArgList> args, long n, int local = 0)
        {
            if (n <= 0) return;
            nuint g, l = (nuint)local;
            if (local > 0) g = (nuint)((n + local - 1) / local * local);
            else g = (nuint)n;
            Launch(kernel, what, args, 1, &g, local > 0 ? &l : null);
        }

        /// <summary>
        /// Exactly <paramref name="n"/> work-items for a kernel with no bounds check: a streaming kernel without the
        /// <c>if (i >= n) return;</c> is what PoCL vectorizes (a contiguous float32 add of 16M elements went from 28
        /// to 67 GB/s). One launch when groups of <paramref name="local"/>, or of a power of two of at least 32 that
        /// divides n, cover it (or n is below one group and the driver sizes it); else the whole groups, then the rest
        /// as a second launch at a global offset (get_global_id counts on from it).
        /// </summary>
        internal void LaunchExact1D(nint kernel, string what, Action<ArgList> args, long n, int local)
        {
            // A large launch on a CPU device takes groups of up to 4096 (PoCL's largest): fewer groups, each one longer
            // vector loop (add.16M 70-80 -> 83-86 GB/s, three runs each, alternating)
            if (IsCpu && n >= 1 << 20) local = 4096;
            local = (int)Math.Min(local, (long)Device.Properties.MaxWorkGroupSize);
            nuint g = (nuint)n;
            if (n < local) { Launch(kernel, what, args, 1, &g, null); return; }
            long l = local;
            while (n % l != 0 && l >= 64) l /= 2;
            if (n % l == 0) { nuint lg = (nuint)l; Launch(kernel, what, args, 1, &g, &lg); return; }
            // no power of two of at least 32 divides n: the largest divisor in [32, local] (2601 = 17 groups of 153;
            // 1000 = 4 of 250) keeps it one launch, short of a prime-like n; not past 2^20 elements, where a second
            // launch costs nothing and the search would be long
            if (local <= 256 && (l = GroupDividing(n, local)) > 0) { nuint lg = (nuint)l; Launch(kernel, what, args, 1, &g, &lg); return; }
            long whole = n / local * local;
            nuint w = (nuint)whole, lw = (nuint)local, r = (nuint)(n - whole), o = (nuint)whole;
            Launch(kernel, what, args, 1, &w, &lw);
            Launch(kernel, what, args, 1, &r, null, &o);
        }

        // n → its group size (GroupDividing), direct-mapped: one long per slot (n << 12 | group, 0 for none), read and
        // written whole, so racing launches see a slot's old or new pair and never a torn one
        readonly long[] _groupCache = new long[64];

        /// <summary>The largest group size in [32, local] that divides n, or 0 (remembered per n: the search is up to
        /// 225 divisions).</summary>
        int GroupDividing(long n, int local)
        {
            ref long slot = ref _groupCache[n & 63];
            long e = Volatile.Read(ref slot);
            if (e >> 12 == n && (e & 0xFFF) <= local) return (int)(e & 0xFFF);   // a miss (0) is remembered too
            int found = 0;
            for (int l = local; l >= 32 && found == 0; l--) if (n % l == 0) found = l;
            if (n < 1L << 50) Volatile.Write(ref slot, n << 12 | (long)found);
            return found;
        }

        /// <summary>Positional kernel arguments; each failure names the kernel and the argument.</summary>
        internal readonly struct ArgList
        {
            readonly CL _cl; readonly nint _k; readonly string _what;
            public ArgList(CL cl, nint k, string what) { _cl = cl; _k = k; _what = what; }

            public void Set<T>(uint index, T value) where T : unmanaged
            {
                int st = _cl.SetKernelArg(_k, index, (nuint)sizeof(T), &value);
                if (st != 0) throw new ClException(st, "SetKernelArg", $"{_what} argument {index} ({typeof(T).Name})");
            }

            public void Mem(uint index, DeviceBuffer b) => Set(index, ((OpenCLBuffer)b).Mem);

            /// <summary>A __local buffer of <paramref name="bytes"/>.</summary>
            public void Local(uint index, long bytes)
            {
                int st = _cl.SetKernelArg(_k, index, (nuint)bytes, null);
                if (st != 0) throw new ClException(st, "SetKernelArg", $"{_what} local argument {index} ({bytes} bytes)");
            }

            /// <summary>A scalar in the kernel's element type (float, double or long).</summary>
            public void Scalar(uint index, DType t, double value)
            {
                switch (t)
                {
                    case DType.Float32: Set(index, (float)value); break;
                    case DType.Float64: Set(index, value); break;
                    default: Set(index, (long)value); break;
                }
            }
        }

        // ---- sync & lifetime ---------------------------------------------------------------------------------
        public override void Synchronize()
        {
            lock (_launch)
            {
                ThrowIfDisposed();
                FinishAndCheckFault();
            }
        }

        void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(Name);
        }

        public override void Dispose()
        {
            FlushBinaryCache(); // programs must outlive the workers that read their binaries
            lock (_launch)
            {
                if (_disposed) return;
                _cl.Finish(_queue);
                _disposed = true;
                ReleaseFaultWord();
                Pool.Close();
                foreach (var k in _kernels.Values) _cl.ReleaseKernel(k);
                foreach (var p in _programs.Values) _cl.ReleaseProgram(p);
                _kernels.Clear(); _programs.Clear();
                _cl.ReleaseCommandQueue(_queue);
                _cl.ReleaseContext(_context);
            }
        }
    }
}
