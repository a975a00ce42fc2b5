using System.Text;
using TrustScore.Signing;

namespace TrustScore.Tests.Signing;

public sealed class DsseTests
{
    [Fact]
    public void Pae_MatchesDsseSpecGoldenVector()
    {
        byte[] pae = Dsse.Pae("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world"));

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void Pae_CountsBytesNotCharacters()
    {
        byte[] body = Encoding.UTF8.GetBytes("\u00e9"); // two bytes, one character

        byte[] pae = Dsse.Pae("t", body);

        Assert.Equal([.. Encoding.ASCII.GetBytes("DSSEv1 1 t 2 "), .. body], pae);
    }

    [Fact]
    public void Pae_EmptyPayload()
    {
        Assert.Equal("DSSEv1 28 application/vnd.in-toto+json 0 ", Encoding.UTF8.GetString(Dsse.Pae(Dsse.InTotoPayloadType, [])));
    }
}
