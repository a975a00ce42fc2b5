namespace TrustScore.Quickstart;

/// <summary>Where the quickstart put everything, and what it ended with.</summary>
/// <param name="Directory">The working directory (full path).</param>
/// <param name="DataPath">The synthetic data file.</param>
/// <param name="ConfigPath">The training config used.</param>
/// <param name="PublicKey">The demo public key (verify with it).</param>
/// <param name="PrivateKey">The demo private key (owner-only; a demo key, never a release key).</param>
/// <param name="FirstVersion">The first trained version.</param>
/// <param name="FirstVersionDir">Its exported version directory.</param>
/// <param name="SecondVersion">The retrained version published after it.</param>
/// <param name="SecondVersionDir">Its exported version directory.</param>
/// <param name="Registry">The local registry.</param>
/// <param name="ActivePointer">The active-model pointer (a symbolic link into the registry).</param>
/// <param name="ActiveVersion">The version active at the end (the first, after the rollback).</param>
/// <param name="EvaluationReport">The first version's <c>evaluation_report.html</c>.</param>
/// <param name="TensorBoardLogs">The first run's TensorBoard event files.</param>
/// <param name="Proposal">The register-and-activate proposal for the second version.</param>
/// <param name="RollbackProposal">The governance rollback proposal back to the first version.</param>
/// <param name="AuditLog">The registry's audit log.</param>
/// <param name="AuditHead">SHA-256 of the audit log's last line (anchor it elsewhere).</param>
/// <param name="AuditEntries">Number of audit entries.</param>
/// <param name="S3Location">The first version's S3 folder, when published to S3.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record QuickstartResult(
    string Directory,
    string DataPath,
    string ConfigPath,
    string PublicKey,
    string PrivateKey,
    string FirstVersion,
    string FirstVersionDir,
    string SecondVersion,
    string SecondVersionDir,
    string Registry,
    string ActivePointer,
    string ActiveVersion,
    string EvaluationReport,
    string TensorBoardLogs,
    string Proposal,
    string RollbackProposal,
    string AuditLog,
    string? AuditHead,
    long AuditEntries,
    string? S3Location,
    TimeSpan Elapsed);
