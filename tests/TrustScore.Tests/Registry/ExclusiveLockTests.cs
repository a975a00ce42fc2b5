using Microsoft.Extensions.Time.Testing;
using TrustScore.Errors;
using TrustScore.Registry;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Registry;

public class ExclusiveLockTests
{
    [Fact]
    public void SecondHolder_IsRefused_WithPidHostAndTime()
    {
        using var tmp = new TempDirectory();
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        using (ExclusiveLock.Acquire(tmp.Combine("x.lock"), "rollback", TimeSpan.Zero, clock, "Another rollback"))
        {
            var ex = Assert.Throws<BusyException>(() => ExclusiveLock.Acquire(tmp.Combine("x.lock"), "rollback", TimeSpan.Zero, clock, "Another rollback"));
            Assert.Contains($"Another rollback is in progress (pid {Environment.ProcessId}, host {Environment.MachineName}, since 2025-01-01 12:00:00Z)", ex.Message, StringComparison.Ordinal);
            Assert.Equal(ExitCode.Busy, ex.ExitCode);
        }

        using var again = ExclusiveLock.Acquire(tmp.Combine("x.lock"), "rollback", TimeSpan.Zero, clock, "Another rollback");
        Assert.Null(again.StaleHolder);
    }

    [Fact]
    public void OwnerRecordOfADeadHolder_IsReportedAsStale_AndDoesNotBlock()
    {
        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.Combine("x.lock.owner"), "424242 deadhost 2024-12-31T00:00:00Z rollback\n");

        using var held = ExclusiveLock.Acquire(tmp.Combine("x.lock"), "rollback", TimeSpan.Zero, new FakeTimeProvider(RegistryTestSupport.Start), "Another rollback");

        Assert.Equal(new LockHolder(424242, "deadhost", new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero), "rollback"), held.StaleHolder);
        Assert.Equal(Environment.ProcessId, LockHolder.Parse(File.ReadAllText(tmp.Combine("x.lock.owner")))!.Pid);
    }

    [Fact]
    public void Waiting_AcquiresOnceTheHolderReleases()
    {
        using var tmp = new TempDirectory();
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        var first = ExclusiveLock.Acquire(tmp.Combine("x.lock"), "publish", TimeSpan.Zero, clock, "Another publish");
        var releaser = new Thread(() =>
        {
            Thread.Sleep(100);
            first.Dispose();
        });
        releaser.Start();

        using var second = ExclusiveLock.Acquire(tmp.Combine("x.lock"), "publish", TimeSpan.FromSeconds(10), clock, "Another publish");
        releaser.Join();
        Assert.Equal("publish", second.Holder.Purpose);
    }

    [Fact]
    public void ALockFileThatCannotBeCreated_IsReportedAtOnce_WithItsCause_NotAsBusy()
    {
        // sysfs refuses to create files even for root: the lock can never be taken by anyone.
        var clock = new FakeTimeProvider(RegistryTestSupport.Start);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var ex = Assert.ThrowsAny<IOException>(() => ExclusiveLock.Acquire("/sys/trustscore-hostile.lock", "publish", TimeSpan.FromSeconds(30), clock, "Another publish"));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"waited {started.Elapsed}");
        Assert.Contains("Cannot create or open the lock file '/sys/trustscore-hostile.lock'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("in progress", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALockFileThatIsASymlink_IsRefused_AndItsTargetIsNotCreated()
    {
        using var tmp = new TempDirectory();
        File.CreateSymbolicLink(tmp.Combine("x.lock"), tmp.Combine("elsewhere.lock"));

        var ex = Assert.Throws<BadInputException>(() => ExclusiveLock.Acquire(tmp.Combine("x.lock"), "publish", TimeSpan.Zero, new FakeTimeProvider(RegistryTestSupport.Start), "Another publish"));

        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.Combine("elsewhere.lock")));
    }
}
