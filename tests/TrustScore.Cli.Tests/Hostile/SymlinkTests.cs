using System.Diagnostics;
using TrustScore.TestSupport;

namespace TrustScore.Cli.Tests.Hostile;

/// <summary>
/// Symbolic links at every level the tool walks inside a registry: stale staging directories
/// and what is nested in them, the audit log, the lock files, version entries and the files of
/// a version. A link is unlinked (cleaning) or refused (anything read or written), never
/// followed (docs/formats/registry.md, "Symbolic links").
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, symbolic links and mounts.
public sealed class SymlinkTests : IDisposable
{
    private const UnixFileMode Mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly HostileRegistry reg = new();
    private readonly TempDirectory outside = new("hostile-outside");

    public SymlinkTests()
    {
        File.SetUnixFileMode(outside.Path, Mode0755);
        File.WriteAllText(outside.Combine("keep.txt"), "not the registry's");
        File.SetUnixFileMode(outside.Combine("keep.txt"), Mode0644);
    }

    public void Dispose()
    {
        reg.Dispose();
        outside.Dispose();
    }

    [Fact]
    public void Publish_StaleStagingEntryThatIsALink_IsUnlinked_ItsTargetUntouched()
    {
        string link = Path.Combine(reg.Reg, ".staging-v9-1-x");
        Directory.CreateSymbolicLink(link, outside.Path);

        Assert.Equal(0, CliRunner.Run("publish", "--model", reg.Export("v4"), "--registry", reg.Reg).Code);

        Assert.False(Path.Exists(link) || new FileInfo(link).LinkTarget is not null);
        AssertOutsideUntouched();
    }

    [Fact]
    public void Publish_LinksNestedInAStaleStagingDirectory_AreUnlinked_TheirTargetsUntouched()
    {
        string staging = Path.Combine(reg.Reg, ".staging-v9-2-y");
        Directory.CreateDirectory(Path.Combine(staging, "model", "deeper"));
        Directory.CreateSymbolicLink(Path.Combine(staging, "model", "deeper", "dir-link"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(staging, "model", "file-link"), outside.Combine("keep.txt"));
        File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        Assert.Equal(0, CliRunner.Run("publish", "--model", reg.Export("v4"), "--registry", reg.Reg).Code);

        Assert.False(Directory.Exists(staging));
        AssertOutsideUntouched();
    }

    [Fact]
    public void Publish_AuditLogThatIsALink_IsRefusedWithExit3_BeforeAnyWork()
    {
        string elsewhere = outside.Combine("log.jsonl");
        File.Move(reg.Log, elsewhere);
        File.CreateSymbolicLink(reg.Log, elsewhere);
        byte[] before = File.ReadAllBytes(elsewhere);

        var (code, _, err) = CliRunner.Run("publish", "--model", reg.Export("v4"), "--registry", reg.Reg);

        Assert.Equal(3, code);
        Assert.Contains("audit log", err, StringComparison.Ordinal);
        Assert.Contains("symbolic link", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(elsewhere));
        Assert.False(Directory.Exists(Path.Combine(reg.Reg, "v4")));
    }

    [Theory]
    [InlineData(".publish.lock", "publish")]
    [InlineData(".rollback.lock", "rollback")]
    [InlineData("rollback_log.jsonl.lock", "rollback")]
    public void LockFileThatIsALink_IsRefusedWithExit3_TargetUntouched(string lockName, string verb)
    {
        string lockPath = Path.Combine(reg.Reg, lockName);
        File.Delete(lockPath);
        File.CreateSymbolicLink(lockPath, outside.Combine("keep.txt"));

        var (code, _, err) = verb == "publish"
            ? CliRunner.Run("publish", "--model", reg.Export("v4"), "--registry", reg.Reg)
            : CliRunner.Run(reg.Args("rollback", "to", "v1"));

        Assert.Equal(3, code);
        Assert.Contains("lock file", err, StringComparison.Ordinal);
        Assert.Null(reg.PointsAt());
        AssertOutsideUntouched();
    }

    [Fact]
    public void VersionEntryThatIsALinkOutsideTheRegistry_IsRefusedByRollback_AndNeverVerifies()
    {
        string copy = outside.Combine("v3");
        CopyTree(Path.Combine(reg.Reg, "v3"), copy);
        Directory.CreateSymbolicLink(Path.Combine(reg.Reg, "vlink"), copy);
        Assert.Equal(0, CliRunner.Run(reg.Args("rollback", "to", "v1")).Code);

        var to = CliRunner.Run(reg.Args("rollback", "to", "vlink"));
        var verify = CliRunner.Run(reg.Args("rollback", "verify", "vlink"));
        var list = CliRunner.Run(reg.Args("rollback", "list"));

        Assert.Equal(3, to.Code);
        Assert.Contains("symbolic link", to.Err, StringComparison.Ordinal);
        Assert.Equal("v1", reg.PointsAt());
        Assert.Equal(3, verify.Code);
        Assert.Equal(0, list.Code);
        Assert.Contains("vlink", list.Out, StringComparison.Ordinal);
        Assert.Contains(list.Out.Split('\n'), l => l.Contains("vlink", StringComparison.Ordinal) && l.Contains("DOES NOT VERIFY", StringComparison.Ordinal));
    }

    [Fact]
    public void Publish_OverAVersionEntryThatIsALink_IsRefusedWithExit3()
    {
        Directory.CreateSymbolicLink(Path.Combine(reg.Reg, "v4"), outside.Path);

        var (code, _, err) = CliRunner.Run("publish", "--model", reg.Export("v4"), "--registry", reg.Reg);

        Assert.Equal(3, code);
        Assert.Contains("symbolic link", err, StringComparison.Ordinal);
        AssertOutsideUntouched();
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("metadata.json")]
    [InlineData("model.sig")]
    public void AFileOfAVersionThatIsALink_MakesItFailVerification_Exit5(string name)
    {
        string file = Path.Combine(reg.Reg, "v2", name);
        string elsewhere = outside.Combine(name);
        File.SetUnixFileMode(Path.Combine(reg.Reg, "v2"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(file))
        {
            File.Copy(file, elsewhere);
            File.Delete(file);
        }
        else
        {
            File.WriteAllText(elsewhere, "{}");
        }

        File.CreateSymbolicLink(file, elsewhere);

        var (code, _, err) = CliRunner.Run(reg.Args("rollback", "verify", "v2"));

        Assert.Equal(5, code);
        Assert.Contains("symbolic link", err, StringComparison.Ordinal);
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(Mode0755, File.GetUnixFileMode(outside.Path));
        Assert.Equal(Mode0644, File.GetUnixFileMode(outside.Combine("keep.txt")));
        Assert.Equal("not the registry's", File.ReadAllText(outside.Combine("keep.txt")));
    }

    private static void CopyTree(string from, string to)
    {
        using var cp = Process.Start("cp", ["-a", from, to])!;
        cp.WaitForExit();
        Assert.Equal(0, cp.ExitCode);
    }
}
