using System.Text;
using System.Text.Json.Nodes;
using TrustScore.IO;

namespace TrustScore.Tests.IO;

public class CanonicalJsonTests
{
    [Fact]
    public void Keys_AreSortedOrdinally_AtEveryLevel()
    {
        var node = new JsonObject { ["b"] = 1, ["a"] = new JsonObject { ["z"] = true, ["B"] = "x" } };
        string text = CanonicalJson.ToText(node);
        Assert.Equal("{\n  \"a\": {\n    \"B\": \"x\",\n    \"z\": true\n  },\n  \"b\": 1\n}\n", text);
    }

    [Fact]
    public void SameDocument_DifferentInsertionOrder_SameDigest()
    {
        var x = new JsonObject { ["one"] = 1, ["two"] = new JsonArray(1, 2) };
        var y = new JsonObject { ["two"] = new JsonArray(1, 2), ["one"] = 1 };
        Assert.Equal(CanonicalJson.Sha256Hex(x), CanonicalJson.Sha256Hex(y));
    }

    [Fact]
    public void NonAscii_IsWrittenAsUtf8_NotEscaped()
    {
        var bytes = CanonicalJson.ToUtf8Bytes(new JsonObject { ["name"] = "Zoë" });
        Assert.Contains("Zoë", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
    }

    [Fact]
    public void Compact_IsOneLine_WithTheSameKeyOrder()
    {
        var node = new JsonObject { ["b"] = 1, ["a"] = new JsonArray("x", null) };
        Assert.Equal("{\"a\":[\"x\",null],\"b\":1}", Encoding.UTF8.GetString(CanonicalJson.ToCompactUtf8Bytes(node)));
    }
}
