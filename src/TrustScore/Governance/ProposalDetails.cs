using System.Globalization;
using System.Text;
using TrustScore.IO;

namespace TrustScore.Governance;

/// <summary>
/// Writes the Markdown <c>details</c> of the off-chain metadata: what the proposal does, the
/// evaluation metrics and gates, the comparison with the previous model, how to verify the
/// artifact independently, and the rollback plan. Deterministic: the same inputs give the same
/// text (no timestamps), so the metadata's SHA-256 is reproducible.
/// </summary>
internal static class ProposalDetails
{
    public static string ForRegister(ManifestFacts manifest, string chainHash, ManifestFacts? previous, string modelId, string modelUrl, ArtifactCheck artifact, ChainProfile profile, ImpactLink? impact = null)
    {
        var md = new StringBuilder();
        md.Append("## Proposal\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Register the VEID trust-score model `{modelId}` (version `{manifest.Version}`) and make it the active `{ModelTypes.TrustScore}` model on `{profile.ChainId}`.\n\n");
        md.Append("| field | value |\n|---|---|\n");
        md.Append(CultureInfo.InvariantCulture, $"| model_id | `{modelId}` |\n| sha256_hash ({profile.KeeperHashRecipe} of `model/`) | `{chainHash}` |\n| OpenSSF root (signature subject) | `sha256:{manifest.RootHex}` |\n| score rule | `{manifest.ScoreRule}` |\n| artifact | {modelUrl} |\n| artifact check | {artifact.Detail} |\n| authority | `{profile.GovAuthority}` (the gov module) |\n");
        if (impact is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"| impact report | `{impact.FileName}` sha256 `{impact.Sha256}` |\n");
        }

        md.Append('\n');
        if (impact is not null)
        {
            md.Append("## Impact if this version goes live\n\n");
            md.Append(CultureInfo.InvariantCulture, $"From `trustscore diff` against `{impact.FromVersion}` on {impact.Records} records: {impact.Changed} integer scores change.\n\n");
            md.Append("| threshold | start passing | stop passing |\n|---|---|---|\n");
            foreach (var t in impact.Thresholds)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {t.Name} >= {t.MinScore} | {t.Up} | {t.Down} |\n");
            }

            md.Append(CultureInfo.InvariantCulture, $"\nThe full report is `{impact.FileName}` (published with this metadata); its SHA-256 must be `{impact.Sha256}`.\n\n");
        }

        md.Append("## Evaluation metrics (test set)\n\n");
        if (previous is null)
        {
            md.Append("| metric | value |\n|---|---|\n");
            foreach (var (name, value) in manifest.Metrics)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {name} | {Format(value)} |\n");
            }
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture, $"| metric | {manifest.Version} | {previous.Version} (previous) | change |\n|---|---|---|---|\n");
            foreach (var (name, value) in manifest.Metrics)
            {
                double? old = previous.Metric(name);
                string change = old is double o ? Signed(value - o) : "n/a";
                md.Append(CultureInfo.InvariantCulture, $"| {name} | {Format(value)} | {(old is double p ? Format(p) : "n/a")} | {change} |\n");
            }
        }

        md.Append('\n');
        AppendGates(md, manifest);

        md.Append("## Previous model\n\n");
        if (previous is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"Replaces `{previous.Version}` (root `{previous.RootHex}`).\n\n");
        }
        else if (manifest.PreviousVersion is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"Replaces `{manifest.PreviousVersion}`{(manifest.PreviousRoot is null ? string.Empty : $" (root `{Sha256Text.ToHex(manifest.PreviousRoot)}`)")}; its metrics were not supplied for comparison.\n\n");
        }
        else
        {
            md.Append("None recorded: this is the first trust-score model proposed with this toolchain.\n\n");
        }

        md.Append("## Verify before voting\n\n");
        md.Append(CultureInfo.InvariantCulture, $"1. Download the artifact from {modelUrl} and unpack it.\n");
        md.Append(CultureInfo.InvariantCulture, $"2. `trustscore hash {manifest.Version}/model --recipe {profile.KeeperHashRecipe}` must print `{chainHash}`, the sha256_hash above: the node computes the same over the directory it is pointed at (`{manifest.Version}/model`).\n");
        md.Append(CultureInfo.InvariantCulture, $"3. `trustscore hash {manifest.Version}/model` must print `sha256:{manifest.RootHex}` (OpenSSF model-signing `files` digest; any compatible tool gives the same root).\n");
        md.Append(CultureInfo.InvariantCulture, $"4. `trustscore verify --model {manifest.Version} --public-key <release public key>` checks the signature over the model, its manifest and both hashes.\n");
        md.Append("5. `model/conformance.json` lists input vectors with the exact bits of their outputs and their integer scores under the sealed score rule; the scorer re-runs them when it loads the model, and every one must match.\n");
        md.Append("6. Or all of it at once, against a copy of the registry: `trustscore proposal check proposal.json --registry <registry copy> --trusted-keys <your keys>` prints one PASS/FAIL line per claim.\n\n");

        md.Append("## Rollback plan\n\n");
        string target = previous?.Version ?? manifest.PreviousVersion ?? "<previous version>";
        md.Append(CultureInfo.InvariantCulture, $"Validators can switch back locally at once with `trustscore rollback to {target}`; a network-wide rollback is a new proposal made with `trustscore proposal rollback --registry <registry> --to {target} --reason \"...\"`, which re-activates the already registered digest.\n");
        return md.ToString();
    }

    public static string ForRollback(ManifestFacts target, string chainHash, string? fromVersion, string? fromRoot, string modelId, string reason, ChainProfile profile)
    {
        var md = new StringBuilder();
        md.Append("## Proposal\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Roll the active `{ModelTypes.TrustScore}` model on `{profile.ChainId}` back to the already registered model `{modelId}` (version `{target.Version}`).\n\n");
        md.Append("## Reason\n\n").Append(reason.Trim()).Append("\n\n");
        md.Append("| | version | OpenSSF root digest | sha256_hash |\n|---|---|---|---|\n");
        md.Append(CultureInfo.InvariantCulture, $"| from | {fromVersion ?? "unknown"} | {(fromRoot is null ? "unknown" : $"`{Sha256Text.ToHex(fromRoot)}`")} | |\n");
        md.Append(CultureInfo.InvariantCulture, $"| to | {target.Version} | `{target.RootHex}` | `{chainHash}` |\n\n");
        if (target.Metrics.Count > 0)
        {
            md.Append("## Metrics of the target model\n\n| metric | value |\n|---|---|\n");
            foreach (var (name, value) in target.Metrics)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {name} | {Format(value)} |\n");
            }

            md.Append('\n');
        }

        md.Append("## Verify before voting\n\n");
        md.Append(CultureInfo.InvariantCulture, $"1. `trustscore rollback verify {target.Version}` must pass; `trustscore hash <registry>/{target.Version}/model --recipe {profile.KeeperHashRecipe}` must print `{chainHash}` (and `trustscore hash <registry>/{target.Version}/model` `sha256:{target.RootHex}`).\n");
        md.Append(CultureInfo.InvariantCulture, $"2. The chain must already list `{modelId}` with sha256_hash `{chainHash}`: `{profile.CliBinary} query veid model {modelId}`.\n\n");
        md.Append("## After the vote\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Validators switch their local active model with `trustscore rollback to {target.Version}`, which verifies the target before moving the pointer and records the change in the audit log.\n");
        return md.ToString();
    }

    private static void AppendGates(StringBuilder md, ManifestFacts manifest)
    {
        md.Append(CultureInfo.InvariantCulture, $"## Release gates: {(manifest.GatesPassed ? "all passed" : "NOT all passed")}\n\n");
        if (manifest.Gates.Count == 0)
        {
            return;
        }

        md.Append("| gate | value | threshold | passed |\n|---|---|---|---|\n");
        foreach (var g in manifest.Gates)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {g.Name} | {Format(g.Value)} | {g.Comparison} {Format(g.Threshold)} | {(g.Passed ? "yes" : "no")} |\n");
        }

        md.Append('\n');
    }

    internal static string Format(double value) =>
        double.IsFinite(value) ? value.ToString("0.######", CultureInfo.InvariantCulture) : "n/a";

    private static string Signed(double value) =>
        (value >= 0 ? "+" : string.Empty) + Format(value);
}
