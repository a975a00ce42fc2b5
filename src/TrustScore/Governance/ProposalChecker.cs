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

        checks.Add(CheckMetadata(json, options));

        string? registry = options.Registry ?? RegistryFromArtifactUrl(claims);
        string? versionDir = registry is null || claims is null ? null : FindVersion(registry, claims);
        string? version = versionDir is null ? claims?.Register?.Version : Path.GetFileName(versionDir);
        if (versionDir is null)
        {
            string why = claims is null ? "the messages name no model" :
                registry is null ? "no --registry given and the artifact URL is not a local path" :
                $"registry '{registry}' holds no published version for model id '{claims.ModelId}'";
            foreach (string name in new[] { Artifact, OmsRoot, ChainHash, Signature, Gates, VersionOrder })
            {
                checks.Add(new(name, false, $"not checked: {why}"));
            }

            return new ProposalCheckReport(options.ProposalPath, claims?.Kind, version, checks);
        }

        VerificationReport registryChecks = RegistryVerification.Verify(versionDir, published: true, new VerifyOptions
        {
            TrustedKeysDir = options.TrustedKeysDir,
            RequireSignature = false,
            ExtraChecks = DefaultVersionChecks.Create(),
        });
        Manifest? manifest = TryReadManifest(versionDir);
        checks.Add(CheckArtifact(claims!, versionDir, registryChecks));
        checks.Add(CheckOmsRoot(claims!, registryChecks, manifest));
        checks.Add(CheckChainHash(claims!, versionDir));
        checks.Add(CheckSignature(options, registryChecks));
        checks.Add(CheckGates(manifest));
        checks.Add(CheckVersionOrder(claims!, registry!, version!));
        var own = new HashSet<string>(StringComparer.Ordinal) { "manifest", "digest", "files", "gates", "metadata", "archive", "signature", "signed-content" };
        checks.AddRange(registryChecks.Checks.Where(c => !own.Contains(c.Name)));
        return new ProposalCheckReport(options.ProposalPath, claims!.Kind, version, checks);
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

    private static VerificationCheck CheckMetadata(JsonObject json, ProposalCheckOptions options)
    {
        string field = (json["metadata"] as JsonValue)?.TryGetValue(out string? s) == true ? s : string.Empty;
        Match match = MetadataField().Match(field);
        if (!match.Success)
        {
            return new(Metadata, false, $"the metadata field '{field}' is not '<uri>#sha256=<64 hex>'");
        }

        string uri = match.Groups["uri"].Value;
        string expected = match.Groups["sha"].Value;
        string path = MetadataPath(uri, options);
        if (!File.Exists(path))
        {
            return new(Metadata, false, $"the off-chain metadata '{uri}' was not found at '{path}' (pass --metadata FILE with the published copy)");
        }

        byte[] bytes = File.ReadAllBytes(path);
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
        if (url is null || (url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("file://", StringComparison.Ordinal)))
        {
            return null;
        }

        string path = url.StartsWith("file://", StringComparison.Ordinal) ? new Uri(url).LocalPath : url;
        return Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    private static string? FindVersion(string registry, ProposalClaims claims)
    {
        if (S3RegistryLocation.IsS3Url(registry))
        {
            throw new BadInputException($"--registry '{registry}': proposal check reads a local registry; mirror the version first (e.g. 'aws s3 sync') and pass that folder.");
        }

        if (!Directory.Exists(registry))
        {
            throw new BadInputException($"registry '{registry}' does not exist.");
        }

        if (claims.Register is { } info)
        {
            string dir = Path.Combine(registry, info.Version);
            return Directory.Exists(dir) && ModelTypes.ModelId(TryReadManifest(dir)?.Model.Name ?? info.Name, info.Version) == claims.ModelId ? dir : null;
        }

        // A rollback names only the model id: find the published version it was derived from.
        return Directory.EnumerateDirectories(registry)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(dir => TryReadManifest(dir) is { } m && ModelTypes.ModelId(m.Model.Name, m.Model.Version) == claims.ModelId);
    }

    private static Manifest? TryReadManifest(string versionDir)
    {
        try
        {
            return Manifest.Read(VersionLayout.ManifestPath(versionDir));
        }
        catch (BadInputException)
        {
            return null;
        }
    }

    private static VerificationCheck CheckArtifact(ProposalClaims claims, string versionDir, VerificationReport registryChecks)
    {
        var published = registryChecks.Checks.Where(c => c.Name is "metadata" or "archive").ToList();
        var failed = published.Where(c => !c.Passed).ToList();
        if (published.Count == 0 || failed.Count > 0)
        {
            return new(Artifact, false, failed.Count > 0 ? string.Join("; ", failed.Select(c => c.Detail)) : $"'{versionDir}' is not a published registry version");
        }

        string version = Path.GetFileName(versionDir);
        string archive = ArtifactChecker.ArchiveName(version);
        if (claims.Kind == ProposalKind.RegisterAndActivate)
        {
            string? url = ArtifactUrl(claims);
            if (url is null || !url.EndsWith($"{version}/{archive}", StringComparison.Ordinal))
            {
                return new(Artifact, false, $"the artifact URL the proposal names ('{url ?? "none"}') does not end in {version}/{archive}");
            }
        }

        return new(Artifact, true, $"{Path.Combine(versionDir, archive)} is present and its SHA-256 matches metadata.json; {string.Join("; ", published.Select(c => c.Detail.TrimEnd('.')))}");
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

    private static VerificationCheck CheckVersionOrder(ProposalClaims claims, string registry, string version)
    {
        IReadOnlyList<AuditRecord> records = AuditLog.Open(registry).Read();
        if (claims.Kind == ProposalKind.Rollback)
        {
            bool wasActive = records.Any(r => r.Entry.Outcome == AuditOutcome.Succeeded && r.Entry.ToVersion == version
                && r.Entry.Action is AuditAction.Activate or AuditAction.RollbackTo or AuditAction.RollbackPrevious or AuditAction.Reconcile);
            return new(VersionOrder, wasActive, wasActive
                ? $"{version} was active before (registry audit log)"
                : $"{version} was never active according to '{registry}''s audit log; a rollback re-activates a version that was active before");
        }

        string? active = ActivationHistory.From(records).Stack.LastOrDefault(v => v != version);
        if (active is null)
        {
            return new(VersionOrder, true, $"no other version is recorded active in '{registry}''s audit log; {version} is the first");
        }

        bool newer = string.CompareOrdinal(version, active) > 0;
        return new(VersionOrder, newer, newer
            ? $"{version} is newer than the active {active} (version names sort by time)"
            : $"{version} is not newer than the active {active}; use a rollback proposal to go back");
    }

    [GeneratedRegex("^(?<uri>.+)#sha256=(?<sha>[0-9a-f]{64})$")]
    private static partial Regex MetadataField();

    [GeneratedRegex(@"artifact (?<url>\S+)$")]
    private static partial Regex ArtifactInDescription();
}
