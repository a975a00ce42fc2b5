using System.Globalization;
using TrustScore.Audit;
using TrustScore.Config;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.Governance;
using TrustScore.Registry;
using TrustScore.Rollback;
using TrustScore.Signing;
using TrustScore.Training;
using TrustScore.Verification;

namespace TrustScore.Quickstart;

/// <summary>
/// <c>trustscore quickstart</c>: the whole runbook, for real, on generated synthetic data, in one
/// directory — generate data (§1.1), dry run (§1.2), train with progress and gate (§1.3, §2),
/// export (§1.4), sign with a fresh demo key and verify (§8), check determinism (§2.3), publish to
/// a local registry (§3.1) and optionally S3 (§3.2), publish a second, retrained version, create
/// the governance proposal (§4), roll back to the first version (§5.2, §5.3), list the versions and
/// verify the audit log (§8.4). Each stage is the pipeline operation its verb calls; any failure
/// stops the run with that stage's exit code.
/// </summary>
public sealed class QuickstartRunner(IQuickstartNarrator narrator, TimeProvider time)
{
    /// <summary>The file that marks a directory as the quickstart's own (so a rerun may replace it).</summary>
    public const string MarkerFile = ".trustscore-quickstart";

    /// <summary>The synthetic data seed.</summary>
    public const ulong DataSeed = 42;

    /// <summary>The training seed of the first version; the second is retrained with <see cref="SecondSeed"/>.</summary>
    public const int FirstSeed = 42;

    /// <summary>The training seed of the retrained second version.</summary>
    public const int SecondSeed = 7;

    private const string Actor = "quickstart";

    /// <summary>Runs every step; see the class summary.</summary>
    /// <exception cref="TrustScoreException">A step failed; carries its exit code.</exception>
    public QuickstartResult Run(QuickstartOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        long start = time.GetTimestamp();
        bool s3 = !string.IsNullOrWhiteSpace(options.S3Endpoint);
        int total = s3 ? 15 : 14;
        int step = 0;
        string dir = PrepareDirectory(options.Directory);
        string registry = Path.Combine(dir, "registry");
        string active = Path.Combine(dir, "active");

        narrator.Step(++step, total, "Generate synthetic VEID data (runbook 1.1)");
        var data = SyntheticDataset.Generate(Path.Combine(dir, "data"), options.Samples, DataSeed, SyntheticFormat.Jsonl);
        narrator.Detail(string.Create(CultureInfo.InvariantCulture, $"{data.Samples} records ({data.Genuine} genuine) in {data.Path}"));
        narrator.Detail(string.Create(CultureInfo.InvariantCulture, $"label mean {data.LabelMean:0.0}, std {data.LabelStd:0.0}; the noise-free oracle reaches R2 {data.OracleR2:0.0000}"));
        var environment = ConfigEnvironment(Path.Combine(dir, "data"));
        string configPath = WriteConfig(dir, options, FirstSeed);
        string secondConfigPath = WriteConfig(dir, options, SecondSeed);

        narrator.Step(++step, total, "Dry run: validate config, environment and dataset; write nothing (runbook 1.2)");
        string firstRun = Path.Combine(dir, "runs", "first");
        var dryRun = TrainingDryRun.Run(configPath, firstRun, time, environment);
        foreach (string line in dryRun.ToLines())
        {
            narrator.Detail(line);
        }

        narrator.Step(++step, total, "Train the first version and evaluate it on the test split (runbook 1.3, 2.2)");
        string firstVersion = TrainingPipeline.DefaultVersion(dryRun.Config, time);
        var first = Train(configPath, firstRun, firstVersion, signingKey: null, previous: null, options, environment, ct);

        narrator.Step(++step, total, "Export: model/, manifest.json, conformance vectors (runbook 1.4)");
        var export = first.Export!;
        narrator.Detail($"version directory {export.VersionDir}");
        narrator.Detail($"model digest {export.Root} over {export.Files.Count} files; {export.ConformanceVectors} conformance vectors");
        narrator.Detail("not signed yet: the next step signs it");

        narrator.Step(++step, total, "Sign with a fresh demo key (runbook 8)");
        var keys = KeyGenerator.Generate(Path.Combine(dir, "keys"), SigningKeyAlgorithm.EcdsaP256, "quickstart-demo");
        var signature = ModelSigner.Sign(export.VersionDir, keys.PrivateKeyPath);
        narrator.Detail($"key pair {keys.PrivateKeyPath} / {keys.PublicKeyPath} (a demo key: never use it for a release)");
        narrator.Detail($"wrote {signature.SignaturePath} (DSSE over an in-toto statement; key hint {keys.KeyHint[..16]}…)");

        narrator.Step(++step, total, "Verify: digests, manifest, signature, conformance, ONNX Runtime parity (runbook 7.2, 8)");
        var verifyOptions = new VerifyOptions { PublicKeyPath = keys.PublicKeyPath };
        var report = VersionVerifier.Verify(export.VersionDir, verifyOptions with { ExtraChecks = DefaultVersionChecks.Create() }, ct);
        foreach (var check in report.Checks)
        {
            narrator.Detail($"{(check.Passed ? "PASS" : "FAIL")}  {check.Name}: {check.Detail}");
        }

        report.ThrowIfFailed($"quickstart stops at '{export.VersionDir}'");

        narrator.Step(++step, total, "Determinism: score in separate processes with ISA switches, re-export the checkpoint (runbook 2.3)");
        CheckDeterminismAcrossProcesses(export.VersionDir, options);
        string recheck = CheckDeterminism(firstRun, firstVersion, export.Root, environment);

        narrator.Step(++step, total, "Publish the first version to a local write-once registry (runbook 3.1)");
        var publisher = Publisher.Open(registry, Actor, s3: null, s3AuditDirectory: registry, auditKey: null, time);
        var published = publisher.Publish(new PublishOptions(export.VersionDir, Actor, "quickstart: first version", verifyOptions), ct);
        narrator.Detail($"published {published.Version} to {published.Location}");
        narrator.Detail($"archive {published.ArtifactUrl} ({published.ArchiveDigest})");

        string? s3Location = null;
        if (s3)
        {
            narrator.Step(++step, total, "Publish the first version to S3 with Object Lock (runbook 3.2)");
            s3Location = PublishToS3(options, export.VersionDir, registry, verifyOptions, ct);
        }

        narrator.Step(++step, total, "Retrain with another seed, sign and publish a second version (runbook 1.3-3.1)");
        string secondRun = Path.Combine(dir, "runs", "second");
        string secondVersion = NextVersion(dryRun.Config, firstVersion);
        var second = Train(secondConfigPath, secondRun, secondVersion, keys.PrivateKeyPath, export.VersionDir, options, environment, ct);
        var secondPublished = publisher.Publish(new PublishOptions(second.Export!.VersionDir, Actor, "quickstart: retrained version", verifyOptions), ct);
        narrator.Detail($"published {secondPublished.Version} to {secondPublished.Location}");

        narrator.Step(++step, total, "Activate the second version on this node (runbook 5.2: every switch is verified first)");
        var rollback = new RollbackService(new RollbackOptions(registry, active, Actor, verifyOptions), time);
        var activated = rollback.Switch(new SwitchRequest(secondVersion, "quickstart: activate the retrained version", DryRun: false));
        narrator.Detail(activated.Message);

        narrator.Step(++step, total, "Governance proposal to register and activate the second version (runbook 4.1)");
        var profile = ChainProfileLoader.Resolve(null, dir);
        var proposal = ProposalBuilder.Create(new ProposalOptions
        {
            ManifestPath = Path.Combine(registry, secondVersion, VersionLayout.Manifest),
            ModelUrl = secondPublished.ArtifactUrl,
            Profile = profile,
            PreviousVersionDirectory = Path.Combine(registry, firstVersion),
        });
        var proposalFiles = ProposalWriter.Write(Path.Combine(dir, "proposals"), proposal);
        narrator.Detail($"{proposal.Title} for {profile.ChainId}");
        narrator.Detail($"wrote {proposalFiles.Proposal}, {Path.GetFileName(proposalFiles.Metadata)} and {Path.GetFileName(proposalFiles.SubmitScript)}");
        narrator.Detail("submit with: trustscore proposal submit " + proposalFiles.Proposal + " --from <key> (vote with 'trustscore proposal vote')");

        narrator.Step(++step, total, "Roll back to the first version: emergency switch and governance proposal (runbook 5.2, 5.3)");
        var rolledBack = rollback.Switch(new SwitchRequest(firstVersion, "quickstart: demonstrate an emergency rollback", DryRun: false));
        narrator.Detail(rolledBack.Message);
        var rollbackProposal = ProposalBuilder.CreateRollback(registry, firstVersion, "quickstart: demonstrate a governance rollback", profile, secondVersion);
        var rollbackFiles = ProposalWriter.Write(Path.Combine(dir, "proposals"), rollbackProposal);
        narrator.Detail($"wrote {rollbackFiles.Proposal}");

        narrator.Step(++step, total, "List the published versions (runbook 5.4)");
        string activeVersion = ListVersions(rollback);

        narrator.Step(++step, total, "Verify the audit log's hash chain (runbook 8.4)");
        var audit = AuditLog.Open(registry, time).Verify();
        if (!audit.Valid)
        {
            throw new VerificationFailedException($"the audit log {audit.Path} does not verify: {audit.Problem}");
        }

        foreach (var record in AuditLog.Open(registry, time).Read())
        {
            narrator.Detail($"#{record.Sequence} {record.Entry.Time.UtcDateTime:HH:mm:ss}Z {record.Entry.Action,-18} {record.Entry.ToVersion,-20} {record.Entry.Outcome}");
        }

        narrator.Detail(string.Create(CultureInfo.InvariantCulture, $"{audit.Entries} entries, chain intact, head {audit.HeadSha256}"));

        if (!options.Keep)
        {
            RemoveIntermediates(firstRun, secondRun, recheck);
        }

        return new QuickstartResult(
            dir,
            data.Path,
            configPath,
            keys.PublicKeyPath,
            keys.PrivateKeyPath,
            firstVersion,
            export.VersionDir,
            secondVersion,
            second.Export.VersionDir,
            registry,
            active,
            activeVersion,
            first.Reports.HtmlReport,
            Path.Combine(firstRun, "logs", "tensorboard"),
            proposalFiles.Proposal,
            rollbackFiles.Proposal,
            audit.Path,
            audit.HeadSha256,
            audit.Entries,
            s3Location,
            time.GetElapsedTime(start));
    }

    private static void Validate(QuickstartOptions options)
    {
        if (options.Samples < QuickstartOptions.MinimumSamples)
        {
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"--samples must be at least {QuickstartOptions.MinimumSamples} (got {options.Samples})."));
        }

        if (options.Epochs < 1)
        {
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"--epochs must be at least 1 (got {options.Epochs})."));
        }

        if (options.ConfigPath is not null && !File.Exists(options.ConfigPath))
        {
            throw new BadInputException($"--config '{options.ConfigPath}' does not exist.");
        }
    }

    // A rerun replaces the quickstart's own directory; anything else non-empty is refused, never deleted.
    private static string PrepareDirectory(string directory)
    {
        string dir = Path.GetFullPath(directory);
        if (File.Exists(dir))
        {
            throw new BadInputException($"--dir '{directory}' is a file; give a directory.");
        }

        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            if (!File.Exists(Path.Combine(dir, MarkerFile)))
            {
                throw new BadInputException($"--dir '{directory}' is not empty and was not made by 'trustscore quickstart'; give an empty or new directory.");
            }

            foreach (string entry in Directory.EnumerateFileSystemEntries(dir))
            {
                var info = new FileInfo(entry);
                if (info.LinkTarget is not null || !info.Attributes.HasFlag(FileAttributes.Directory))
                {
                    File.Delete(entry);
                }
                else
                {
                    Directory.Delete(entry, recursive: true);
                }
            }
        }

        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, MarkerFile), "Made by 'trustscore quickstart'; the next quickstart run in this directory replaces everything here.\n");
        return dir;
    }

    private static Dictionary<string, string?> ConfigEnvironment(string dataPath)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value;
        }

        variables["VEID_DATASET_PATH"] = dataPath;
        return variables;
    }

    private static string WriteConfig(string dir, QuickstartOptions options, int seed)
    {
        string configDir = Path.Combine(dir, "config");
        Directory.CreateDirectory(configDir);
        if (options.ConfigPath is not null)
        {
            string copy = Path.Combine(configDir, seed == FirstSeed ? "user_config_first.yaml" : "user_config_second.yaml");
            // A user config is used as it is for both versions (its seed cannot be changed without
            // editing its YAML), so the second version is a retrain with identical weights.
            IO.AtomicFile.WriteAllText(copy, File.ReadAllText(options.ConfigPath));
            return copy;
        }

        string path = Path.Combine(configDir, string.Create(CultureInfo.InvariantCulture, $"quickstart_seed{seed}.yaml"));
        IO.AtomicFile.WriteAllText(path, QuickstartConfig.Yaml(options.Samples, options.Epochs, seed));
        return path;
    }

    private TrainingPipelineResult Train(string config, string runDir, string version, string? signingKey, string? previous, QuickstartOptions options, Dictionary<string, string?> environment, CancellationToken ct)
    {
        var pipelineOptions = new TrainingPipelineOptions
        {
            ConfigPath = config,
            OutputDirectory = runDir,
            Version = version,
            SigningKeyPath = signingKey,
            PreviousVersionDir = previous,
            Threads = options.Threads,
            Environment = environment,
        };
        var result = narrator.Train((progress, status) => TrainingPipeline.Run(pipelineOptions, progress, status, time, ct));
        narrator.Gates(result.Evaluation);
        narrator.Detail($"reports: {result.Reports.HtmlReport}");
        if (!result.GatesPassed)
        {
            throw new GatesFailedException($"release gates failed for {version} ({string.Join(", ", result.Evaluation.Gates.Failed.Select(g => g.Name))}); nothing was exported. Reports: {result.Reports.TextReport}. Try more --samples or --epochs.");
        }

        narrator.Detail($"exported {result.Export!.Version} to {result.Export.VersionDir}");
        return result;
    }

    private void CheckDeterminismAcrossProcesses(string versionDir, QuickstartOptions options)
    {
        if (options.CliHost is not { } host)
        {
            narrator.Detail("cross-process check skipped: no CLI host to start (run 'trustscore verify-determinism')");
            return;
        }

        var report = DeterminismCheck.Run(new DeterminismOptions(versionDir, host.Host, host.Arguments), run => narrator.Detail(
            $"{run.Process.Label}: {(run.Succeeded ? $"{run.ConformanceChecked} conformance vectors, outputs {run.OutputsSha256![..16]}…" : $"FAILED (exit {run.ExitCode})")}"));
        if (!report.Passed)
        {
            throw new DeterminismFailedException($"{report.Version}: {report.Describe()}");
        }

        narrator.Detail(report.Describe());
    }

    private string CheckDeterminism(string runDir, string version, string root, Dictionary<string, string?> environment)
    {
        string recheckVersion = version + "_recheck";
        var again = TrainingPipeline.ExportCheckpoint(new CheckpointExportOptions
        {
            RunDirectory = runDir,
            Version = recheckVersion,
            Environment = environment,
        }, status: null, time);
        if (again.Export is null)
        {
            throw new DeterminismFailedException($"re-exporting {TrainingRunLayout.FinalCheckpointPath(runDir)} did not pass the gates it passed before.");
        }

        if (again.Export.Root != root)
        {
            throw new DeterminismFailedException($"re-exporting the same checkpoint gave model digest {again.Export.Root}, not {root}.");
        }

        narrator.Detail($"same checkpoint, same model/: {again.Export.Root}");
        return again.Export.VersionDir;
    }

    private string PublishToS3(QuickstartOptions options, string versionDir, string registry, VerifyOptions verifyOptions, CancellationToken ct)
    {
        var connection = new S3ConnectionOptions(Endpoint: options.S3Endpoint, RetentionDays: 1, LockMode: "governance");
        var location = S3RegistryLocation.Parse(options.S3Registry);
        S3Bucket.EnsureLocked(options.S3Endpoint!, location.Bucket, ct);
        var s3Publisher = Publisher.Open(options.S3Registry, Actor, connection, s3AuditDirectory: registry, auditKey: null, time);
        var result = s3Publisher.Publish(new PublishOptions(versionDir, Actor, "quickstart: S3 copy of the first version", verifyOptions), ct);
        narrator.Detail($"published {result.Version} to {result.Location} (Object Lock governance mode, 1 day)");
        narrator.Detail($"archive {result.ArtifactUrl}");
        return result.Location;
    }

    private string NextVersion(TrainingConfig config, string firstVersion)
    {
        // Names carry the UTC second; training takes longer than that, but a frozen test clock does not.
        string candidate = TrainingPipeline.DefaultVersion(config, time);
        return string.CompareOrdinal(candidate, firstVersion) > 0 ? candidate : firstVersion + "_2";
    }

    private string ListVersions(RollbackService rollback)
    {
        string? activeVersion = null;
        foreach (var item in rollback.List())
        {
            narrator.Detail(string.Create(CultureInfo.InvariantCulture,
                $"{(item.Active ? "*" : " ")} {item.Entry.Version}  {IO.Sha256Text.Strip(item.Entry.RootDigest)[..16]}  R2={item.Entry.R2:0.0000} MAE={item.Entry.Mae:0.000}  {(item.Verification.Passed ? "verified" : "DOES NOT VERIFY")}"));
            if (item.Active)
            {
                activeVersion = item.Entry.Version;
            }
        }

        narrator.Detail("* = active");
        return activeVersion ?? throw new VerificationFailedException("no version is active after the rollback.");
    }

    private static void RemoveIntermediates(string firstRun, string secondRun, string recheck)
    {
        foreach (string run in new[] { firstRun, secondRun })
        {
            string checkpoints = Path.Combine(run, TrainingRunLayout.Checkpoints);
            if (Directory.Exists(checkpoints))
            {
                Directory.Delete(checkpoints, recursive: true);
            }
        }

        if (Directory.Exists(recheck))
        {
            Directory.Delete(recheck, recursive: true);
        }
    }
}
