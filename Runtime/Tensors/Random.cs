using System;

namespace GdEngine.Tensors
{
    /// <summary>
    /// A seeded random stream. Values are generated on the host with a fixed, documented algorithm and then
    /// written to the device, so a seed gives the same tensors on every backend:
    /// - state: xoshiro256** (Blackman &amp; Vigna), its four words seeded by SplitMix64 from the 64-bit seed;
    /// - uniform [0,1): float32 from the top 24 bits, float64 from the top 53 bits of one output;
    /// - normal: Box–Muller on two float64 uniforms (u1 in (0,1]), both outputs used, in order;
    /// - integers in [low, high): rejection sampling then modulo (no modulo bias);
    /// - permutations: Fisher–Yates from the last index down.
    /// (The sequences differ from PyTorch's, which uses Philox/MT19937; tests compare GdEngine with itself.)
    /// </summary>
    public sealed class Generator
    {
        ulong _s0, _s1, _s2, _s3;
        bool _hasSpare; double _spare;

        public Generator(long seed) { ManualSeed(seed); }

        public long InitialSeed { get; private set; }

        public Generator ManualSeed(long seed)
        {
            InitialSeed = seed;
            ulong x = (ulong)seed;
            _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
            _hasSpare = false;
            return this;
        }

        static ulong SplitMix(ref ulong x)
        {
            ulong z = (x += 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

        /// <summary>Next 64 random bits (xoshiro256**).</summary>
        public ulong NextUInt64()
        {
            ulong result = Rotl(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
            _s2 ^= t;
            _s3 = Rotl(_s3, 45);
            return result;
        }

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

        /// <summary>Uniform in [0, 1) with 24 random bits (exactly representable in float32).</summary>
        public float NextFloat() => (NextUInt64() >> 40) * (1.0f / 16777216.0f);

        /// <summary>Standard normal (Box–Muller, both outputs used in turn).</summary>
        public double NextNormal()
        {
            if (_hasSpare) { _hasSpare = false; return _spare; }
            double u1 = 1.0 - NextDouble();          // (0, 1]: log is finite
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double a = 2.0 * Math.PI * u2;
            _spare = r * Math.Sin(a); _hasSpare = true;
            return r * Math.Cos(a);
        }

        /// <summary>Uniform integer in [0, n) by rejection (no modulo bias).</summary>
        public long NextBelow(ulong n)
        {
            if (n == 0) throw new ArgumentOutOfRangeException(nameof(n), "range must be non-empty");
            ulong limit = ulong.MaxValue - (ulong.MaxValue % n);
            ulong v;
            do v = NextUInt64(); while (v >= limit);
            return (long)(v % n);
        }
    }
}
