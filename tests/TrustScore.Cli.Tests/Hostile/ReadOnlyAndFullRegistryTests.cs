using System.Diagnostics;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// A registry on a read-only or full file system (a small tmpfs): the real cause is reported at
/// once with a non-busy exit code, listing still works, and nothing half-written is left. Where
/// mounting is refused, the same "cannot be created is not busy" rule is checked on a directory
/// nobody may write (sysfs refuses even root).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class ReadOnlyAndFullRegistryTests : IDisposable
{
    private readonly TempDirectory tmp = new("hostile-fs");

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void ReadOnlyRegistry_PublishAndRollback_NameTheCauseAtOnce_NotBusy_AndListingStillWorks()
    {
        using var fs = SmallFileSystem.TryMount("8m", out string? refusal);
        if (fs is null)
        {
            AssertUnwritableRegistryIsNotBusy(refusal!);
            return;
        }

        string reg = Path.Combine(fs.Path, "models");
        string active = tmp.Combine("active");
        Assert.Equal(0, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "w1"), "--registry", reg).Code);
        Assert.Equal(0, CliRunner.Run("rollback", "to", "v1", "--registry", reg, "--active", active).Code);
        fs.MakeReadOnly();

        var clock = Stopwatch.StartNew();
        var publish = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("y"), "v2", "w2"), "--registry", reg);
        var rollback = CliRunner.Run("rollback", "to", "v1", "--registry", reg, "--active", active, "--dry-run");
        clock.Stop();

        Assert.Equal(1, publish.Code);
        Assert.Contains("Read-only file system", publish.Err, StringComparison.Ordinal);
        Assert.Contains(reg, publish.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("in progress", publish.Err, StringComparison.Ordinal);
        Assert.Equal(1, rollback.Code);
        Assert.Contains("Read-only file system", rollback.Err, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");

        Assert.Equal(0, CliRunner.Run("registry", "list", "--registry", reg, "--verify").Code);
        Assert.Equal(0, CliRunner.Run("rollback", "list", "--registry", reg, "--active", active).Code);
        Assert.Equal(0, CliRunner.Run("audit", "verify", "--registry", reg).Code);
    }

    [Fact]
    public void FullRegistry_PublishFails_LeavesNothingVisible_AndSucceedsOnceThereIsRoom()
    {
        using var fs = SmallFileSystem.TryMount("8m", out string? refusal);
        if (fs is null)
        {
            AssertUnwritableRegistryIsNotBusy(refusal!);
            return;
        }

        string reg = Path.Combine(fs.Path, "models");
        Assert.Equal(0, CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "w1"), "--registry", reg).Code);
        fs.Fill();

        var full = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("y"), "v2", "w2"), "--registry", reg);

        Assert.NotEqual(0, full.Code);
        Assert.NotEqual(8, full.Code);
        Assert.Contains("No space left on device", full.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", full.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(reg, "v2")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(reg, ".staging-*"));

        File.Delete(Path.Combine(fs.Path, ".filler"));
        var (code, _, err) = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("z"), "v2", "w2"), "--registry", reg);
        Assert.True(code == 0, err);
        Assert.Equal(0, CliRunner.Run("registry", "list", "--registry", reg, "--verify").Code);
    }

    /// <summary>Where no tmpfs can be mounted: a registry under sysfs cannot be created by anyone.</summary>
    private void AssertUnwritableRegistryIsNotBusy(string refusal)
    {
        Assert.False(string.IsNullOrWhiteSpace(refusal));
        string reg = "/sys/trustscore-hostile-registry";
        var clock = Stopwatch.StartNew();
        var publish = CliRunner.Run("publish", "--model", VersionDirectoryFixture.Write(tmp.Combine("y"), "v2", "w2"), "--registry", reg);
        Assert.Equal(1, publish.Code);
        Assert.Contains(reg, publish.Err, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}
