using System.Security.Cryptography;
using System.Text;

namespace TrustScore.Governance;

/// <summary>
/// Cosmos SDK module account addresses: the first 20 bytes of SHA-256(module name)
/// (<c>authtypes.NewModuleAddress</c>). The gov authority of every chain profile is derived here,
/// never written by hand.
/// </summary>
public static class ModuleAddress
{
    /// <summary>Address length of a Cosmos SDK account, in bytes.</summary>
    public const int Length = 20;

    /// <summary>The 20 address bytes of module <paramref name="moduleName"/>.</summary>
    public static byte[] Derive(string moduleName)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleName);
        return SHA256.HashData(Encoding.UTF8.GetBytes(moduleName))[..Length];
    }

    /// <summary>The bech32 address of module <paramref name="moduleName"/> under <paramref name="prefix"/>.</summary>
    public static string Bech32Address(string prefix, string moduleName) =>
        Bech32.Encode(prefix, Derive(moduleName));
}
