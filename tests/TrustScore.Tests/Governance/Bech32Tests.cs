using TrustScore.Errors;
using TrustScore.Governance;

namespace TrustScore.Tests.Governance;

public class Bech32Tests
{
    // docs/test-vectors.md, "Gov module address".
    private const string GovBytesHex = "7b5fe22b5446f7c62ea27b8bd71cef94e03f3df2";
    private const string UpstreamBadAddress = "virtengine10d07y265gmmuvt4z0w9aw880jnsr700jdufnyd";

    [Theory]
    [InlineData("virtengine", "virtengine10d07y265gmmuvt4z0w9aw880jnsr700juej5a8")]
    [InlineData("ve", "ve10d07y265gmmuvt4z0w9aw880jnsr700jxlg3em")]
    [InlineData("cosmos", "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn")]
    public void GovModuleAddress_MatchesGoldenVector(string prefix, string expected)
    {
        Assert.Equal(GovBytesHex, Convert.ToHexStringLower(ModuleAddress.Derive("gov")));
        Assert.Equal(expected, ModuleAddress.Bech32Address(prefix, "gov"));

        var (hrp, data) = Bech32.Decode(expected);
        Assert.Equal(prefix, hrp);
        Assert.Equal(GovBytesHex, Convert.ToHexStringLower(data));
    }

    [Fact]
    public void Decode_UpstreamHardCodedAuthority_IsRejectedForItsChecksum()
    {
        var ex = Assert.Throws<BadInputException>(() => Bech32.Decode(UpstreamBadAddress));
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.BadInput, ex.ExitCode);
    }

    [Theory]
    [InlineData("virtengine10d07y265gmmuvt4z0w9aw880jnsr700juej5a8")]
    [InlineData("ve10d07y265gmmuvt4z0w9aw880jnsr700jxlg3em")]
    [InlineData("cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn")]
    public void Decode_AnySingleCharacterChange_IsDetected(string address)
    {
        const string alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7labcdefghijklmnopqrstuvwxyz0123456789";
        int mutations = 0;
        for (int i = 0; i < address.Length; i++)
        {
            foreach (char c in alphabet.Distinct())
            {
                if (c == address[i])
                {
                    continue;
                }

                string mutated = address[..i] + c + address[(i + 1)..];
                Assert.Throws<BadInputException>(() => Bech32.Decode(mutated));
                mutations++;
            }

            // A single upper-case letter makes the address mixed-case, which BIP-173 forbids.
            if (char.IsAsciiLetterLower(address[i]))
            {
                string mixed = address[..i] + char.ToUpperInvariant(address[i]) + address[(i + 1)..];
                Assert.Throws<BadInputException>(() => Bech32.Decode(mixed));
            }
        }

        Assert.True(mutations > address.Length * 30);
    }

    [Fact]
    public void Decode_AllUpperCase_IsAccepted()
    {
        var (hrp, data) = Bech32.Decode("COSMOS10D07Y265GMMUVT4Z0W9AW880JNSR700J6ZN9KN");
        Assert.Equal("cosmos", hrp);
        Assert.Equal(GovBytesHex, Convert.ToHexStringLower(data));
    }

    // BIP-173 "Test vectors": valid checksums.
    [Theory]
    [InlineData("A12UEL5L")]
    [InlineData("a12uel5l")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs")]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")]
    [InlineData("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    public void Decode_Bip173ValidVectors_AreAccepted(string text)
    {
        var (hrp, _) = Bech32.Decode(text);
        Assert.Equal(text[..text.LastIndexOf('1')].ToLowerInvariant(), hrp);
    }

    // BIP-173 "Test vectors": invalid strings, each for its stated reason.
    [Theory]
    [InlineData("\u0020" + "1nwldj5")] // HRP character out of range
    [InlineData("\u007f" + "1axkwrx")] // HRP character out of range
    [InlineData("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx")] // overall max length exceeded
    [InlineData("pzry9x0s0muk")] // no separator
    [InlineData("1pzry9x0s0muk")] // empty HRP
    [InlineData("x1b4n0q5v")] // invalid data character
    [InlineData("li1dgmt3")] // too short checksum
    [InlineData("A1G7SGD8")] // checksum calculated with uppercase form of HRP
    [InlineData("10a06t8")] // empty HRP
    [InlineData("1qzzfhee")] // empty HRP
    public void Decode_Bip173InvalidVectors_AreRejected(string text)
    {
        Assert.Throws<BadInputException>(() => Bech32.Decode(text));
    }

    [Fact]
    public void EncodeDecode_RoundTrips32ByteAddresses()
    {
        byte[] data = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
        string address = Bech32.Encode("virtengine", data);
        Assert.Equal(data, Bech32.DecodeWithPrefix(address, "virtengine"));
        Assert.Throws<BadInputException>(() => Bech32.DecodeWithPrefix(address, "cosmos"));
    }
}
