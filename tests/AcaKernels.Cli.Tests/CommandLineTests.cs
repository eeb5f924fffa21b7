namespace AcaKernels.Cli.Tests;

/// <summary>The conventions of the command line, checked on the real program.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("toy", "--help")]
    [InlineData("demo", "--help")]
    public void Help_PrintsUsageOnStdout_ExitsZero(params string[] args)
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run(args);
        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", stdout);
        Assert.Empty(stderr);
    }

    [Fact]
    public void Help_OfToy_ListsTheCommonOptions()
    {
        var (_, stdout, _) = AcaProcess.Run("toy", "--help");
        foreach (string option in (string[])["--json", "--plot-dir", "--method", "--alpha", "--t-end", "--tol"])
            Assert.Contains(option, stdout);
    }

    [Fact]
    public void Version_PrintsTheVersion_ExitsZero()
    {
        var (exitCode, stdout, _) = AcaProcess.Run("--version");
        Assert.Equal(0, exitCode);
        Assert.StartsWith("0.", stdout.Trim());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("frobnicate")]
    [InlineData("toy", "--bogus")]
    [InlineData("toy", "--method", "magic")]
    [InlineData("toy", "--tol", "5")]
    [InlineData("toy", "--t-end", "x")]
    [InlineData("demo", "--threads", "0")]
    public void BadCommandLine_SaysWhatOnStderr_ExitsTwo(params string[] args)
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run(args);
        Assert.Equal(2, exitCode);
        Assert.Contains("error:", stderr);
        Assert.Contains("--help", stderr);   // and where to look
        Assert.Empty(stdout);
    }
}
