using Microsoft.Extensions.Time.Testing;
using System.Security.Cryptography;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

public class LocalRegistryTests
{
    [Fact]
    public void Publish_WritesLooseFilesArchiveAndMetadata_ReadOnly()
    {
        using var tmp = new TempDirectory();
        string source = VersionDirectoryFixture.Write(tmp.Combine("export"), "v1", "weights-1");
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        var registry = new LocalRegistry(tmp.Combine("reg"), clock, "alice@host");

        var result = registry.Publish(source, "v1");

        string dir = tmp.Combine("reg", "v1");
        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(VersionDirectoryFixture.ManifestRoot(source), result.RootDigest);
        Assert.Equal(File.ReadAllBytes(Path.Combine(source, "model", "model.onnx")), File.ReadAllBytes(Path.Combine(dir, "model", "model.onnx")));
        byte[] archive = File.ReadAllBytes(Path.Combine(dir, "trust_score_v1.tar.gz"));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive)), result.ArchiveDigest);

        var metadata = VersionMetadata.Read(Path.Combine(dir, "metadata.json"));
        Assert.Equal(new VersionMetadata("v1", result.RootDigest, "trust_score_v1.tar.gz", result.ArchiveDigest, RegistryTestSupport.Start, "alice@host"), metadata);
        foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.GetAttributes(file).HasFlag(FileAttributes.ReadOnly), file);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file) & (UnixFileMode)0b111_111_111);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0b101_101_101, File.GetUnixFileMode(dir) & (UnixFileMode)0b111_111_111);
        }
        Assert.Empty(Directory.GetDirectories(tmp.Combine("reg"), ".staging-*"));
        Assert.True(RegistryVerification.Verify(dir, published: true).Passed);
    }

    [Fact]
    public void Republish_IdenticalIsOk_ChangedIsConflict_AndNothingChanges()
    {
        using var tmp = new TempDirectory();
        var registry = new LocalRegistry(tmp.Combine("reg"), new FakeTimeProvider(RegistryTestSupport.Start), "alice@host");
        string source = VersionDirectoryFixture.Write(tmp.Combine("a"), "v1", "weights-1");
        var first = registry.Publish(source, "v1");
        var before = RegistryTestSupport.Snapshot(tmp.Combine("reg", "v1"));

        var again = registry.Publish(VersionDirectoryFixture.Write(tmp.Combine("b"), "v1", "weights-1"), "v1");
        Assert.Equal(PublishOutcome.AlreadyPublishedIdentical, again.Outcome);
        Assert.Equal(first.ArchiveDigest, again.ArchiveDigest);

        string changed = VersionDirectoryFixture.Write(tmp.Combine("c"), "v1", "weights-2");
        var ex = Assert.Throws<ImmutabilityConflictException>(() => registry.Publish(changed, "v1"));
        Assert.Contains("model/model.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.ImmutabilityConflict, ex.ExitCode);
        Assert.Equal(before, RegistryTestSupport.Snapshot(tmp.Combine("reg", "v1")));
    }

    [Fact]
    public void Publish_RefusesFailedGates_AndWrongDigest_LeavingNoVersion()
    {
        using var tmp = new TempDirectory();
        var registry = new LocalRegistry(tmp.Combine("reg"), new FakeTimeProvider(RegistryTestSupport.Start), "alice@host");
        string gates = VersionDirectoryFixture.Write(tmp.Combine("g"), "v1", "weights", gatesPassed: false);
        Assert.Throws<GatesFailedException>(() => registry.Publish(gates, "v1"));

        string tampered = VersionDirectoryFixture.Write(tmp.Combine("t"), "v2", "weights");
        VersionDirectoryFixture.FlipBit(Path.Combine(tampered, "model", "model.onnx"));
        var ex = Assert.Throws<VerificationFailedException>(() => registry.Publish(tampered, "v2"));
        Assert.Contains("digest", ex.Message, StringComparison.Ordinal);

        Assert.Empty(registry.List());
        Assert.Empty(Directory.GetDirectories(tmp.Combine("reg")));
    }

    [Fact]
    public void Publish_RefusesVersionNameThatDiffersFromManifest_AndUnsafeNames()
    {
        using var tmp = new TempDirectory();
        var registry = new LocalRegistry(tmp.Combine("reg"), new FakeTimeProvider(RegistryTestSupport.Start), "alice@host");
        string source = VersionDirectoryFixture.Write(tmp.Path, "v1", "weights");
        Assert.Throws<BadInputException>(() => registry.Publish(source, "v2"));
        Assert.Throws<BadInputException>(() => registry.Publish(source, "../v1"));
        Assert.Throws<BadInputException>(() => registry.Publish(source, ".hidden"));
        Assert.Empty(registry.List());
    }

    [Fact]
    public void List_IsNewestPublishedFirst_AndSkipsIncompleteVersions()
    {
        using var tmp = new TempDirectory();
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        var registry = new LocalRegistry(tmp.Combine("reg"), clock, "alice@host");
        foreach (string v in new[] { "v2", "v1", "v3" })
        {
            registry.Publish(VersionDirectoryFixture.Write(tmp.Combine("x"), v, "weights-" + v), v);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        // A directory without metadata.json is not a published version.
        Directory.CreateDirectory(tmp.Combine("reg", "v9", "model"));

        var list = registry.List();
        Assert.Equal(["v3", "v1", "v2"], list.Select(e => e.Version).ToArray());
        Assert.Equal(0.91, list[0].R2);
        Assert.Equal(3.2, list[0].Mae);
        Assert.Null(registry.Find("v9"));
        Assert.Equal("v1", registry.Find("v1")!.Version);
    }

    [Fact]
    public void EightConcurrentPublishers_ExactlyOneWins_NeverAMixture()
    {
        using var tmp = new TempDirectory();
        var registry = new LocalRegistry(tmp.Combine("reg"), new FakeTimeProvider(RegistryTestSupport.Start), "alice@host");
        var sources = Enumerable.Range(0, 8)
            .Select(i => VersionDirectoryFixture.Write(tmp.Combine("src" + i), "v1", i % 2 == 0 ? "even-weights" : "odd-weights"))
            .ToArray();
        using var gate = new Barrier(8);
        var outcomes = new object[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            gate.SignalAndWait();
            try
            {
                outcomes[i] = registry.Publish(sources[i], "v1").Outcome;
            }
            catch (ImmutabilityConflictException ex)
            {
                outcomes[i] = ex;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Single(outcomes, o => o is PublishOutcome.Published);
        int winner = Array.FindIndex(outcomes, o => o is PublishOutcome.Published);
        for (int i = 0; i < 8; i++)
        {
            bool sameAsWinner = i % 2 == winner % 2;
            if (i != winner)
            {
                Assert.True(sameAsWinner ? outcomes[i] is PublishOutcome.AlreadyPublishedIdentical : outcomes[i] is ImmutabilityConflictException, $"publisher {i}: {outcomes[i]}");
            }
        }

        // The published bytes are exactly the winner's, file for file.
        Assert.Equal(
            RegistryTestSupport.Snapshot(sources[winner]),
            new SortedDictionary<string, string>(RegistryTestSupport.Snapshot(tmp.Combine("reg", "v1")).Where(p => !ReproducibleArchive.IsRegistryFile(p.Key)).ToDictionary(), StringComparer.Ordinal));
        Assert.True(RegistryVerification.Verify(tmp.Combine("reg", "v1"), published: true).Passed);
    }

    [Fact]
    public void Publish_RemovesStagingLeftByACrashedPublisher()
    {
        using var tmp = new TempDirectory();
        string stale = tmp.Combine("reg", ".staging-v1-99999-dead");
        Directory.CreateDirectory(Path.Combine(stale, "model"));
        File.WriteAllText(Path.Combine(stale, "model", "model.onnx"), "half");
        var registry = new LocalRegistry(tmp.Combine("reg"), new FakeTimeProvider(RegistryTestSupport.Start), "alice@host");

        registry.Publish(VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "weights"), "v1");

        Assert.False(Directory.Exists(stale));
        Assert.Equal(["v1"], registry.List().Select(e => e.Version).ToArray());
    }

    [Fact]
    public void Verification_CatchesTamperedArchiveAndMetadata()
    {
        using var tmp = new TempDirectory();
        var registry = new LocalRegistry(tmp.Combine("reg"), new FakeTimeProvider(RegistryTestSupport.Start), "alice@host");
        registry.Publish(VersionDirectoryFixture.Write(tmp.Combine("x"), "v1", "weights"), "v1");
        string dir = tmp.Combine("reg", "v1");
        VersionDirectoryFixture.FlipBit(Path.Combine(dir, "trust_score_v1.tar.gz"), 20);

        var verification = RegistryVerification.Verify(dir, published: true);

        Assert.False(verification.Passed);
        Assert.Equal(["archive"], verification.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray());
    }
}
