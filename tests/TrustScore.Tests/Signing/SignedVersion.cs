using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Signing;

/// <summary>A fixture version directory signed with a fresh key, plus that key's files.</summary>
internal sealed record SignedVersion(string VersionDir, KeygenResult Key)
{
    public static SignedVersion Create(TempDirectory temp, string version = "1.2.0", SigningKeyAlgorithm algorithm = SigningKeyAlgorithm.Ed25519, bool gatesPassed = true, string? manifestVersion = null, string keyName = "signer")
    {
        string dir = ModelFixtures.WriteVersionDirectory(temp.Combine("versions"), version, gatesPassed, manifestVersion);
        string keyDir = temp.Combine("keys");
        KeygenResult key = File.Exists(Path.Combine(keyDir, keyName + KeyFile.PrivateKeyExtension))
            ? new KeygenResult(algorithm, Path.Combine(keyDir, keyName + KeyFile.PrivateKeyExtension), Path.Combine(keyDir, keyName + KeyFile.PublicKeyExtension), string.Empty)
            : KeyGenerator.Generate(keyDir, algorithm, keyName);
        ModelSigner.Sign(dir, key.PrivateKeyPath);
        return new SignedVersion(dir, key);
    }
}
