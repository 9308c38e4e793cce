using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace GdEngine.Interop
{
    /// <summary>
    /// A loaded native library. netstandard2.1 has no System.Runtime.InteropServices.NativeLibrary, so this
    /// calls dlopen/dlsym (Linux, macOS) or LoadLibraryW/GetProcAddress (Windows) itself.
    /// Entry points are fetched as raw pointers and called through <c>delegate* unmanaged[Cdecl]</c>.
    /// </summary>
    public sealed class NativeLibrary : IDisposable
    {
        public string Name { get; }
        public IntPtr Handle { get; private set; }

        NativeLibrary(string name, IntPtr handle) { Name = name; Handle = handle; }

        /// <summary>Loads the first of <paramref name="candidates"/> that the OS can open.</summary>
        /// <param name="what">What the library is, for the error ("OpenCL ICD loader").</param>
        /// <param name="packageHint">Which package provides it, for the error ("apt-get install ocl-icd-libopencl1").</param>
        public static NativeLibrary Load(string what, IReadOnlyList<string> candidates, string packageHint)
        {
            if (TryLoad(candidates, out var lib, out var errors)) return lib;
            var sb = new StringBuilder();
            sb.Append("Could not load the ").Append(what).Append(". Tried: ");
            for (int i = 0; i < candidates.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(candidates[i]);
                if (!string.IsNullOrEmpty(errors[i])) sb.Append(" (").Append(errors[i]).Append(')');
            }
            sb.Append(". ").Append(packageHint);
            throw new DllNotFoundException(sb.ToString());
        }

        public static bool TryLoad(IReadOnlyList<string> candidates, out NativeLibrary library, out string[] errors)
        {
            errors = new string[candidates.Count];
            for (int i = 0; i < candidates.Count; i++)
            {
                IntPtr h = Platform.Open(candidates[i], out errors[i]);
                if (h != IntPtr.Zero) { library = new NativeLibrary(candidates[i], h); return true; }
            }
            library = null;
            return false;
        }

        /// <summary>The address of <paramref name="symbol"/>, or zero when the library does not export it.</summary>
        public IntPtr TryGetExport(string symbol)
        {
            if (Handle == IntPtr.Zero) throw new ObjectDisposedException(Name);
            return Platform.Symbol(Handle, symbol);
        }

        /// <summary>The address of <paramref name="symbol"/>; throws naming the library when it is missing.</summary>
        public IntPtr GetExport(string symbol)
        {
            IntPtr p = TryGetExport(symbol);
            if (p == IntPtr.Zero)
                throw new EntryPointNotFoundException($"{Name} does not export '{symbol}'.");
            return p;
        }

        /// <summary>
        /// Libraries stay loaded for the process lifetime by default (GL/CL drivers dislike being unloaded while
        /// objects live); Dispose only forgets the handle.
        /// </summary>
        public void Dispose() { Handle = IntPtr.Zero; }

        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        public static bool IsMacOS => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
        public static bool IsLinux => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        static class Platform
        {
            const int RTLD_NOW = 2;
            const int RTLD_GLOBAL_LINUX = 0x100;
            const int RTLD_GLOBAL_MAC = 0x8;

            [DllImport("libdl.so.2", EntryPoint = "dlopen")] static extern IntPtr dlopen_dl2(string file, int mode);
            [DllImport("libdl.so.2", EntryPoint = "dlsym")] static extern IntPtr dlsym_dl2(IntPtr h, string name);
            [DllImport("libdl.so.2", EntryPoint = "dlerror")] static extern IntPtr dlerror_dl2();
            [DllImport("libc", EntryPoint = "dlopen")] static extern IntPtr dlopen_c(string file, int mode);
            [DllImport("libc", EntryPoint = "dlsym")] static extern IntPtr dlsym_c(IntPtr h, string name);
            [DllImport("libc", EntryPoint = "dlerror")] static extern IntPtr dlerror_c();
            [DllImport("kernel32", EntryPoint = "LoadLibraryW", CharSet = CharSet.Unicode, SetLastError = true)]
            static extern IntPtr LoadLibraryW(string name);
            [DllImport("kernel32", EntryPoint = "GetProcAddress", CharSet = CharSet.Ansi)]
            static extern IntPtr GetProcAddress(IntPtr h, string name);

            static bool? _useDl2;

            static bool UseDl2
            {
                get
                {
                    if (_useDl2 == null)
                    {
                        try { dlerror_dl2(); _useDl2 = true; }
                        catch (DllNotFoundException) { _useDl2 = false; }
                        catch (EntryPointNotFoundException) { _useDl2 = false; }
                    }
                    return _useDl2.Value;
                }
            }

            public static IntPtr Open(string name, out string error)
            {
                error = null;
                if (IsWindows)
                {
                    IntPtr h = LoadLibraryW(name);
                    if (h == IntPtr.Zero) error = "error " + Marshal.GetLastWin32Error();
                    return h;
                }
                int mode = RTLD_NOW | (IsMacOS ? RTLD_GLOBAL_MAC : RTLD_GLOBAL_LINUX);
                IntPtr r = UseDl2 ? dlopen_dl2(name, mode) : dlopen_c(name, mode);
                if (r == IntPtr.Zero)
                {
                    IntPtr e = UseDl2 ? dlerror_dl2() : dlerror_c();
                    error = e == IntPtr.Zero ? "not found" : Marshal.PtrToStringAnsi(e);
                    // dlerror repeats the file name; keep only the reason.
                    if (error != null && error.StartsWith(name + ": ", StringComparison.Ordinal))
                        error = error.Substring(name.Length + 2);
                }
                return r;
            }

            public static IntPtr Symbol(IntPtr handle, string name)
            {
                if (IsWindows) return GetProcAddress(handle, name);
                return UseDl2 ? dlsym_dl2(handle, name) : dlsym_c(handle, name);
            }
        }
    }
}
