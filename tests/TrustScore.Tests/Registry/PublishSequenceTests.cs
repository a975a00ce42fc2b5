using TrustScore.Registry;

namespace TrustScore.Tests.Registry;

public class PublishSequenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RegistryEntry Entry(string version, int minutes, string? problem = null) =>
        new(version, "sha256:00", "sha256:00", problem is null ? T0.AddMinutes(minutes) : DateTimeOffset.MinValue, "p", version, null, null, problem);

    [Fact]
    public void Of_CountsInPublishOrder_NotNameOrder()
    {
        // Listed newest first, as the registries list: v10 was published after v9 although "v10" < "v9" as text.
        RegistryEntry[] listed = [Entry("v10", 2), Entry("v9", 1), Entry("a-first", 0)];

        Assert.Equal(1, PublishSequence.Of(listed, "a-first"));
        Assert.Equal(2, PublishSequence.Of(listed, "v9"));
        Assert.Equal(3, PublishSequence.Of(listed, "v10"));
        Assert.Equal(0, PublishSequence.Of(listed, "v11"));
    }

    [Fact]
    public void Of_SamePublishTime_ThenNameOrdinal_AndUnreadableEntriesAreNotCounted()
    {
        RegistryEntry[] listed = [Entry("b", 5), Entry("a", 5), Entry("broken", 0, "metadata.json is not valid JSON")];

        Assert.Equal(1, PublishSequence.Of(listed, "a"));
        Assert.Equal(2, PublishSequence.Of(listed, "b"));
        Assert.Equal(0, PublishSequence.Of(listed, "broken"));
    }
}
