using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text;
using TrustScore.Consensus.Model;
using TrustScore.Consensus.Scoring;

namespace TrustScore.TestSupport;

/// <summary>
/// The one catalogue of model-directory fixtures that every layer
/// reuses: the OpenSSF golden directory, single file, empty, nested, ordering trap, dotfiles,
/// Unicode names, and the directories that must be refused (symlink, FIFO, socket, bad names).
/// Each writer fills an existing or new directory and returns its path.
/// </summary>
public static class ModelFixtures
{
    /// <summary>Root digest of <see cref="WriteOpenSsfGolden"/> (docs/test-vectors.md).</summary>
    public const string OpenSsfGoldenRoot = "143cc682e555951649f18e2761c3d526d2502996f5e32dc187ef7f8a614f8df7";

    /// <summary>Digest of <c>d0/f00</c> in <see cref="WriteOpenSsfGolden"/>.</summary>
    public const string OpenSsfGoldenD0F00 = "fdd8925354242a7fd1515e79534317b800015607a609cd306e0b4dcfe6c92249";

    /// <summary>Digest of <c>f0</c> in <see cref="WriteOpenSsfGolden"/>.</summary>
    public const string OpenSsfGoldenF0 = "997b37cc51f1ca1c7a270466607e26847429cd7264c30148c1b9352e224083fc";

    /// <summary>SHA-256 of no bytes.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The 10-file directory of docs/test-vectors.md ("Model digest").</summary>
    public static string WriteOpenSsfGolden(string dir)
    {
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Write(dir, $"d{i}/f{i}{j}", $"This is file f{i}{j} in d{i}.");
            }
        }

        for (int i = 0; i < 4; i++)
        {
            Write(dir, $"f{i}", $"This is file f{i} in root.");
        }

        return dir;
    }

    /// <summary>Files <c>a/b</c> and <c>a.txt</c>: component order puts <c>a/b</c> first, ordinal order does not.</summary>
    public static string WriteOrderingTrap(string dir)
    {
        Write(dir, "a/b", "inside a");
        Write(dir, "a.txt", "beside a");
        return dir;
    }

    /// <summary>
    /// Keeper hash (virtengine-keeper/1) of <see cref="WriteKeeperGolden"/>, computed with
    /// printf, find, sort and sha256sum by tests/TrustScore.Consensus.Tests/Digest/keeper_golden.sh.
    /// </summary>
    public const string KeeperGoldenHash = "1960d60deaf3b9927f0ce9214f7fe8709c853b55867cae60f4a5588a77e9c648";

    /// <summary>
    /// The keeper golden tree of keeper_golden.sh: names whose byte order differs from their
    /// component order (<c>a-b</c>, <c>a.txt</c>, <c>a/b</c>), nested directories, skipped
    /// names at the top and at depth, a directory named like a skipped file, and <c>.git</c>.
    /// </summary>
    public static string WriteKeeperGolden(string dir)
    {
        Write(dir, "a-b", "dash");
        Write(dir, "a.txt", "dot");
        Write(dir, "a/b", "inside a");
        Write(dir, "a/c/deep.bin", "deep");
        Write(dir, "a/manifest.json", "skipped at depth");
        Write(dir, "a/c/MODEL_HASH.txt", "skipped at depth");
        Write(dir, "manifest.json", "top");
        Write(dir, "export_metadata.json", "meta");
        Write(dir, "MODEL_HASH.txt", "hash");
        Write(dir, ".git/HEAD", "ref: refs/heads/main\n");
        Write(dir, "d/manifest.json/inner.bin", "under a directory named like a skipped file");
        return dir;
    }

    /// <summary>A single regular file at <paramref name="path"/>.</summary>
    public static string WriteSingleFile(string path, string content = "single-file model")
    {
        Write(Path.GetDirectoryName(path)!, Path.GetFileName(path), content);
        return path;
    }

    /// <summary>An empty directory.</summary>
    public static string WriteEmpty(string dir)
    {
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deeply nested files plus an empty file and an empty subdirectory.</summary>
    public static string WriteNested(string dir)
    {
        Write(dir, "x/y/z/deep.bin", "deep");
        Write(dir, "x/y/empty.bin", string.Empty);
        Write(dir, "x/top.bin", "top");
        Directory.CreateDirectory(Path.Combine(dir, "x", "nothing-here"));
        return dir;
    }

    /// <summary>Git metadata (ignored by default) beside a hidden file that is not ignored.</summary>
    public static string WriteDotfiles(string dir)
    {
        Write(dir, "weights.bin", "weights");
        Write(dir, ".hidden", "hidden but hashed");
        Write(dir, ".git/HEAD", "ref: refs/heads/main");
        Write(dir, ".gitignore", "*.tmp");
        Write(dir, ".gitattributes", "* -text");
        Write(dir, ".github/workflows/ci.yml", "on: push");
        return dir;
    }

    /// <summary>NFC names outside ASCII, including one outside the Basic Multilingual Plane.</summary>
    public static string WriteUnicodeNames(string dir)
    {
        Write(dir, "caf\u00e9.txt", "NFC e-acute");
        Write(dir, "\uff21.txt", "fullwidth A (U+FF21)");
        Write(dir, "\U0001F600.txt", "emoji (U+1F600)");
        return dir;
    }

    /// <summary>A regular file plus a symbolic link to it.</summary>
    public static string WriteWithSymlink(string dir)
    {
        Write(dir, "real.bin", "real");
        File.CreateSymbolicLink(Path.Combine(dir, "link.bin"), "real.bin");
        return dir;
    }

    /// <summary>A regular file plus a FIFO (Unix only).</summary>
    public static string WriteWithFifo(string dir)
    {
        Write(dir, "real.bin", "real");
        RunTool("mkfifo", Path.Combine(dir, "pipe"));
        return dir;
    }

    /// <summary>
    /// A regular file plus a bound Unix-domain socket named <c>sock</c> (Unix only). The socket
    /// file exists only while the returned socket is open: dispose it after the test.
    /// </summary>
    public static Socket WriteWithSocket(string dir)
    {
        Write(dir, "real.bin", "real");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(dir, "sock")));
        return socket;
    }

    /// <summary>A file whose name is NFD (<c>e</c> + combining acute), not NFC.</summary>
    public static string WriteWithNfdName(string dir)
    {
        Write(dir, "cafe\u0301.txt", "NFD");
        return dir;
    }

    /// <summary>Two files whose names differ only by case (needs a case-sensitive filesystem).</summary>
    public static string WriteWithCaseCollision(string dir)
    {
        Write(dir, "Model.onnx", "upper");
        Write(dir, "model.onnx", "lower");
        return dir;
    }

    /// <summary>A file whose name is the single byte 0xFF, which is not UTF-8 (Unix only).</summary>
    public static string WriteWithNonUtf8Name(string dir)
    {
        Directory.CreateDirectory(dir);
        // .NET cannot spell a non-UTF-8 name, so the shell does it.
        RunTool("bash", "-c", "touch -- \"$0/bad-\"$'\\xff'", dir);
        return dir;
    }

    /// <summary>
    /// An unsigned exported version directory (docs/formats.md §2–3) named <paramref name="version"/>
    /// under <paramref name="parent"/>: <c>model/{conformance.json, feature_schema.json,
    /// model.onnx}</c>, <c>manifest.json</c> and <c>export_metadata.json</c>. The manifest is
    /// written here from the documented field names with its own SHA-256 arithmetic, not by the
    /// code under test. Sign it with <c>ModelSigner</c> to get a complete version.
    /// </summary>
    /// <param name="parent">Directory to create the version directory in.</param>
    /// <param name="version">Directory name and <c>model.version</c>.</param>
    /// <param name="gatesPassed">Whether every gate passed.</param>
    /// <param name="manifestVersion">A different <c>model.version</c> to write (to test the mismatch).</param>
    /// <param name="onnxBytes">Other model.onnx bytes, listed in the manifest with their true digest (to test a malformed model).</param>
    public static string WriteVersionDirectory(string parent, string version = "1.2.0", bool gatesPassed = true, string? manifestVersion = null, byte[]? onnxBytes = null)
    {
        string dir = Path.Combine(parent, version);
        var (onnx, conformanceBytes) = TinyModel();
        onnx = onnxBytes ?? onnx;
        byte[] featureSchema = FeatureSchemaFile();
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["conformance.json"] = conformanceBytes,
            ["feature_schema.json"] = featureSchema,
            ["model.onnx"] = onnx,
        };
        var fileArray = new JsonArray();
        var concatenated = new List<byte>();
        foreach ((string name, byte[] bytes) in files)
        {
            Write(dir, "model/" + name, bytes);
            byte[] digest = SHA256.HashData(bytes);
            concatenated.AddRange(digest);
            fileArray.Add(new JsonObject { ["name"] = name, ["sha256"] = Convert.ToHexStringLower(digest), ["size"] = bytes.Length });
        }

        string root = "sha256:" + Convert.ToHexStringLower(SHA256.HashData([.. concatenated]));
        var manifest = new JsonObject
        {
            ["schema"] = "trustscore.manifest/v1",
            ["model"] = new JsonObject { ["name"] = "veid-trust-score", ["version"] = manifestVersion ?? version, ["type"] = "trust_score" },
            ["digest"] = new JsonObject
            {
                ["algorithm"] = "sha256",
                ["method"] = "files",
                ["root"] = root,
                ["ignore_paths"] = new JsonArray(".git", ".gitattributes", ".github", ".gitignore"),
            },
            ["keeper_hash"] = new JsonObject { ["recipe"] = "virtengine-keeper/1", ["hash"] = KeeperHashOracle.Of(Path.Combine(dir, "model")) },
            ["files"] = fileArray,
            ["io"] = new JsonObject
            {
                ["input"] = new JsonObject { ["name"] = "features", ["dtype"] = "float32", ["shape"] = new JsonArray(-1, 768) },
                ["output"] = new JsonObject { ["name"] = "trust_score", ["dtype"] = "float32", ["shape"] = new JsonArray(-1, 1) },
            },
            ["feature_schema"] = new JsonObject { ["version"] = (string?)JsonNode.Parse(featureSchema)!["version"], ["sha256"] = Sha256Hex(files["feature_schema.json"]) },
            ["config"] = new JsonObject { ["version"] = "cfg-7", ["sha256"] = Sha256Hex(Encoding.UTF8.GetBytes("config")) },
            ["dataset"] = new JsonObject
            {
                ["version"] = "ds-2026-11",
                ["sha256"] = Sha256Hex(Encoding.UTF8.GetBytes("dataset manifest")),
                ["split_commitment"] = Sha256Hex(Encoding.UTF8.GetBytes("split")),
                ["salt_commitment"] = Sha256Hex(Encoding.UTF8.GetBytes("salt")),
            },
            ["training"] = new JsonObject { ["seed"] = 42, ["epochs"] = 30, ["learning_rate"] = 0.001, ["hidden"] = new JsonArray(512, 256, 128, 64) },
            ["numerics"] = new JsonObject { ["contract"] = "numerics/v1", ["score_rule"] = "trustscore-score/1:truncate:0-100" },
            ["metrics"] = new JsonObject { ["r2"] = 0.91, ["mae"] = 3.2, ["rmse"] = 4.5 },
            ["gates"] = new JsonObject
            {
                ["passed"] = gatesPassed,
                ["results"] = new JsonArray(
                    new JsonObject { ["name"] = "r2_min", ["value"] = 0.91, ["threshold"] = 0.85, ["comparison"] = ">=", ["margin"] = 0.06, ["passed"] = true },
                    new JsonObject { ["name"] = "mae_max", ["value"] = 3.2, ["threshold"] = gatesPassed ? 5.0 : 3.0, ["comparison"] = "<=", ["margin"] = gatesPassed ? 1.8 : -0.2, ["passed"] = gatesPassed }),
            },
            ["toolchain"] = new JsonObject { ["dotnet"] = "10.0.0", ["isa"] = "x86-64-v4" },
            ["previous"] = new JsonObject { ["version"] = "1.1.0", ["root"] = "sha256:" + new string('a', 64) },
        };
        Write(dir, "manifest.json", manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Write(dir, "export_metadata.json", $"{{\"exported_at\": \"2026-11-29T01:00:00Z\", \"model_onnx_size\": {onnx.Length}}}\n");
        return dir;
    }

    /// <summary>
    /// A real, tiny model (768 → 4 ReLU → 1, fixed weights, sigmoid × 100) as model.onnx bytes and
    /// its conformance.json, so that verification's model checks (conformance vectors, ONNX Runtime
    /// parity) have something genuine to run.
    /// </summary>
    public static (byte[] Onnx, byte[] Conformance) TinyModel(float outputBias = 0.05f)
    {
        const int d = 768, h = 4;
        var w1 = new float[h * d];
        for (int i = 0; i < w1.Length; i++)
        {
            w1[i] = (((i * 37) % 29) - 14) / 400f;
        }

        var hidden = new DenseLayerWeights(w1, [0.1f, -0.05f, 0.02f, 0f], d, h, Activation.Relu);
        var output = new DenseLayerWeights([0.8f, -0.6f, 0.5f, 0.3f], [outputBias], h, 1, Activation.None);
        byte[] onnx = OnnxModelWriter.Write(new MlpWeights([hidden, output]));
        var conformance = ConformanceVectors.Generate(Scorer.Load(onnx));
        return (onnx, Encoding.UTF8.GetBytes(conformance.ToJson().ToJsonString()));
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Writes <paramref name="content"/> (UTF-8, no BOM) at <paramref name="relative"/> (POSIX separators) under <paramref name="dir"/>.</summary>
    public static string Write(string dir, string relative, string content) =>
        Write(dir, relative, Encoding.UTF8.GetBytes(content));

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="relative"/> (POSIX separators) under <paramref name="dir"/>.</summary>
    public static string Write(string dir, string relative, byte[] bytes)
    {
        string path = Path.Combine([dir, .. relative.Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void RunTool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}.");
        }
    }

    /// <summary>The repository's feature schema file, byte for byte (embedded from src/TrustScore/Data/Resources).</summary>
    public static byte[] FeatureSchemaFile()
    {
        using var stream = typeof(ModelFixtures).Assembly.GetManifestResourceStream("TrustScore.TestSupport.feature_schema.json")
            ?? throw new InvalidOperationException("the feature schema resource is missing from TrustScore.TestSupport");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
