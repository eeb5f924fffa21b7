using System.Text.Json;

namespace AcaKernels.Cli.Tests;

public sealed class ClassifyCommandTests
{
    [Fact]
    public void Classify_ShortRun_PrintsOneRowPerMethodAProgressLinePerEpochAndWritesJsonAndPlots()
    {
        // 64 training and 32 test images, one epoch, all methods: checks the wiring, not the learning
        // (AcaKernels.Experiments.Tests trains for real).
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-classify-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "classify.json");
            var (exitCode, stdout, stderr) = AcaProcess.Run("classify", "--method", "all", "--train-size", "64", "--test-size", "32",
                "--epochs", "1", "--seeds", "1", "--json", json, "--plot-dir", Path.Combine(folder, "plots"));
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("Fashion-MNIST, final test error over seeds", stdout);
            foreach (string method in (string[])["aca", "adjoint", "naive", "resnet"])
            {
                Assert.Matches($@"(?m)^\s*{method}\s+1\s", stdout);
                // One plain progress line per epoch (stderr is a pipe) with loss, accuracies, speed and evaluations.
                // The accuracies say so: the table beside them reports the test error, and an unlabelled "test 6.2 %"
                // read as a 6.2 % error when it was a 93.8 % one.
                Assert.Matches($@"classify: \d/4 \({method} seed 1 epoch 1/1: loss \d\.\d+, train accuracy \d+\.\d %, test accuracy \d+\.\d %, .*images/s, evals/image \d+\.\d forward \+ \d+\.\d backward\)", stderr);
            }
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("classify", document.RootElement.GetProperty("header").GetProperty("experiment").GetString());
            Assert.StartsWith("aca classify --method all", document.RootElement.GetProperty("command").GetString());
            Assert.Equal(4, document.RootElement.GetProperty("runs").GetArrayLength());
            Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);   // vs epoch, vs time, box plot
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Classify_SeedRange_RunsEachSeed()
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run("classify", "--method", "resnet", "--train-size", "32", "--test-size", "16",
            "--epochs", "1", "--seeds", "4..5");
        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"(?m)^\s*resnet\s+2\s", stdout);
        Assert.Contains("resnet seed 4 epoch 1/1", stderr);
        Assert.Contains("resnet seed 5 epoch 1/1", stderr);
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--train-size", "60001")]
    [InlineData("--seeds", "0")]
    [InlineData("--seeds", "5..3")]
    [InlineData("--seeds", "1,1")]
    [InlineData("--seeds", "some")]
    [InlineData("--tolerance", "2")]
    [InlineData("--method", "euler")]
    [InlineData("--tableau", "rk4")]
    [InlineData("--json", "/")]
    public void Classify_BadValue_ExitsTwoWithTheReasonOnStderr(string option, string value)
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run("classify", option, value);
        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("classify", stderr);
    }

    [Fact]
    public void Classify_Help_ListsTheOptions() =>
        CommandLineConventions.AssertHelpLists("classify",
            "--method", "--epochs", "--train-size", "--test-size", "--seeds", "--tableau", "--tolerance", "--data-dir", "--json", "--plot-dir");

    [Fact]
    public void Classify_DataDirWithoutTheFiles_NamesTheMissingFileAndHowToGetIt_ExitsOne()
    {
        // The loader's hint said "pass the folder that holds …", which the command had no option for.
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-classify-nodata-{Guid.NewGuid():N}");
        var (exitCode, stdout, stderr) = AcaProcess.Run("classify", "--method", "resnet", "--train-size", "8", "--test-size", "8",
            "--epochs", "1", "--seeds", "1", "--data-dir", folder);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains($"'{Path.Combine(folder, "train-labels-idx1-ubyte.gz")}' not found", stderr);
        Assert.Contains("apt-get install dataset-fashion-mnist", stderr);
        Assert.Contains("--data-dir DIR", stderr);
    }

    [Fact]
    public void Classify_Interrupted_StopsBetweenEpochsAndWritesWhatFinished()
    {
        // As in the other commands' interrupt tests: a process that ignores SIGINT passes that on to aca.
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 2UL) != 0) return;
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-classify-stop-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "classify.json");
            // 1000 ResNet epochs of 32 images take minutes; the first epoch's progress line comes at once, then Ctrl-C.
            using var aca = AcaProcess.Start("classify", "--method", "resnet", "--train-size", "32", "--test-size", "16",
                "--epochs", "1000", "--seeds", "1", "--json", json);
            aca.WaitForStderrLine();
            aca.Signal(2);
            var (exitCode, stdout, stderr) = aca.WaitForExit();
            Assert.Equal(130, exitCode);
            Assert.Contains("stopped early", stderr);
            Assert.Contains("Fashion-MNIST, final test error over seeds", stdout);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.False(document.RootElement.GetProperty("header").GetProperty("completed").GetBoolean());
            Assert.InRange(document.RootElement.GetProperty("runs")[0].GetProperty("epochs").GetArrayLength(), 1, 999);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}
