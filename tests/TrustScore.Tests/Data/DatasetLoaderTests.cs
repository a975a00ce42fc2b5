using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrustScore.Data;
using TrustScore.Errors;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Data;

public class DatasetLoaderTests
{
    [Fact]
    public void Load_SplitsEverythingKept_AndCountsMatch()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("data", "a.jsonl"), VeidTestData.Records(60));
        var ds = DatasetLoader.Load(VeidTestData.Config(dir.Combine("data")));
        Assert.Equal(60, ds.Train.Count + ds.Validation.Count + ds.Test.Count);
        Assert.Equal(60, ds.Filters.Kept);
        Assert.Equal(ds.Train.Count * 768, ds.Train.Features.Length);
        Assert.Equal(ds.Train.AnonymizedIds.Order(StringComparer.Ordinal), ds.Train.AnonymizedIds);
        var file = Assert.Single(ds.Manifest.Files);
        Assert.Equal(("a.jsonl", 60L), (file.Path, file.Records));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.Combine("data", "a.jsonl")))), file.Sha256);
    }

    [Fact]
    public void AnonymizedId_IsHmacSha256OfTheIdUnderTheDevelopmentSalt()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), VeidTestData.Records(30));
        var ds = DatasetLoader.Load(VeidTestData.Config(dir.Path));
        byte[] salt = Encoding.UTF8.GetBytes("trustscore-public-development-salt-v1");
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes("s-00000")));
        Assert.Contains(expected, ds.Train.AnonymizedIds.Concat(ds.Validation.AnonymizedIds).Concat(ds.Test.AnonymizedIds));
        Assert.Equal("public-development-salt", ds.Manifest.SaltSource);
        Assert.Contains(ds.Warnings, w => w.Contains("development salt", StringComparison.Ordinal));
    }

    [Fact]
    public void SaltFromFile_ChangesIdsAndCommitment_AndIsNeverInTheManifest()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("data", "a.jsonl"), VeidTestData.Records(30));
        const string secret = "a-secret-salt-of-enough-length";
        File.WriteAllText(dir.Combine("salt"), secret + "\n");
        var config = VeidTestData.Config(dir.Combine("data"), "  balance_classes: false\n  anonymization_salt_file: \"${SALT_FILE}\"\n", new() { ["SALT_FILE"] = dir.Combine("salt") });
        var salted = DatasetLoader.Load(config);
        var plain = DatasetLoader.Load(VeidTestData.Config(dir.Combine("data")));
        byte[] commitmentInput = [.. Encoding.UTF8.GetBytes("trustscore-salt-commitment-v1\0"), .. Encoding.UTF8.GetBytes(secret)];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(commitmentInput)), salted.Manifest.SaltCommitment);
        Assert.Equal("file", salted.Manifest.SaltSource);
        Assert.NotEqual(plain.Manifest.DatasetDigest, salted.Manifest.DatasetDigest);
        Assert.DoesNotContain(secret, salted.Manifest.ToCanonicalJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void SplitAssignment_OfExistingSamples_SurvivesAppendingSamples()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("data", "a.jsonl"), VeidTestData.Records(200));
        var before = SplitOf(DatasetLoader.Load(VeidTestData.Config(dir.Combine("data"))));
        VeidTestData.WriteJsonl(dir.Combine("data", "b.jsonl"), VeidTestData.Records(150, start: 200));
        var after = SplitOf(DatasetLoader.Load(VeidTestData.Config(dir.Combine("data"))));
        Assert.Equal(350, after.Count);
        Assert.All(before, pair => Assert.Equal(pair.Value, after[pair.Key]));
    }

    [Fact]
    public void FileOrderAndRecordOrder_DoNotChangeTheSplits()
    {
        using var dir = new TempDirectory();
        var records = VeidTestData.Records(80).ToList();
        VeidTestData.WriteJsonl(dir.Combine("one", "all.jsonl"), records);
        VeidTestData.WriteJsonl(dir.Combine("two", "z.jsonl"), Enumerable.Reverse(records).Take(40));
        VeidTestData.WriteJsonl(dir.Combine("two", "a.jsonl"), Enumerable.Reverse(records).Skip(40));
        var one = DatasetLoader.Load(VeidTestData.Config(dir.Combine("one"))).Manifest;
        var two = DatasetLoader.Load(VeidTestData.Config(dir.Combine("two"))).Manifest;
        Assert.Equal(one.Splits, two.Splits);
        Assert.Equal(["a.jsonl", "z.jsonl"], two.Files.Select(f => f.Path));
    }

    [Fact]
    public void JsonlAndParquet_OfTheSameSamples_GiveTheSameSplits()
    {
        using var dir = new TempDirectory();
        SyntheticDataset.Generate(dir.Combine("j"), 120, 7, SyntheticFormat.Jsonl);
        SyntheticDataset.Generate(dir.Combine("p"), 120, 7, SyntheticFormat.Parquet);
        var j = DatasetLoader.Load(VeidTestData.Config(dir.Combine("j"))).Manifest;
        var p = DatasetLoader.Load(VeidTestData.Config(dir.Combine("p"))).Manifest;
        Assert.Equal(j.Splits, p.Splits);
        Assert.NotEqual(j.Files[0].Sha256, p.Files[0].Sha256);
    }

    [Fact]
    public void DuplicateSampleIds_NameBothLocations()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), VeidTestData.Records(3));
        VeidTestData.WriteJsonl(dir.Combine("b.jsonl"), [VeidTestData.Record("x"), VeidTestData.Record("s-00001")]);
        var ex = Assert.Throws<BadInputException>(() => DatasetLoader.Load(VeidTestData.Config(dir.Path)));
        Assert.Equal($"{dir.Combine("b.jsonl")}:2: duplicate sample_id 's-00001' (first seen at {dir.Combine("a.jsonl")}:2); sample ids must be unique across the dataset.", ex.Message);
    }

    [Fact]
    public void MissingPath_NamesTheVariableThatProducedIt()
    {
        using var dir = new TempDirectory();
        var config = VeidTestData.Config("${VEID_DATASET_PATH:-data/veid_production}", env: new() { ["VEID_DATASET_PATH"] = dir.Combine("nowhere") });
        var ex = Assert.Throws<BadInputException>(() => DatasetLoader.Load(config));
        Assert.Contains($"dataset path '{dir.Combine("nowhere")}' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("VEID_DATASET_PATH is set to", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("set VEID_DATASET_PATH to the dataset directory.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDefaultPath_SaysTheDefaultWasUsed()
    {
        using var dir = new TempDirectory();
        var config = VeidTestData.Config("${VEID_DATASET_PATH:-data/veid_production}");
        var ex = Assert.Throws<BadInputException>(() => DatasetLoader.Load(config, dir.Path));
        Assert.Contains("VEID_DATASET_PATH is unset, so the default 'data/veid_production' was used", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyDirectory_AndEmptyFile_AreErrors()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("empty"));
        Assert.Contains("contains no .jsonl or .parquet files", Assert.Throws<BadInputException>(() => DatasetLoader.Load(VeidTestData.Config(dir.Combine("empty")))).Message, StringComparison.Ordinal);
        Directory.CreateDirectory(dir.Combine("blank"));
        File.WriteAllText(dir.Combine("blank", "x.jsonl"), "\n\n");
        Assert.Contains("has no records", Assert.Throws<BadInputException>(() => DatasetLoader.Load(VeidTestData.Config(dir.Combine("blank")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterThatDropsEverything_IsAnError_WithCounts()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), VeidTestData.Records(20));
        var config = VeidTestData.Config(dir.Path, "  balance_classes: false\n  min_face_confidence: 0.99\n");
        var ex = Assert.Throws<BadInputException>(() => DatasetLoader.Load(config));
        Assert.Contains("the filters dropped all 20 records", ex.Message, StringComparison.Ordinal);
        Assert.Contains("min_face_confidence: 20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filters_CountEachDropOnce_InOrder()
    {
        using var dir = new TempDirectory();
        var records = VeidTestData.Records(40).ToList();
        records[0]["document_type"] = "visa";
        records[1]["face_confidence"] = 0.5;
        records[1]["document_quality_score"] = 0.1; // counted under face confidence only
        records[2]["document_quality_score"] = 0.1;
        records[3]["ocr_confidence"] = 0.2;
        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), records);
        var f = DatasetLoader.Load(VeidTestData.Config(dir.Path)).Filters;
        Assert.Equal((40L, 1L, 1L, 1L, 1L, 36L), (f.RecordsRead, f.DroppedByDocType, f.DroppedByMinFaceConfidence, f.DroppedByMinDocQuality, f.DroppedByMinOcrConfidence, f.Kept));
    }

    [Fact]
    public void ClassBalancing_EqualisesClasses_AndMinSamplesPerClassIsEnforced()
    {
        using var dir = new TempDirectory();
        var records = VeidTestData.Records(60).ToList();
        foreach (var r in records.Take(20))
        {
            r["is_genuine"] = true;
        }

        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), records); // 40 genuine, 20 fraud
        var ds = DatasetLoader.Load(VeidTestData.Config(dir.Path, "  balance_classes: true\n  min_samples_per_class: 10\n"));
        var all = ds.Train.IsGenuine.Concat(ds.Validation.IsGenuine).Concat(ds.Test.IsGenuine).ToList();
        Assert.Equal((20, 20), (all.Count(g => g), all.Count(g => !g)));
        Assert.Equal(20, ds.Filters.DroppedByClassBalancing);
        var ex = Assert.Throws<BadInputException>(() => DatasetLoader.Load(VeidTestData.Config(dir.Path, "  balance_classes: true\n  min_samples_per_class: 25\n")));
        Assert.Contains("the fraud class has 20 samples, fewer than dataset.min_samples_per_class (25)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxSamples_CapsTheDataset()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), VeidTestData.Records(100));
        var ds = DatasetLoader.Load(VeidTestData.Config(dir.Path, "  balance_classes: false\n  max_samples: 70\n"));
        Assert.Equal((70L, 30L), (ds.Filters.Kept, ds.Filters.DroppedByMaxSamples));
    }

    [Fact]
    public void Manifest_DigestCoversItsBody()
    {
        using var dir = new TempDirectory();
        VeidTestData.WriteJsonl(dir.Combine("a.jsonl"), VeidTestData.Records(30));
        var manifest = DatasetLoader.Load(VeidTestData.Config(dir.Path)).Manifest;
        using var doc = JsonDocument.Parse(manifest.ToCanonicalJson());
        var root = doc.RootElement;
        Assert.Equal(manifest.DatasetDigest, root.GetProperty("dataset_digest").GetString());
        Assert.Equal(FeatureSchema.Digest, root.GetProperty("feature_schema").GetProperty("digest").GetString());
        Assert.Equal(30, root.GetProperty("total_records").GetInt32());
        var body = System.Text.Json.Nodes.JsonNode.Parse(manifest.ToCanonicalJson())!.AsObject();
        body.Remove("dataset_digest");
        Assert.Equal(manifest.DatasetDigest, Convert.ToHexStringLower(SHA256.HashData(TrustScore.IO.CanonicalJson.ToUtf8Bytes(body))));
    }

    private static Dictionary<string, string> SplitOf(LoadedDataset ds) =>
        new[] { ds.Train, ds.Validation, ds.Test }.SelectMany(s => s.AnonymizedIds.Select(id => (id, s.Name))).ToDictionary(p => p.id, p => p.Name);
}
