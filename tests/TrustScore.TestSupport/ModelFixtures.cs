using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TrustScore.TestSupport;

/// <summary>
/// The one catalogue of model-directory fixtures (STYLE.md "What to absorb" 14) that every layer
/// reuses: the OpenSSF golden directory, single file, empty, nested, ordering trap, dotfiles,
/// Unicode names, and the directories that must be refused (symlink, FIFO, socket, bad names).
/// Each writer fills an existing or new directory and returns its path.
/// </summary>
public static class ModelFixtures
{
    /// <summary>Root digest of <see cref="WriteOpenSsfGolden"/> (golden-vectors.md).</summary>
    public const string OpenSsfGoldenRoot = "143cc682e555951649f18e2761c3d526d2502996f5e32dc187ef7f8a614f8df7";

    /// <summary>Digest of <c>d0/f00</c> in <see cref="WriteOpenSsfGolden"/>.</summary>
    public const string OpenSsfGoldenD0F00 = "fdd8925354242a7fd1515e79534317b800015607a609cd306e0b4dcfe6c92249";

    /// <summary>Digest of <c>f0</c> in <see cref="WriteOpenSsfGolden"/>.</summary>
    public const string OpenSsfGoldenF0 = "997b37cc51f1ca1c7a270466607e26847429cd7264c30148c1b9352e224083fc";

    /// <summary>SHA-256 of no bytes.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The 10-file directory of golden-vectors.md ("Model digest").</summary>
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
}
