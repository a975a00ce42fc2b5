using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Governance;

/// <summary>
/// Builds governance proposals the chain will accept (runbook §4.1 and §5.3; docs/governance.md).
/// <see cref="Create(ProposalOptions)"/> verifies the exported version (recomputed digest, gates,
/// artifact URL) and proposes <c>MsgRegisterModel</c> + <c>MsgActivateModel</c>;
/// <see cref="CreateRollback"/> proposes <c>MsgActivateModel</c> for an older registered version.
/// Every limit of the chain profile is enforced here, and a violation names the limit. The result
/// is re-validated by <see cref="ProposalValidator"/> before it is returned.
/// </summary>
public static class ProposalBuilder
{
    /// <summary>Author recorded when none is given.</summary>
    public const string DefaultAuthor = "TrustScore release toolchain";

    /// <summary>Name of the off-chain metadata file of a register proposal.</summary>
    public const string MetadataFileName = "proposal_metadata.json";

    /// <summary>Name of the off-chain metadata file of a rollback proposal.</summary>
    public const string RollbackMetadataFileName = "rollback_proposal_metadata.json";

    private const string VoteContext =
        "yes: register this model and make it the active trust_score model. " +
        "no: keep the current model. abstain: no preference, counts towards quorum. " +
        "no_with_veto: the proposal is harmful or spam (burns the deposit if over a third of the votes).";

    private const string RollbackVoteContext =
        "yes: make the named older model the active trust_score model again. " +
        "no: keep the current model. abstain: no preference, counts towards quorum. " +
        "no_with_veto: the proposal is harmful or spam (burns the deposit if over a third of the votes).";

    /// <summary>A register-and-activate proposal for the verified version in <paramref name="options"/>.</summary>
    /// <exception cref="BadInputException">A file, URL, deposit or limit is invalid (the message names it).</exception>
    /// <exception cref="VerificationFailedException">The manifest, model directory or registry copy disagree.</exception>
    /// <exception cref="GatesFailedException">The manifest's release gates did not pass.</exception>
    public static GovProposal Create(ProposalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var profile = options.Profile;
        var manifest = ManifestFacts.Read(options.ManifestPath);
        RequireTrustScoreType(manifest);
        manifest.VerifyForRelease();
        string chainHash = manifest.ChainHashFor(profile);
        var artifact = ArtifactChecker.Check(options.ModelUrl, manifest, options.S3Endpoint, options.FetchS3Artifact);

        ManifestFacts? previous = null;
        if (options.PreviousVersionDirectory is { } previousDir)
        {
            previous = ManifestFacts.Read(previousDir);
            if (manifest.PreviousRoot is { } stated && !Sha256Text.Same(stated, previous.RootDigest))
            {
                throw new BadInputException($"--previous '{previousDir}' has root {previous.RootDigest}, but manifest '{manifest.Path}' names previous root {stated}.");
            }
        }

        ImpactLink? impact = options.ImpactDirectory is { } impactDir ? ImpactLink.Read(impactDir, manifest.RootHex) : null;
        string authority = Authority(profile);
        string modelId = ModelTypes.ModelId(manifest.Name, manifest.Version);
        string description = $"VEID trust-score MLP {manifest.Version}; sha256_hash is the {profile.KeeperHashRecipe} hash of model/; OpenSSF root sha256:{manifest.RootHex}; artifact {options.ModelUrl}";
        IMessage[] messages =
        [
            VeidMessages.Register(authority, modelId, manifest.Name, manifest.Version, chainHash, description),
            VeidMessages.Activate(authority, modelId),
        ];

        string title = $"Register and activate VEID trust-score model {manifest.Version}";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"Registers model {modelId} (sha256_hash {chainHash}) and makes it the active trust_score model. " +
            $"Test-set metrics: {MetricSummary(manifest)}; all release gates passed. " +
            $"Artifact: {options.ModelUrl}. {(impact is null ? string.Empty : $"Impact report {impact.FileName} sha256 {impact.Sha256}: {impact.Headline}. ")}" +
            $"Full details, verification steps and the rollback plan are in the off-chain metadata.");
        string details = ProposalDetails.ForRegister(manifest, chainHash, previous, modelId, options.ModelUrl, artifact, profile, impact);
        var metadata = new ProposalMetadata(title, options.Authors, summary, details, options.ForumUrl ?? profile.ForumUrl, VoteContext);
        string metadataUri = options.MetadataUrl ?? SiblingUri(options.ModelUrl, MetadataFileName);

        return Finish(new Draft(ProposalKind.RegisterAndActivate, messages, title, summary, metadata, metadataUri, options.Deposit, options.Expedited,
            authority, modelId, manifest.Version, chainHash, previous?.Version ?? manifest.PreviousVersion, artifact), profile);
    }

    /// <summary>
    /// A rollback proposal (runbook §5.3): re-activate version <paramref name="toVersion"/> of the
    /// registry at <paramref name="registryPath"/>, whose model directory is re-hashed first.
    /// </summary>
    /// <param name="registryPath">Local registry folder holding <c>&lt;version&gt;/manifest.json</c> and <c>model/</c>.</param>
    /// <param name="toVersion">The older, already registered version to activate.</param>
    /// <param name="reason">Why (goes into the summary and the metadata).</param>
    /// <param name="profile">The target chain.</param>
    /// <param name="fromVersion">The version being replaced; default: the most recently published other version in the registry (publish sequence).</param>
    /// <param name="metadataUrl">Where the off-chain metadata will be published; default <c>rollback_proposal_metadata.json</c>.</param>
    /// <param name="authors">Authors; default <see cref="DefaultAuthor"/>.</param>
    /// <param name="deposit">Deposit override.</param>
    /// <exception cref="BadInputException">The registry, version, reason, deposit or a limit is invalid.</exception>
    /// <exception cref="VerificationFailedException">The target version's model directory does not match its manifest.</exception>
    public static GovProposal CreateRollback(
        string registryPath,
        string toVersion,
        string reason,
        ChainProfile profile,
        string? fromVersion = null,
        string? metadataUrl = null,
        IReadOnlyList<string>? authors = null,
        string? deposit = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new BadInputException("--reason must say why the model is being rolled back.");
        }

        if (!Directory.Exists(registryPath))
        {
            throw new BadInputException($"registry '{registryPath}' does not exist.");
        }

        string targetDir = Path.Combine(registryPath, toVersion);
        if (!File.Exists(Path.Combine(targetDir, "manifest.json")))
        {
            throw new BadInputException($"version '{toVersion}' is not in registry '{registryPath}' ({Path.Combine(targetDir, "manifest.json")} does not exist).");
        }

        if (!File.Exists(Path.Combine(targetDir, "metadata.json")))
        {
            throw new BadInputException($"version '{toVersion}' in registry '{registryPath}' is not completely published (no metadata.json).");
        }

        // The registry's one verification (name, manifest, recomputed verdict, digest, metadata,
        // archive, links): a proposal never asks the chain to re-activate a tampered version.
        var verification = Registry.RegistryVerification.Verify(targetDir, published: true, expectedVersion: toVersion);
        if (!verification.Passed)
        {
            throw new VerificationFailedException($"version '{toVersion}' in registry '{registryPath}' does not verify, so no rollback proposal was written: {verification.FailureSummary}");
        }

        var target = ManifestFacts.Read(targetDir);
        RequireTrustScoreType(target);
        target.VerifyDigest();
        string chainHash = target.ChainHashFor(profile);

        string? from = fromVersion ?? NewestOtherVersion(registryPath, toVersion);
        string? fromRoot = null;
        if (from is not null && File.Exists(Path.Combine(registryPath, from, "manifest.json")))
        {
            fromRoot = ManifestFacts.Read(Path.Combine(registryPath, from)).RootDigest;
        }
        else if (fromVersion is not null)
        {
            throw new BadInputException($"--from version '{fromVersion}' is not in registry '{registryPath}'.");
        }

        string authority = Authority(profile);
        string modelId = ModelTypes.ModelId(target.Name, target.Version);
        IMessage[] messages = [VeidMessages.Activate(authority, modelId)];
        string title = $"Roll back VEID trust-score model to {target.Version}";
        string summary = $"Re-activates the already registered model {modelId} (sha256_hash {chainHash}), replacing {from ?? "the current model"}. Reason: {reason.Trim()}";
        string details = ProposalDetails.ForRollback(target, chainHash, from, fromRoot, modelId, reason, profile);
        var metadata = new ProposalMetadata(title, authors ?? [DefaultAuthor], summary, details, profile.ForumUrl, RollbackVoteContext);

        return Finish(new Draft(ProposalKind.Rollback, messages, title, summary, metadata, metadataUrl ?? RollbackMetadataFileName, deposit, false,
            authority, modelId, target.Version, chainHash, from, null), profile);
    }

    private sealed record Draft(
        ProposalKind Kind,
        IReadOnlyList<IMessage> Messages,
        string Title,
        string Summary,
        ProposalMetadata Metadata,
        string MetadataUri,
        string? Deposit,
        bool Expedited,
        string Authority,
        string ModelId,
        string Version,
        string Sha256Hash,
        string? FromVersion,
        ArtifactCheck? Artifact);

    private static GovProposal Finish(Draft draft, ChainProfile profile)
    {
        RequireWithin("title", draft.Title, profile.MaxTitleLength, "limits.title");
        RequireWithin("summary", draft.Summary, profile.MaxSummaryLength, "limits.summary");
        if (draft.Expedited && !profile.EmitsExpedited)
        {
            throw new BadInputException($"--expedited needs Cosmos SDK 0.50 or later; chain profile '{profile.Name}' is SDK {profile.SdkVersion}.");
        }

        string metadataSha = Convert.ToHexStringLower(SHA256.HashData(draft.Metadata.ToCanonicalBytes()));
        string metadataField = $"{draft.MetadataUri}#sha256={metadataSha}";
        RequireWithin("metadata", metadataField, profile.MaxMetadataLength, "limits.metadata");

        var proposal = new GovProposal
        {
            Kind = draft.Kind,
            Messages = draft.Messages,
            Metadata = metadataField,
            Deposit = DepositFor(draft.Deposit, profile).ToString(),
            Title = draft.Title,
            Summary = draft.Summary,
            Expedited = profile.EmitsExpedited ? draft.Expedited : null,
            OffChainMetadata = draft.Metadata,
            MetadataUri = draft.MetadataUri,
            MetadataSha256 = metadataSha,
            Authority = draft.Authority,
            ModelId = draft.ModelId,
            Version = draft.Version,
            Sha256Hash = draft.Sha256Hash,
            FromVersion = draft.FromVersion,
            Artifact = draft.Artifact,
            Profile = profile,
        };

        // Correct by construction, and checked anyway: the written JSON must parse back.
        ProposalValidator.Validate(ProposalJson.ToJson(proposal), profile);
        return proposal;
    }

    /// <summary>Refuses <paramref name="value"/> when it is longer than <paramref name="limit"/> characters.</summary>
    /// <exception cref="BadInputException">Too long; the message names the field and the profile's limit.</exception>
    internal static void RequireWithin(string field, string value, int limit, string limitName)
    {
        if (value.Length > limit)
        {
            throw new BadInputException($"proposal {field} is {value.Length} characters; the chain profile's {limitName} allows at most {limit}.");
        }
    }

    private static string Authority(ChainProfile profile)
    {
        string authority = profile.GovAuthority;
        // Round trip through the decoder: the address must pass its own checksum and prefix check.
        Bech32.DecodeWithPrefix(authority, profile.AccountPrefix);
        return authority;
    }

    private static Coin DepositFor(string? requested, ChainProfile profile)
    {
        if (requested is null)
        {
            return profile.MinDeposit;
        }

        var coin = Coin.Parse(requested, "--deposit");
        if (coin.Denom != profile.BondDenom)
        {
            throw new BadInputException($"--deposit '{requested}' is in '{coin.Denom}', but chain '{profile.ChainId}' takes deposits in '{profile.BondDenom}'.");
        }

        if (coin.Amount < profile.MinDeposit.Amount)
        {
            throw new BadInputException($"--deposit '{requested}' is below the chain's minimum deposit {profile.MinDeposit}.");
        }

        return coin;
    }

    private static void RequireTrustScoreType(ManifestFacts manifest)
    {
        if (ModelTypes.Known.Contains(manifest.ModelType) && manifest.ModelType != ModelTypes.TrustScore)
        {
            throw new BadInputException($"manifest '{manifest.Path}' is a '{manifest.ModelType}' model; this tool proposes only '{ModelTypes.TrustScore}' models.");
        }
    }

    private static string MetricSummary(ManifestFacts manifest)
    {
        string[] names = ["r2", "mae", "rmse", "accuracy_5", "accuracy_10"];
        var parts = names.Where(n => manifest.Metric(n) is not null).Select(n => $"{n} {ProposalDetails.Format(manifest.Metric(n)!.Value)}").ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : "none recorded";
    }

    // The off-chain metadata is published beside the model archive unless told otherwise.
    private static string SiblingUri(string modelUrl, string fileName)
    {
        int slash = modelUrl.LastIndexOf('/');
        return slash < 0 ? fileName : modelUrl[..(slash + 1)] + fileName;
    }

    /// <summary>
    /// The most recently published other version: the highest registry sequence number
    /// (Registry.PublishSequence, publish order), not the last name (<c>v10</c> sorts before <c>v9</c>).
    /// </summary>
    private static string? NewestOtherVersion(string registryPath, string toVersion)
    {
        var published = new Registry.LocalRegistry(registryPath, TimeProvider.System, "proposal").List();
        return published
            .Where(e => e.Problem is null && e.Version != toVersion && File.Exists(Path.Combine(registryPath, e.Version, "manifest.json")))
            .MaxBy(e => Registry.PublishSequence.Of(published, e.Version))?.Version;
    }
}
