namespace TrustScore.Consensus.Layers;

/// <summary>Which instruction width the dense kernel uses. Every path gives the same bits.</summary>
internal enum DenseKernelPath
{
    /// <summary>Pick the widest accelerated path at run time.</summary>
    Auto = 0,

    /// <summary>Plain scalar loops (what runs with DOTNET_EnableHWIntrinsic=0).</summary>
    Scalar = 1,

    /// <summary>256-bit vectors (AVX2 / two NEON registers per half-panel).</summary>
    Vector256 = 2,

    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512 = 3,

    /// <summary>128-bit vectors (AdvSimd/NEON on arm64; SSE with FMA on x64): four vectors per panel.</summary>
    Vector128 = 4,
}
