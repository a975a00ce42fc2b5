using TrustScore.Audit;

namespace TrustScore.Rollback;

/// <summary>
/// Which versions were active, in order, as the audit log records it (runbook §5.2: "previous"
/// means the version active before the current one, not the second newest). Activations and
/// <c>rollback to</c> push a version; <c>rollback previous</c> pops one, so two rollbacks in a
/// row walk back two steps (v1→v2→v3, previous → v2, previous → v1).
/// </summary>
public sealed class ActivationHistory
{
    private readonly List<string> stack;

    private ActivationHistory(List<string> stack) => this.stack = stack;

    /// <summary>The active versions as a stack, oldest first.</summary>
    public IReadOnlyList<string> Stack => stack;

    /// <summary>The version the log says is active, or null.</summary>
    public string? Current => stack.Count > 0 ? stack[^1] : null;

    /// <summary>The version active before <see cref="Current"/>, or null.</summary>
    public string? Previous => stack.Count > 1 ? stack[^2] : null;

    /// <summary>Replays the successful switches in <paramref name="records"/>.</summary>
    public static ActivationHistory From(IEnumerable<AuditRecord> records)
    {
        var history = new ActivationHistory([]);
        foreach (var record in records)
        {
            history.Apply(record.Entry);
        }

        return history;
    }

    /// <summary>Applies one entry (ignored unless it is a successful switch).</summary>
    public void Apply(AuditEntry entry)
    {
        if (entry.Outcome != AuditOutcome.Succeeded || entry.ToVersion is null)
        {
            return;
        }

        switch (entry.Action)
        {
            case AuditAction.Activate or AuditAction.RollbackTo or AuditAction.Reconcile:
                Push(entry.ToVersion);
                break;
            case AuditAction.RollbackPrevious:
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                Push(entry.ToVersion);
                break;
        }
    }

    private void Push(string version)
    {
        if (Current != version)
        {
            stack.Add(version);
        }
    }
}
