using System.Security.Cryptography;
using TrustScore.Errors;
using TrustScore.IO;

namespace TrustScore.Scoring;

/// <summary>
/// <c>trustscore score</c> (runbook §1.4, §7.1): verifies the version's digest and conformance
/// vectors, then scores every row of the input in fixed-size batches. All rows are validated; if
/// any is bad, every bad row is reported with its location and nothing is written. The output
/// file is written atomically.
/// </summary>
public static class BatchScorer
{
    private const int BatchRows = 1024;

    /// <summary>Scores <see cref="ScoreOptions.InputPath"/> with the model of <see cref="ScoreOptions.VersionDir"/>.</summary>
    /// <exception cref="BadInputException">Bad options, an unreadable input, or invalid rows (all listed).</exception>
    /// <exception cref="VerificationFailedException">The version does not verify or its model fails its conformance vectors.</exception>
    public static ScoreSummary Run(ScoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threads < 1)
        {
            throw new BadInputException($"--threads is {options.Threads}; it must be at least 1.");
        }

        _ = ScoreInputReader.FormatOf(options.InputPath);
        var model = VerifiedModelLoader.Load(options.VersionDir, options.Keys);
        var scorer = model.Scorer;
        int d = scorer.FeatureCount;
        if (d != Data.FeatureSchema.Dimension)
        {
            throw new VerificationFailedException($"{model.ModelPath} takes {d} features; feature schema {Data.FeatureSchema.Version} has {Data.FeatureSchema.Dimension}.");
        }

        bool csv = options.OutputPath is not null && Path.GetExtension(options.OutputPath).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        var lines = new ScoreLineWriter(csv, model.Conformance.Rule);
        var errors = new List<string>();
        long badRows = 0;
        long rows = 0;
        var ids = new string[BatchRows];
        var features = new float[BatchRows * d];
        var outputs = new float[BatchRows];
        int pending = 0;

        void Flush()
        {
            scorer.Score(features.AsSpan(0, pending * d), pending, outputs.AsSpan(0, pending), options.Threads);
            for (int i = 0; i < pending; i++)
            {
                lines.Write(ids[i], outputs[i]);
            }

            rows += pending;
            pending = 0;
        }

        foreach (var input in ScoreInputReader.Read(options.InputPath))
        {
            if (input.Error is not null)
            {
                badRows++;
                if (errors.Count < options.MaxErrorsListed)
                {
                    errors.Add(input.Error);
                }

                continue;
            }

            if (badRows > 0)
            {
                continue; // nothing will be written; keep reading only to report every bad row
            }

            ids[pending] = input.SampleId!;
            input.Features.AsSpan().CopyTo(features.AsSpan(pending * d, d));
            if (++pending == BatchRows)
            {
                Flush();
            }
        }

        if (badRows > 0)
        {
            string more = badRows > errors.Count ? $"\n  … and {badRows - errors.Count} more" : string.Empty;
            throw new BadInputException($"{badRows} input row(s) of {options.InputPath} cannot be scored; nothing was written:\n  {string.Join("\n  ", errors)}{more}");
        }

        if (pending > 0)
        {
            Flush();
        }

        byte[] bytes = lines.ToArray();
        if (options.OutputPath is not null)
        {
            AtomicFile.WriteAllBytes(options.OutputPath, bytes);
        }

        return new ScoreSummary(
            model.Version,
            model.RootDigest,
            rows,
            model.Conformance.Vectors.Count,
            options.OutputPath,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            options.OutputPath is null ? bytes : null);
    }
}
