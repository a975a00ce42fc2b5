using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrustScore.Consensus.Json;
using TrustScore.Errors;

namespace TrustScore.Receipts;

/// <summary>
/// The receipt object: the JSON form of the node's receipt struct, so the node can decode it as
/// is (docs/serving.md "Inference receipts"): <c>domain</c> <c>VEID_INFERENCE_RECEIPT</c>,
/// <c>version</c> 1, every sign-envelope field in order — except that the times are
/// <c>issued_at</c>/<c>expires_at</c> in RFC 3339 UTC (<c>2023-11-14T22:13:20Z</c>) where the sign
/// bytes carry <c>issued_at_unix</c>/<c>expires_at_unix</c> — and <c>signature</c> in base64.
/// Reading is strict: unknown, repeated or missing fields and wrong types are refused with one
/// sentence naming the field; values that parse but are not in canonical form (base64 that does
/// not re-encode identically, a time that is not second-aligned UTC) are reported as problems.
/// </summary>
public static class ReceiptJson
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
    };

    /// <summary>The receipt object's UTF-8 bytes (indented with a final LF for files, or compact).</summary>
    public static byte[] ToBytes(InferenceReceipt r, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, indented ? Indented : Compact))
        {
            Write(w, r);
        }

        if (indented)
        {
            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }

    /// <summary>Writes the receipt object (as a value: call after a property name or inside an array).</summary>
    public static void Write(Utf8JsonWriter w, InferenceReceipt r)
    {
        w.WriteStartObject();
        w.WriteString(ReceiptFieldNames.Domain, InferenceReceipt.Domain);
        w.WriteNumber(ReceiptFieldNames.Version, InferenceReceipt.Version);
        w.WriteString(ReceiptFieldNames.ChainId, r.ChainId);
        w.WriteString(ReceiptFieldNames.AccountAddress, r.AccountAddress);
        w.WriteString(ReceiptFieldNames.RequestId, r.RequestId);
        WriteStrings(w, ReceiptFieldNames.ScopeIds, r.ScopeIds);
        w.WriteString(ReceiptFieldNames.Nonce, r.Nonce);
        w.WriteString(ReceiptFieldNames.InputDigest, Convert.ToBase64String(r.InputDigest));
        w.WriteString(ReceiptFieldNames.FeatureDigest, Convert.ToBase64String(r.FeatureDigest));
        w.WriteString(ReceiptFieldNames.SchemaDigest, Convert.ToBase64String(r.SchemaDigest));
        w.WriteString(ReceiptFieldNames.EvidenceLineageDigest, Convert.ToBase64String(r.EvidenceLineageDigest));
        w.WriteString(ReceiptFieldNames.PipelineVersion, r.PipelineVersion);
        w.WriteString(ReceiptFieldNames.ModelManifestDigest, Convert.ToBase64String(r.ModelManifestDigest));
        w.WriteString(ReceiptFieldNames.ModelDigest, Convert.ToBase64String(r.ModelDigest));
        w.WriteString(ReceiptFieldNames.RuntimeImageDigest, Convert.ToBase64String(r.RuntimeImageDigest));
        w.WriteString(ReceiptFieldNames.RuntimeDigest, Convert.ToBase64String(r.RuntimeDigest));
        w.WriteString(ReceiptFieldNames.ConfigDigest, Convert.ToBase64String(r.ConfigDigest));
        w.WriteStartObject(ReceiptFieldNames.DeterminismProfile);
        w.WriteBoolean("force_cpu", r.DeterminismProfile.ForceCpu);
        w.WriteNumber("random_seed", r.DeterminismProfile.RandomSeed);
        w.WriteBoolean("deterministic_ops", r.DeterminismProfile.DeterministicOps);
        w.WriteNumber("inter_op_threads", r.DeterminismProfile.InterOpThreads);
        w.WriteNumber("intra_op_threads", r.DeterminismProfile.IntraOpThreads);
        w.WriteBoolean("disable_gpu", r.DeterminismProfile.DisableGpu);
        w.WriteEndObject();
        w.WriteNumber(ReceiptFieldNames.Score, r.Score);
        w.WriteString(ReceiptFieldNames.Status, r.Status);
        w.WriteNumber(ReceiptFieldNames.ConfidenceMillionths, r.ConfidenceMillionths);
        WriteStrings(w, ReceiptFieldNames.ReasonCodes, r.ReasonCodes);
        w.WriteNumber(ReceiptFieldNames.IssuedHeight, r.IssuedHeight);
        w.WriteString(ReceiptFieldNames.IssuedAt, FormatTime(r.IssuedAtUnix));
        w.WriteNumber(ReceiptFieldNames.ExpiresHeight, r.ExpiresHeight);
        w.WriteString(ReceiptFieldNames.ExpiresAt, FormatTime(r.ExpiresAtUnix));
        w.WriteString(ReceiptFieldNames.SignerKeyId, r.SignerKeyId);
        w.WriteString(ReceiptFieldNames.SignerFingerprint, r.SignerFingerprint);
        w.WriteNumber(ReceiptFieldNames.SignerSequence, r.SignerSequence);
        w.WriteString(ReceiptFieldNames.Signature, Convert.ToBase64String(r.Signature));
        w.WriteEndObject();
    }

    /// <summary>RFC 3339 UTC, second precision: <c>2023-11-14T22:13:20Z</c>.</summary>
    public static string FormatTime(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a receipt object from a file.</summary>
    /// <exception cref="BadInputException">Missing, unreadable, not JSON, or not a receipt object.</exception>
    public static ParsedReceipt ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"The receipt file '{path}' does not exist.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"Cannot read the receipt file '{path}': {ex.Message}", ex);
        }

        return Parse(text, $"receipt file '{path}'");
    }

    /// <summary>Parses a receipt object; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="BadInputException">Not JSON, or not a receipt object.</exception>
    public static ParsedReceipt Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = StrictJson.ParseDocument(json);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"The {source} is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.TryGetProperty("receipt", out JsonElement nested) && root.ValueKind == JsonValueKind.Object && nested.ValueKind == JsonValueKind.Object)
            {
                root = nested; // a whole service response: take its receipt object
            }

            return new Reader(root, source).Read();
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private sealed class Reader(JsonElement root, string source)
    {
        private static readonly string[] Known =
        [
            ReceiptFieldNames.Domain, ReceiptFieldNames.Version, ReceiptFieldNames.ChainId, ReceiptFieldNames.AccountAddress,
            ReceiptFieldNames.RequestId, ReceiptFieldNames.ScopeIds, ReceiptFieldNames.Nonce, ReceiptFieldNames.InputDigest,
            ReceiptFieldNames.FeatureDigest, ReceiptFieldNames.SchemaDigest, ReceiptFieldNames.EvidenceLineageDigest,
            ReceiptFieldNames.PipelineVersion, ReceiptFieldNames.ModelManifestDigest, ReceiptFieldNames.ModelDigest,
            ReceiptFieldNames.RuntimeImageDigest, ReceiptFieldNames.RuntimeDigest, ReceiptFieldNames.ConfigDigest,
            ReceiptFieldNames.DeterminismProfile, ReceiptFieldNames.Score, ReceiptFieldNames.Status,
            ReceiptFieldNames.ConfidenceMillionths, ReceiptFieldNames.ReasonCodes, ReceiptFieldNames.IssuedHeight,
            ReceiptFieldNames.IssuedAt, ReceiptFieldNames.ExpiresHeight, ReceiptFieldNames.ExpiresAt,
            ReceiptFieldNames.SignerKeyId, ReceiptFieldNames.SignerFingerprint, ReceiptFieldNames.SignerSequence,
            ReceiptFieldNames.Signature,
        ];

        private static readonly string[] ProfileFields =
            ["force_cpu", "random_seed", "deterministic_ops", "inter_op_threads", "intra_op_threads", "disable_gpu"];

        private readonly List<ReceiptProblem> problems = [];

        public ParsedReceipt Read()
        {
            CheckKeys(root, Known, "the receipt object");
            if (Str(ReceiptFieldNames.Domain) != InferenceReceipt.Domain)
            {
                this.problems.Add(new ReceiptProblem(ReceiptFieldNames.Domain, $"is not '{InferenceReceipt.Domain}'"));
            }

            if (Number<uint>(ReceiptFieldNames.Version, uint.TryParse) != InferenceReceipt.Version)
            {
                this.problems.Add(new ReceiptProblem(ReceiptFieldNames.Version, $"is not {InferenceReceipt.Version}"));
            }

            JsonElement profile = Get(ReceiptFieldNames.DeterminismProfile, JsonValueKind.Object);
            CheckKeys(profile, ProfileFields, ReceiptFieldNames.DeterminismProfile);
            var receipt = new InferenceReceipt
            {
                ChainId = Str(ReceiptFieldNames.ChainId),
                AccountAddress = Str(ReceiptFieldNames.AccountAddress),
                RequestId = Str(ReceiptFieldNames.RequestId),
                ScopeIds = Strings(ReceiptFieldNames.ScopeIds),
                Nonce = Str(ReceiptFieldNames.Nonce),
                InputDigest = Base64(ReceiptFieldNames.InputDigest),
                FeatureDigest = Base64(ReceiptFieldNames.FeatureDigest),
                SchemaDigest = Base64(ReceiptFieldNames.SchemaDigest),
                EvidenceLineageDigest = Base64(ReceiptFieldNames.EvidenceLineageDigest),
                PipelineVersion = Str(ReceiptFieldNames.PipelineVersion),
                ModelManifestDigest = Base64(ReceiptFieldNames.ModelManifestDigest),
                ModelDigest = Base64(ReceiptFieldNames.ModelDigest),
                RuntimeImageDigest = Base64(ReceiptFieldNames.RuntimeImageDigest),
                RuntimeDigest = Base64(ReceiptFieldNames.RuntimeDigest),
                ConfigDigest = Base64(ReceiptFieldNames.ConfigDigest),
                DeterminismProfile = new DeterminismProfile(
                    Bool(profile, "force_cpu"),
                    Number<long>(profile, "random_seed", long.TryParse),
                    Bool(profile, "deterministic_ops"),
                    Number<int>(profile, "inter_op_threads", int.TryParse),
                    Number<int>(profile, "intra_op_threads", int.TryParse),
                    Bool(profile, "disable_gpu")),
                Score = Number<uint>(ReceiptFieldNames.Score, uint.TryParse),
                Status = Str(ReceiptFieldNames.Status),
                ConfidenceMillionths = Number<uint>(ReceiptFieldNames.ConfidenceMillionths, uint.TryParse),
                ReasonCodes = Strings(ReceiptFieldNames.ReasonCodes),
                IssuedHeight = Number<long>(ReceiptFieldNames.IssuedHeight, long.TryParse),
                IssuedAtUnix = Time(ReceiptFieldNames.IssuedAt),
                ExpiresHeight = Number<long>(ReceiptFieldNames.ExpiresHeight, long.TryParse),
                ExpiresAtUnix = Time(ReceiptFieldNames.ExpiresAt),
                SignerKeyId = Str(ReceiptFieldNames.SignerKeyId),
                SignerFingerprint = Str(ReceiptFieldNames.SignerFingerprint),
                SignerSequence = Number<ulong>(ReceiptFieldNames.SignerSequence, ulong.TryParse),
                Signature = Base64(ReceiptFieldNames.Signature),
            };
            return new ParsedReceipt(receipt, this.problems);
        }

        private delegate bool TryParse<T>(string s, NumberStyles styles, IFormatProvider provider, out T value);

        private void CheckKeys(JsonElement obj, string[] known, string where)
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                throw new BadInputException($"The {source} is not a JSON object.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty p in obj.EnumerateObject())
            {
                if (!known.Contains(p.Name, StringComparer.Ordinal))
                {
                    throw new BadInputException($"The {source} has an unknown field '{p.Name}' in {where}.");
                }

                if (!seen.Add(p.Name))
                {
                    throw new BadInputException($"The {source} repeats the field '{p.Name}' in {where}.");
                }
            }

            foreach (string name in known.Where(k => !seen.Contains(k)))
            {
                throw new BadInputException($"The {source} has no '{name}' field in {where}.");
            }
        }

        private JsonElement Get(string name, JsonValueKind kind) => Get(root, name, kind);

        private JsonElement Get(JsonElement obj, string name, JsonValueKind kind)
        {
            JsonElement e = obj.GetProperty(name);
            return e.ValueKind == kind
                ? e
                : throw new BadInputException($"The {source} field '{name}' is {e.ValueKind.ToString().ToLowerInvariant()}; expected {kind.ToString().ToLowerInvariant()}.");
        }

        private string Str(string name) => Get(name, JsonValueKind.String).GetString()!;

        private bool Bool(JsonElement obj, string name)
        {
            JsonElement e = obj.GetProperty(name);
            return e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new BadInputException($"The {source} field '{name}' is not true or false."),
            };
        }

        private T Number<T>(string name, TryParse<T> parse) => Number(root, name, parse);

        private T Number<T>(JsonElement obj, string name, TryParse<T> parse)
        {
            string raw = Get(obj, name, JsonValueKind.Number).GetRawText();
            return parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out T value)
                ? value
                : throw new BadInputException($"The {source} field '{name}' is {raw}; expected an integer in the range of {typeof(T).Name}.");
        }

        private string[] Strings(string name)
        {
            JsonElement e = Get(name, JsonValueKind.Array);
            return e.EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new BadInputException($"The {source} field '{name}' entry {i} is not a string.")).ToArray();
        }

        private byte[] Base64(string name)
        {
            string text = Str(name);
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException ex)
            {
                throw new BadInputException($"The {source} field '{name}' is not base64.", ex);
            }

            if (Convert.ToBase64String(bytes) != text)
            {
                this.problems.Add(new ReceiptProblem(name, "is not in canonical base64 form (standard alphabet, padded, no whitespace)"));
            }

            return bytes;
        }

        private long Time(string name)
        {
            string text = Str(name);
            if (DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t))
            {
                return new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeSeconds();
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset any))
            {
                this.problems.Add(new ReceiptProblem(name, $"'{text}' is not second-aligned RFC 3339 UTC (like 2023-11-14T22:13:20Z)"));
                return any.ToUnixTimeSeconds();
            }

            throw new BadInputException($"The {source} field '{name}' is '{text}'; expected an RFC 3339 UTC time like 2023-11-14T22:13:20Z.");
        }
    }
}
