using System.Text.Json.Nodes;
using TrustScore.Errors;
using TrustScore.TestSupport;
using TrustScore.Training;

namespace TrustScore.Tests.Training;

public sealed class CheckpointTests
{
    [Fact]
    public void WriteRead_RoundTripsTensorsAndExactState()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("c.ckpt");
        float[] a = [1.5f, -0f, float.Epsilon, 3e38f];
        Checkpoint.Write(path, "last", new JsonObject { ["lr_bits"] = Checkpoint.Bits(1e-3f), ["best_bits"] = Checkpoint.Bits(0.1 + 0.2) }, CheckpointJsonContext.Default.JsonObject, [("a", a), ("empty", [])]);
        var (kind, state, tensors) = Checkpoint.Read(path);
        Assert.Equal("last", kind);
        Assert.Equal(1e-3f, Checkpoint.SingleFromBits((string)state["lr_bits"]!));
        Assert.Equal(0.1 + 0.2, Checkpoint.DoubleFromBits((string)state["best_bits"]!));
        Assert.Equal(a.Select(BitConverter.SingleToUInt32Bits), tensors["a"].Select(BitConverter.SingleToUInt32Bits));
        Assert.Empty(tensors["empty"]);
        Assert.Equal("TSCKPT"u8.ToArray(), File.ReadAllBytes(path)[..6]);
    }

    [Fact]
    public void Read_FlippedBit_IsRejectedAsCorrupted()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("c.ckpt");
        Checkpoint.Write(path, "model", new JsonObject(), CheckpointJsonContext.Default.JsonObject, [("a", [1f, 2f])]);
        var bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<BadInputException>(() => Checkpoint.Read(path));
        Assert.Contains("corrupted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Truncated_IsRejected()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("c.ckpt");
        Checkpoint.Write(path, "model", new JsonObject(), CheckpointJsonContext.Default.JsonObject, [("a", [1f, 2f])]);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]);
        Assert.Throws<BadInputException>(() => Checkpoint.Read(path));
    }
}
