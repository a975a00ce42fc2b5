using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrustScore.Audit;
using TrustScore.Consensus.Digest;
using TrustScore.Consensus.Json;
using TrustScore.Errors;
using TrustScore.IO;
using TrustScore.Registry;
using TrustScore.Rollback;
using TrustScore.Signing;
using TrustScore.Verification;

namespace TrustScore.Governance;

/// <summary>
/// <c>trustscore proposal check</c> (docs/governance.md, "Checking a proposal before voting"): a
/// voter re-checks every claim of a proposal file independently, trusting nothing it says —
/// message types and authority for the chain, the metadata digest, the artifact's bytes in the
/// registry (archive, OpenSSF root, the keeper-recipe hash the node compares with
/// <c>sha256_hash</c>), the signature with the voter's own keys, the gates, and that the version
/// is newer than the active one (or, for a rollback, was active before).
/// </summary>
public static partial class ProposalChecker
{
    /// <summary>Check names, in report order.</summary>
    public const string Messages = "messages", Metadata = "metadata", Artifact = "artifact", OmsRoot = "oms-root", ChainHash = "sha256_hash",
        Signature = "signature", Gates = "gates", VersionOrder = "version";

    /// <summary>Checks the proposal. Never throws for a failed check.</summary>
    /// <exception cref="BadInputException">The proposal file is missing or not a JSON object, or the registry does not exist.</exception>
    public static ProposalCheckReport Check(ProposalCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JsonObject json = ReadProposal(options.ProposalPath);
        var checks = new List<VerificationCheck>();

        ValidatedProposal? validated = null;
        ProposalClaims? claims = null;
        try
        {
            validated = ProposalValidator.Validate(json, options.Profile);
            (claims, string detail) = ProposalClaims.From(validated.Messages);
            checks.Add(new(Messages, claims is not null, claims is null ? detail : $"{detail}; authority is the {options.Profile.Name} gov module {options.Profile.GovAuthority}; deposit {validated.Deposit}"));
        }
        catch (BadInputException ex)
        {
            checks.Add(new(Messages, false, ex.Message));
        }

        string? registry = options.Registry ?? RegistryFromArtifactUrl(claims);
        using ProposalRegistryCopy? copy = registry is null || claims is null ? null : ProposalRegistryCopy.Open(registry, claims, options, MetadataUri(json));
        checks.Add(CheckMetadata(json, options, copy));

        string? versionDir = copy?.VersionDir;
        string? version = versionDir is null ? claims?.Register?.Version : Path.GetFileName(versionDir);
        if (versionDir is null)
        {
            string why = claims is null ? "the messages name no model" :
                registry is null ? "no --registry given and the artifact URL is neither a local path nor an s3:// URL" :
                $"registry '{registry}' holds no published version for model id '{claims.ModelId}'";
            foreach (string name in new[] { Artifact, OmsRoot, ChainHash, Signature, Gates, VersionOrder })
            {
                checks.Add(new(name, false, $"not checked: {why}"));
            }

            return new ProposalCheckReport(options.ProposalPath, claims?.Kind, version, checks);
        }

        // For an s3:// registry versionDir is the download: every check below reads the bytes S3 served.
        VerificationReport registryChecks = RegistryVerification.Verify(versionDir, published: true, new VerifyOptions
        {
            TrustedKeysDir = options.TrustedKeysDir,
            RequireSignature = false,
            ExtraChecks = DefaultVersionChecks.Create(),
        });
        Manifest? manifest = ProposalRegistryCopy.TryReadManifest(versionDir);
        checks.Add(CheckArtifact(claims!, copy!, registryChecks));
        checks.Add(CheckOmsRoot(claims!, registryChecks, manifest));
        checks.Add(CheckChainHash(claims!, versionDir));
        checks.Add(CheckSignature(options, registryChecks));
        checks.Add(CheckGates(manifest));
        checks.Add(CheckVersionOrder(claims!, copy!, version!));
        var own = new HashSet<string>(StringComparer.Ordinal) { "manifest", "digest", "files", "gates", "metadata", "archive", "signature", "signed-content" };
        checks.AddRange(registryChecks.Checks.Where(c => !own.Contains(c.Name)));
        return new ProposalCheckReport(options.ProposalPath, claims!.Kind, version, checks.Select(c => c with { Detail = copy!.Shown(c.Detail) }).ToList());
    }

    private static JsonObject ReadProposal(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"proposal file '{path}' does not exist.");
        }

        try
        {
            return StrictJson.ParseNode(File.ReadAllBytes(path)) as JsonObject
                ?? throw new BadInputException($"proposal file '{path}' must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"proposal file '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string? MetadataUri(JsonObject json)
    {
        string field = (json["metadata"] as JsonValue)?.TryGetValue(out string? s) == true ? s : string.Empty;
        Match match = MetadataField().Match(field);
        return match.Success ? match.Groups["uri"].Value : null;
    }

    private static VerificationCheck CheckMetadata(JsonObject json, ProposalCheckOptions options, ProposalRegistryCopy? copy)
    {
        string field = (json["metadata"] as JsonValue)?.TryGetValue(out string? s) == true ? s : string.Empty;
        Match match = MetadataField().Match(field);
        if (!match.Success)
        {
            return new(Metadata, false, $"the metadata field '{field}' is not '<uri>#sha256=<64 hex>'");
        }

        string uri = match.Groups["uri"].Value;
        string expected = match.Groups["sha"].Value;
        string path;
        byte[] bytes;
        if (copy?.S3Metadata is { } published)
        {
            // Published in the registry's bucket: the bytes S3 serves are what voters would fetch.
            path = published.Url;
            bytes = published.Bytes;
        }
        else
        {
            path = MetadataPath(uri, options);
            if (!File.Exists(path))
            {
                return new(Metadata, false, $"the off-chain metadata '{uri}' was not found at '{path}' (pass --metadata FILE with the published copy)");
            }

            bytes = File.ReadAllBytes(path);
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != expected)
        {
            return new(Metadata, false, $"'{path}' hashes to {actual}, but the proposal commits to {expected}: the metadata was changed");
        }

        JsonObject? metadata;
        try
        {
            metadata = StrictJson.ParseNode(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            metadata = null;
        }

        if (metadata is null || (string?)metadata["title"] != (string?)json["title"] || (string?)metadata["summary"] != (string?)json["summary"])
        {
            return new(Metadata, false, $"'{path}' matches its digest but its title or summary differs from the proposal's");
        }

        return new(Metadata, true, $"'{path}' has SHA-256 {actual} as committed, and the same title and summary");
    }

    private static string MetadataPath(string uri, ProposalCheckOptions options)
    {
        if (options.MetadataFile is not null)
        {
            return options.MetadataFile;
        }

        string proposalDir = Path.GetDirectoryName(Path.GetFullPath(options.ProposalPath))!;
        if (uri.StartsWith("file://", StringComparison.Ordinal))
        {
            return new Uri(uri).LocalPath;
        }

        if (!uri.Contains("://", StringComparison.Ordinal))
        {
            string local = Path.IsPathRooted(uri) ? uri : Path.Combine(proposalDir, uri);
            if (File.Exists(local))
            {
                return local;
            }
        }

        // A remote URI: the copy next to the proposal (where proposal create writes it).
        return Path.Combine(proposalDir, uri[(uri.LastIndexOf('/') + 1)..]);
    }

    private static string? ArtifactUrl(ProposalClaims? claims)
    {
        Match match = claims?.Register is { } info ? ArtifactInDescription().Match(info.Description) : Match.Empty;
        return match.Success ? match.Groups["url"].Value : null;
    }

    private static string? RegistryFromArtifactUrl(ProposalClaims? claims)
    {
        string? url = ArtifactUrl(claims);
        if (url is not null && claims?.Register is { } info && S3RegistryLocation.IsS3Url(url))
        {
            // s3://bucket/prefix/<version>/trust_score_<version>.tar.gz names the registry s3://bucket/prefix.
            string tail = $"/{info.Version}/{ArtifactChecker.ArchiveName(info.Version)}";
            return url.EndsWith(tail, StringComparison.Ordinal) ? url[..^tail.Length] : null;
        }

        if (url is null || (url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("file://", StringComparison.Ordinal)))
        {
            return null;
        }

        string path = url.StartsWith("file://", StringComparison.Ordinal) ? new Uri(url).LocalPath : url;
        return Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    private static VerificationCheck CheckArtifact(ProposalClaims claims, ProposalRegistryCopy copy, VerificationReport registryChecks)
    {
        string versionDir = copy.VersionDir!;
        var published = registryChecks.Checks.Where(c => c.Name is "metadata" or "archive").ToList();
        var failed = published.Where(c => !c.Passed).Select(c => c.Detail).ToList();
        if (copy.S3 is { Passed: false } s3)
        {
            // What S3 serves differs from what its metadata.json published (changed, missing or extra objects, lock).
            failed.InsertRange(0, s3.Problems.Select(p => $"{s3.Location}{p}"));
        }

        if (published.Count == 0 || failed.Count > 0)
        {
            return new(Artifact, false, failed.Count > 0 ? string.Join("; ", failed) : $"'{versionDir}' is not a published registry version");
        }

        string version = Path.GetFileName(versionDir);
        string archive = ArtifactChecker.ArchiveName(version);
        if (claims.Kind == ProposalKind.RegisterAndActivate)
        {
            string? url = ArtifactUrl(claims);
            bool names = url is not null && (copy.S3ArchiveUrl is { } s3Url && S3RegistryLocation.IsS3Url(url)
                ? url == s3Url
                : url.EndsWith($"{version}/{archive}", StringComparison.Ordinal));
            if (!names)
            {
                return new(Artifact, false, copy.S3ArchiveUrl is not null && url is not null && S3RegistryLocation.IsS3Url(url)
                    ? $"the artifact URL the proposal names ('{url}') is not the registry's archive {copy.S3ArchiveUrl}"
                    : $"the artifact URL the proposal names ('{url ?? "none"}') does not end in {version}/{archive}");
            }
        }

        string where = copy.S3ArchiveUrl is { } archiveUrl
            ? $"{archiveUrl} downloaded with every object of the version, each matching the registry's metadata.json"
            : $"{Path.Combine(versionDir, archive)} is present";
        return new(Artifact, true, $"{where} and its SHA-256 matches metadata.json; {string.Join("; ", published.Select(c => c.Detail.TrimEnd('.')))}");
    }

    private static VerificationCheck CheckOmsRoot(ProposalClaims claims, VerificationReport registryChecks, Manifest? manifest)
    {
        var digest = registryChecks.Checks.Where(c => c.Name is "digest" or "files").ToList();
        if (registryChecks.ComputedRoot is null || manifest is null || digest.Count == 0 || digest.Any(c => !c.Passed))
        {
            return new(OmsRoot, false, string.Join("; ", digest.Where(c => !c.Passed).Select(c => c.Detail).DefaultIfEmpty("model/ or its manifest cannot be read")));
        }

        string rootHex = Sha256Text.ToHex(registryChecks.ComputedRoot);
        if (claims.Register is { } info && !info.Description.Contains($"sha256:{rootHex}", StringComparison.Ordinal))
        {
            return new(OmsRoot, false, $"model/ hashes to {registryChecks.ComputedRoot} (OpenSSF files root), but the proposal's description states another root");
        }

        return new(OmsRoot, true, $"model/ hashes to {registryChecks.ComputedRoot} (OpenSSF files root), as manifest.json{(claims.Register is null ? string.Empty : " and the description")} state");
    }

    private static VerificationCheck CheckChainHash(ProposalClaims claims, string versionDir)
    {
        string modelDir = VersionLayout.ModelPath(versionDir);
        KeeperModelHashResult keeper;
        try
        {
            keeper = ModelHasher.ComputeKeeper(modelDir);
        }
        catch (BadInputException ex)
        {
            return new(ChainHash, false, $"{KeeperModelHash.RecipeName} hash of '{modelDir}' cannot be computed: {ex.Message}");
        }

        if (claims.Register is null)
        {
            return new(ChainHash, true, $"a rollback re-activates the registered digest; {claims.ModelId}'s model/ hashes to {keeper.Hash} ({KeeperModelHash.RecipeName})");
        }

        string stated = claims.Register.Sha256Hash;
        if (KeeperModelHash.HashesEqual(stated, keeper.Hash))
        {
            return new(ChainHash, true, $"sha256_hash {stated} is the {KeeperModelHash.RecipeName} hash of '{modelDir}', what the node's keeper compares before scoring");
        }

        return new(ChainHash, false, string.Create(CultureInfo.InvariantCulture,
            $"sha256_hash is {stated}, but the node's keeper computes {keeper.Hash} ({KeeperModelHash.RecipeName}) over '{modelDir}' and would refuse to score"));
    }

    private static VerificationCheck CheckSignature(ProposalCheckOptions options, VerificationReport registryChecks)
    {
        if (options.TrustedKeysDir is null)
        {
            return new(Signature, false, "not checked: pass --trusted-keys DIR with the release keys you trust");
        }

        var signature = registryChecks.Checks.Where(c => c.Name is "signature" or "signed-content").ToList();
        bool passed = signature.Count == 2 && signature.All(c => c.Passed);
        return new(Signature, passed, signature.Count == 0 ? "no signature check ran" : string.Join("; ", signature.Select(c => c.Detail)));
    }

    private static VerificationCheck CheckGates(Manifest? manifest)
    {
        if (manifest is null)
        {
            return new(Gates, false, "manifest.json cannot be read");
        }

        var wrong = manifest.Gates.Results
            .Where(g => !Holds(g.Value, g.Comparison, g.Threshold) || !g.Passed)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name} ({g.Value} {g.Comparison} {g.Threshold} {(Holds(g.Value, g.Comparison, g.Threshold) ? "holds" : "does not hold")}, recorded {(g.Passed ? "passed" : "failed")})"))
            .ToList();
        if (!manifest.Gates.Passed || wrong.Count > 0 || manifest.Gates.Results.Count == 0)
        {
            return new(Gates, false, wrong.Count > 0 ? "gates that fail: " + string.Join(", ", wrong) : "gates.passed is false or no gate results are recorded");
        }

        return new(Gates, true, string.Create(CultureInfo.InvariantCulture, $"all {manifest.Gates.Results.Count} gates pass, each value re-compared with its threshold"));
    }

    private static bool Holds(double value, string comparison, double threshold) => comparison switch
    {
        ">=" => value >= threshold,
        "<=" => value <= threshold,
        ">" => value > threshold,
        "<" => value < threshold,
        "==" => value == threshold,
        _ => false,
    };

    private static VerificationCheck CheckVersionOrder(ProposalClaims claims, ProposalRegistryCopy copy, string version)
    {
        if (copy.AuditDirectory is null)
        {
            return new(VersionOrder, false, $"not checked: an s3:// registry keeps no audit log; pass --audit-dir DIR, the folder whose {AuditLog.FileName} publish --audit-dir and the activations appended to");
        }

        string log = Path.Combine(copy.AuditDirectory, AuditLog.FileName);
        IReadOnlyList<AuditRecord> records = AuditLog.Open(copy.AuditDirectory).Read();
        if (claims.Kind == ProposalKind.Rollback)
        {
            bool wasActive = records.Any(r => r.Entry.Outcome == AuditOutcome.Succeeded && r.Entry.ToVersion == version
                && r.Entry.Action is AuditAction.Activate or AuditAction.RollbackTo or AuditAction.RollbackPrevious or AuditAction.Reconcile);
            return new(VersionOrder, wasActive, wasActive
                ? $"{version} was active before ({log})"
                : $"{version} was never active according to '{log}'; a rollback re-activates a version that was active before");
        }

        string? active = ActivationHistory.From(records).Stack.LastOrDefault(v => v != version);
        if (active is null)
        {
            return new(VersionOrder, true, $"no other version is recorded active in '{log}'; {version} is the first");
        }

        // Newer means published later (the registry sequence number), not a later name: "v10" < "v9" as text.
        int proposed = PublishSequence.Of(copy.Published, version);
        int current = PublishSequence.Of(copy.Published, active);
        if (proposed == 0 || current == 0)
        {
            return new(VersionOrder, false, $"{(proposed == 0 ? version : active)} is not a published version of '{copy.Location}', so the two cannot be ordered by publish sequence");
        }

        bool newer = proposed > current;
        return new(VersionOrder, newer, newer
            ? $"{version} (registry sequence {proposed}) was published after the active {active} (sequence {current})"
            : $"{version} (registry sequence {proposed}) was not published after the active {active} (sequence {current}); use a rollback proposal to go back");
    }

    [GeneratedRegex("^(?<uri>.+)#sha256=(?<sha>[0-9a-f]{64})$")]
    private static partial Regex MetadataField();

    [GeneratedRegex(@"artifact (?<url>\S+)$")]
    private static partial Regex ArtifactInDescription();
}
