namespace AcaKernels.Cli.Tests;

public sealed class ClassifyCommandTests
{
    [Fact]
    public void Classify_ShortRun_PrintsOneRowPerMethodAndProgress()
    {
        // 64 training and 32 test images, one epoch, two methods: checks the wiring, not the learning
        // (AcaKernels.Experiments.Tests trains for real).
        var (exitCode, stdout, stderr) = AcaProcess.Run("classify", "--method", "all", "--train-size", "64", "--test-size", "32",
            "--epochs", "1", "--seeds", "1");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Fashion-MNIST, final test error over seeds", stdout);
        foreach (string method in (string[])["aca", "adjoint", "naive", "resnet"])
            Assert.Matches($@"(?m)^\s*{method}\s+1\s", stdout);
        Assert.Contains("classify: 4/4", stderr);   // the last plain progress line (stderr is a pipe)
        Assert.Contains("images/s", stderr);
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--train-size", "60001")]
    [InlineData("--seeds", "0")]
    [InlineData("--tolerance", "2")]
    [InlineData("--method", "euler")]
    [InlineData("--tableau", "rk4")]
    public void Classify_BadValue_ExitsTwoWithTheReasonOnStderr(string option, string value)
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run("classify", option, value);
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("classify", stderr);
    }

    [Fact]
    public void Classify_Help_ListsTheOptions()
    {
        var (exitCode, stdout, _) = AcaProcess.Run("classify", "--help");
        Assert.Equal(0, exitCode);
        foreach (string option in (string[])["--method", "--epochs", "--train-size", "--test-size", "--seeds", "--tableau", "--tolerance"])
            Assert.Contains(option, stdout);
    }
}
