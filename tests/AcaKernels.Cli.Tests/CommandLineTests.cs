namespace AcaKernels.Cli.Tests;

/// <summary>The conventions of the command line, checked on the real program.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("toy", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("three-body", "--help")]
    [InlineData("three-body", "-h")]
    [InlineData("bench", "--help")]
    public void Help_PrintsUsageOnStdout_ExitsZero(params string[] args) => CommandLineConventions.AssertHelp(args);

    [Fact]
    public void Help_OfToy_ListsTheCommonOptions() =>
        CommandLineConventions.AssertHelpLists("toy", "--json", "--plot-dir", "--method", "--alpha", "--t-end", "--tol");

    [Fact]
    public void Help_OfThreeBody_ListsItsOptions() =>
        CommandLineConventions.AssertHelpLists("three-body", "--variant", "--epochs", "--seed", "--observations", "--method", "--every", "--json",
            "--plot-dir");

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
    [InlineData("toy", "--seed", "1")]   // deterministic: no seed to set, so none is silently accepted
    [InlineData("demo", "--threads", "0")]
    [InlineData("demo", "--threads", "abc")]       // not an integer: the parser's error, not a crash in the range check
    [InlineData("bench", "--threads", "1.5")]
    [InlineData("timeseries", "--threads", "x")]
    [InlineData("three-body", "--bogus")]
    [InlineData("three-body", "--epochs", "0")]
    [InlineData("three-body", "--epochs", "x")]
    [InlineData("three-body", "--observations", "1")]
    [InlineData("three-body", "--method", "magic")]
    [InlineData("three-body", "--every", "0")]
    [InlineData("three-body", "--variant", "magic")]
    [InlineData("bench", "--bogus")]
    [InlineData("bench", "--repeats", "0")]
    [InlineData("bench", "--trajectories", "0")]
    [InlineData("bench", "--plot-dir", "x")]
    [InlineData("three-body", "--variant", "mlp", "--every", "5")]
    [InlineData("three-body", "--variant", "mlp", "--epochs", "0")]
    public void BadCommandLine_SaysWhatOnStderr_ExitsTwo(params string[] args) => CommandLineConventions.AssertRejected(args);

    [Theory]
    [InlineData("--json", "/proc/aca-cli-test.json")]   // /proc exists but takes no new files
    [InlineData("--plot-dir", "/proc")]
    public void OutputInAFolderThatTakesNoFiles_IsRejectedBeforeTheRun(string option, string path)
    {
        // Before this check the whole run went by and only the write failed (exit 1, "could not write the results").
        string stderr = CommandLineConventions.AssertRejected("toy", "--alpha", "0.5", "--t-end", "1", "--tol", "1e-6", "--repeats", "1",
            option, path);
        Assert.Contains($"{option}: cannot write files in the folder /proc", stderr);
    }
}
