using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

public class ReproducibleArchiveTests
{
    [Fact]
    public void Archive_IsByteIdentical_ForCopiesWithDifferentMtimesAndLocations()
    {
        using var tmp = new TempDirectory();
        string a = VersionDirectoryFixture.Write(tmp.Combine("a"), "v1", "weights");
        string b = VersionDirectoryFixture.Write(tmp.Combine("b"), "v1", "weights");
        foreach (string file in Directory.EnumerateFiles(b, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        }

        byte[] first = ReproducibleArchive.Create(a, "v1");
        byte[] second = ReproducibleArchive.Create(b, "v1");
        Assert.Equal(first, second);
    }

    /// <summary>
    /// The tar inside the archive is byte for byte what GNU tar 1.34 writes for the same tree. The
    /// digest was computed outside this code, in a shell:
    /// <code>
    /// mkdir -p v7/model/$D; printf '{"a":1}\n' &gt; v7/manifest.json; printf 'onnx-bytes' &gt; v7/model/model.onnx
    /// printf x &gt; v7/model/conformance.json; printf long &gt; v7/model/$D/$F.bin   # D = 60 × d, F = 60 × f
    /// tar --format=ustar -b 1 --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name \
    ///     --mode='u=rwX,go=rX' -cf - v7 | sha256sum
    /// </code>
    /// The long path exercises the ustar prefix field.
    /// </summary>
    [Fact]
    public void Tar_IsByteIdenticalToGnuTarUstar_Golden()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.Combine("v7");
        string deep = Path.Combine(dir, "model", new string('d', 60));
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), "{\"a\":1}\n");
        File.WriteAllText(Path.Combine(dir, "model", "model.onnx"), "onnx-bytes");
        File.WriteAllText(Path.Combine(dir, "model", "conformance.json"), "x");
        File.WriteAllText(Path.Combine(deep, new string('f', 60) + ".bin"), "long");

        using var tar = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(ReproducibleArchive.Create(dir, "v7")), CompressionMode.Decompress))
        {
            gzip.CopyTo(tar);
        }

        Assert.Equal("3635bbbd79b34cbb8c20b3fd07eb24dad8a343d3309a1d01143fadde46027a30", Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())));
    }

    [Fact]
    public void Archive_ChangesWhenOneByteOfTheModelChanges()
    {
        using var tmp = new TempDirectory();
        string a = VersionDirectoryFixture.Write(tmp.Combine("a"), "v1", "weights");
        string b = VersionDirectoryFixture.Write(tmp.Combine("b"), "v1", "weightz");
        Assert.NotEqual(ReproducibleArchive.Create(a, "v1"), ReproducibleArchive.Create(b, "v1"));
    }

    [Fact]
    public void GzipHeader_HasNoNameNoMtime_AndOsUnknown()
    {
        using var tmp = new TempDirectory();
        byte[] gz = ReproducibleArchive.Create(VersionDirectoryFixture.Write(tmp.Path, "v1", "weights"), "v1");

        // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS.
        Assert.Equal(0x1f, gz[0]);
        Assert.Equal(0x8b, gz[1]);
        Assert.Equal(8, gz[2]);
        Assert.Equal(0, gz[3]);
        Assert.Equal(new byte[4], gz[4..8]);
        Assert.Equal(0xff, gz[9]);
    }

    [Fact]
    public void TarEntries_AreSortedWithZeroOwnerAndMtime_AndFixedModes()
    {
        using var tmp = new TempDirectory();
        string dir = VersionDirectoryFixture.Write(tmp.Path, "v7", "weights");
        byte[] gz = ReproducibleArchive.Create(dir, "v7");

        // Read back with the framework's own tar reader, independent of our writer.
        using var reader = new TarReader(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        Assert.Equal(
            ["v7/", "v7/export_metadata.json", "v7/manifest.json", "v7/model/", "v7/model/conformance.json", "v7/model/feature_schema.json", "v7/model/model.onnx"],
            entries.Select(e => e.Name).ToArray());
        foreach (var e in entries)
        {
            Assert.Equal(0, e.Uid);
            Assert.Equal(0, e.Gid);
            Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime);
            Assert.Equal(string.Empty, ((PosixTarEntry)e).UserName);
            Assert.Equal(string.Empty, ((PosixTarEntry)e).GroupName);
            Assert.Equal(e.EntryType == TarEntryType.Directory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100, e.Mode);
        }

        var onnx = entries.Single(e => e.Name == "v7/model/model.onnx");
        using var data = new MemoryStream();
        onnx.DataStream!.CopyTo(data);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "model", "model.onnx")), data.ToArray());
    }

    [Fact]
    public void Archive_LeavesOutRegistryFiles()
    {
        Assert.True(ReproducibleArchive.IsRegistryFile("metadata.json"));
        Assert.True(ReproducibleArchive.IsRegistryFile("trust_score_v1.tar.gz"));
        Assert.False(ReproducibleArchive.IsRegistryFile("model/trust_score_v1.tar.gz"));
        Assert.False(ReproducibleArchive.IsRegistryFile("manifest.json"));
    }
}
