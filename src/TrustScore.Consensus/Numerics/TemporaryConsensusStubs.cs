// TEMPORARY: stand-ins for the consensus helper's phase-1 APIs so the trainer compiles before
// `git merge consensus`. Deleted in the commit before that merge. Not the real numerics.
#pragma warning disable
namespace TrustScore.Consensus.Numerics
{
    public enum RngPurpose { WeightInit, Shuffle, Dropout, Synthetic, Conformance, Split }

    public readonly struct CounterRng
    {
        private readonly ulong key;
        private CounterRng(ulong key) { this.key = key; }
        public static CounterRng Create(ulong seed, RngPurpose purpose, ulong a = 0, ulong b = 0)
            => new(Mix(Mix(Mix(seed ^ 0x9E3779B97F4A7C15UL) ^ (ulong)purpose) ^ a) ^ Mix(b + 1));
        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        public ulong NextUInt64(ulong counter) => Mix(key ^ Mix(counter));
        public float Uniform(ulong counter) => (NextUInt64(counter) >> 40) * (1.0f / 16777216f);
        public double UniformDouble(ulong counter) => (NextUInt64(counter) >> 11) * (1.0 / 9007199254740992.0);
        public void Permutation(Span<int> values)
        {
            for (int i = 0; i < values.Length; i++) values[i] = i;
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = (int)(NextUInt64((ulong)i) % (ulong)(i + 1));
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }

    public static class ExpApprox
    {
        public static float Sigmoid(float x) => (float)(1.0 / (1.0 + System.Math.Exp(-x)));
    }
}
