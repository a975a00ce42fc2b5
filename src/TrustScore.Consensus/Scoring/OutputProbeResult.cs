namespace TrustScore.Consensus.Scoring;

/// <summary>Digests of a deterministic scoring run, for comparing processes, thread counts and CPUs.</summary>
/// <param name="ModelSha256">SHA-256 of the model file scored.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="Seed">Seed of the generated inputs.</param>
/// <param name="Batch">Rows per Score call.</param>
/// <param name="Threads">Threads per Score call.</param>
/// <param name="OutputsSha256">SHA-256 of all float32 outputs as little-endian bytes, in row order.</param>
/// <param name="ScoresSha256">SHA-256 of all integer scores as little-endian int32, in row order.</param>
/// <param name="FirstOutputBits">Bit pattern of row 0's output (hex), for a quick look.</param>
/// <param name="KernelPath">Instruction width the dense kernel used in this process.</param>
public sealed record OutputProbeResult(
    string ModelSha256, int Rows, ulong Seed, int Batch, int Threads,
    string OutputsSha256, string ScoresSha256, string FirstOutputBits, string KernelPath);
