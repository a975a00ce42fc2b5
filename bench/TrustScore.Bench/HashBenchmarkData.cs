namespace TrustScore.Bench;

/// <summary>
/// Writes the "1 GiB directory of mixed files" the hashing benchmark reads
/// (docs/benchmarks.md): 1×256 MiB, 4×64 MiB, 32×8 MiB, 128×1 MiB, 1024×64 KiB and 8192×8 KiB files in
/// nested folders (9,381 files, 1,024 MiB), pseudo-random bytes from a fixed seed.
/// <c>TRUSTSCORE_HASH_BENCH_SCALE</c> (a divisor, default 1) shrinks every file for a quick try.
/// </summary>
internal static class HashBenchmarkData
{
    private static readonly (int Count, int Bytes)[] Layout =
    [
        (1, 256 << 20),
        (4, 64 << 20),
        (32, 8 << 20),
        (128, 1 << 20),
        (1024, 64 << 10),
        (8192, 8 << 10),
    ];

    public static long Generate(string root)
    {
        int scale = int.TryParse(Environment.GetEnvironmentVariable("TRUSTSCORE_HASH_BENCH_SCALE"), out int s) && s > 0 ? s : 1;
        var random = new Random(20261129);
        byte[] buffer = new byte[(256 << 20) / scale];
        long total = 0;
        foreach ((int count, int bytes) in Layout)
        {
            int size = Math.Max(1, bytes / scale);
            for (int i = 0; i < count; i++)
            {
                string dir = Path.Combine(root, $"size-{bytes}", $"group-{i / 256:D3}");
                Directory.CreateDirectory(dir);
                random.NextBytes(buffer.AsSpan(0, size));
                File.WriteAllBytes(Path.Combine(dir, $"file-{i:D5}.bin"), buffer.AsSpan(0, size));
                total += size;
            }
        }

        return total;
    }
}
