using TrustScore.Errors;
using TrustScore.Scoring;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Scoring;

/// <summary>Input parsing of <c>trustscore score</c>: CSV quoting, layouts and per-row errors with their line.</summary>
public sealed class ScoreInputReaderTests : IDisposable
{
    private readonly TempDirectory temp = new("score-input");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"a,b\",c", new[] { "a,b", "c" })]
    [InlineData("\"say \"\"hi\"\"\",", new[] { "say \"hi\"", "" })]
    [InlineData(",", new[] { "", "" })]
    public void CsvSplit_FollowsRfc4180Quoting(string line, string[] expected)
    {
        Assert.Equal(expected, CsvScoreInput.Split(line, out string? problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("\"open,b")]
    [InlineData("\"a\"x,b")]
    public void CsvSplit_BrokenQuoting_IsNamed(string line)
    {
        Assert.Null(CsvScoreInput.Split(line, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void VectorCsv_WrongCellCount_AndNonNumber_AreRowErrorsWithTheirLine()
    {
        string path = temp.Combine("v.csv");
        string header = "sample_id," + string.Join(",", Enumerable.Range(0, 768).Select(i => $"f{i}"));
        string good = "a," + string.Join(",", Enumerable.Range(0, 768).Select(i => i == 0 ? "1" : "0"));
        File.WriteAllLines(path, [header, good, "b,1,2", "c," + string.Join(",", Enumerable.Range(0, 768).Select(i => i == 5 ? "x" : "0"))]);

        var rows = ScoreInputReader.Read(path).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Null(rows[0].Error);
        Assert.Equal("a", rows[0].SampleId);
        Assert.Equal(1f, rows[0].Features![0]);
        Assert.StartsWith($"{path}:3:", rows[1].Error, StringComparison.Ordinal);
        Assert.Contains("3 cells", rows[1].Error, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:4:", rows[2].Error, StringComparison.Ordinal);
        Assert.Contains("feature 5", rows[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_HeaderThatIsNeitherLayout_IsBadInput()
    {
        string path = temp.Combine("h.csv");
        File.WriteAllLines(path, ["sample_id,a,b", "x,1,2"]);

        var ex = Assert.Throws<BadInputException>(() => ScoreInputReader.Read(path).ToList());
        Assert.Contains($"{path}:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_VectorThatBreaksTheSchema_IsARowError()
    {
        string path = temp.Combine("v.jsonl");
        var vector = new float[768];
        vector[0] = 1f;
        vector[512] = 2f; // face_confidence out of [0, 1]
        File.WriteAllLines(path, ["[" + string.Join(",", vector) + "]", "\"text\""]);

        var rows = ScoreInputReader.Read(path).ToList();

        Assert.Contains($"{path}:1", rows[0].Error, StringComparison.Ordinal);
        Assert.Contains("512", rows[0].Error, StringComparison.Ordinal);
        Assert.Contains($"{path}:2", rows[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_AndUnknownExtension_AreBadInput()
    {
        Assert.Throws<BadInputException>(() => ScoreInputReader.Read(temp.Combine("none.jsonl")));
        Assert.Throws<BadInputException>(() => ScoreInputReader.FormatOf("x.xlsx"));
    }
}
