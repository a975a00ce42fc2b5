using TrustScore.Consensus.Digest;

namespace TrustScore.Consensus.Tests.Digest;

/// <summary>The order Python's PurePosixPath gives (the OpenSSF reference serializer sorts by it).</summary>
public sealed class ComponentPathComparerTests
{
    [Theory]
    [InlineData("a/b", "a.txt")]
    [InlineData("a/b", "a-b")]
    [InlineData("a", "a/b")]
    [InlineData("a/b/c", "a/bc")]
    [InlineData("A", "a")]
    [InlineData("z", "\u00e9")]
    [InlineData("\uffff", "\U0001F600")]
    public void Compare_OrdersFirstBeforeSecond(string first, string second)
    {
        Assert.True(ComponentPathComparer.Instance.Compare(first, second) < 0, $"{first} < {second}");
        Assert.True(ComponentPathComparer.Instance.Compare(second, first) > 0, $"{second} > {first}");
    }

    [Fact]
    public void Compare_EqualPaths_AreEqual() =>
        Assert.Equal(0, ComponentPathComparer.Instance.Compare("d0/f00", "d0/f00"));

    [Fact]
    public void Sort_MatchesComponentListOrder()
    {
        string[] names = ["f1", "d1/f10", "a.txt", "a/b", "d0/f00", "a/b.c/d", "a/b/c"];

        string[] sorted = [.. names.Order(ComponentPathComparer.Instance)];

        Assert.Equal(["a/b", "a/b/c", "a/b.c/d", "a.txt", "d0/f00", "d1/f10", "f1"], sorted);
    }
}
