using AcaKernels.Experiments.Classification;

namespace AcaKernels.Experiments.Tests.Classification;

public sealed class ClassificationSeedsTests
{
    [Theory]
    [InlineData("5", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("1", new[] { 1 })]
    [InlineData("10..13", new[] { 10, 11, 12, 13 })]
    [InlineData("7..7", new[] { 7 })]
    [InlineData("3,7, 11", new[] { 3, 7, 11 })]
    [InlineData("-2..0", new[] { -2, -1, 0 })]
    public void Parse_CountRangeOrList_GivesThoseSeedsInOrder(string text, int[] expected) =>
        Assert.Equal(expected, ClassificationSeeds.Parse(text));

    [Theory]
    [InlineData("0", "give 1 to")]
    [InlineData("1001", "give 1 to")]
    [InlineData("five", "not a number")]
    [InlineData("5..3", "A ≤ B")]
    [InlineData("1..2..3", "not a range")]
    [InlineData("1,x", "'x' is not an integer")]
    [InlineData("1,2,1", "repeats seed 1")]
    [InlineData("1..5000", "at most 1000")]
    public void Parse_BadText_SaysWhatIsWrongAndTheForms(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationSeeds.Parse(text));
        Assert.Contains(reason, error.Message);
        Assert.Contains("--seeds", error.Message);
    }

    [Theory]
    [InlineData("0.1.0+bee8fef5b305715921e228754c8b98e30d1a27dc", "bee8fef5b305715921e228754c8b98e30d1a27dc")]
    [InlineData("0.1.0", null)]
    [InlineData("0.1.0+local", null)]
    public void GitCommit_IsTheHexSuffixOfTheInformationalVersion(string version, string? commit) =>
        Assert.Equal(commit, ClassificationExperiment.GitCommit(version));
}
