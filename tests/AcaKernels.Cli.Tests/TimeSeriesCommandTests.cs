using System.Text.Json;

namespace AcaKernels.Cli.Tests;

public sealed class TimeSeriesCommandTests
{
    [Theory]
    [InlineData("timeseries", "--help")]
    [InlineData("timeseries", "-h")]
    public void Help_PrintsUsageOnStdout_ExitsZero(params string[] args) => CommandLineConventions.AssertHelp(args);

    [Fact]
    public void Help_ListsItsOptions_AndTheRootListsTheCommand()
    {
        CommandLineConventions.AssertHelpLists("timeseries", "--epochs", "--seed", "--trajectories", "--method", "--baseline", "--optimiser",
            "--learning-rate", "--threads", "--every", "--json", "--plot-dir");
        Assert.Contains("timeseries", AcaProcess.Run("--help").Stdout);
    }

    [Theory]
    [InlineData("timeseries", "--bogus")]
    [InlineData("timeseries", "--epochs", "0")]
    [InlineData("timeseries", "--epochs", "x")]
    [InlineData("timeseries", "--trajectories", "1")]
    [InlineData("timeseries", "--method", "magic")]
    [InlineData("timeseries", "--baseline", "lstm")]
    [InlineData("timeseries", "--optimiser", "lbfgs")]
    [InlineData("timeseries", "--learning-rate", "-1")]
    [InlineData("timeseries", "--threads", "0")]
    [InlineData("timeseries", "--every", "0")]
    public void BadCommandLine_SaysWhatOnStderr_ExitsTwo(params string[] args) => CommandLineConventions.AssertRejected(args);

    [Fact]
    public void TimeSeries_ShortRun_PrintsTablesAndWritesJsonAndPlots()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-timeseries-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "timeseries.json");
            // 3 epochs on 4 spirals per method: about a second; checks the wiring, not the learning
            // (AcaKernels.Experiments.Tests does that).
            var (exitCode, stdout, stderr) = AcaProcess.Run("timeseries", "--epochs", "3", "--trajectories", "4", "--every", "1",
                "--json", json, "--plot-dir", Path.Combine(folder, "plots"));
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("Training loss and held-out MSE", stdout);
            Assert.Contains("after 3 epochs", stdout);
            foreach (string method in (string[])["aca", "adjoint", "naive", "gru"]) Assert.Contains($"{method} loss", stdout);
            Assert.Contains("MSE ratio ODE/GRU", stdout);
            Assert.Contains("timeseries: 12/12", stderr);   // plain progress lines (stderr is a pipe), the last one: 3 methods + gru
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.True(document.RootElement.GetProperty("header").GetProperty("completed").GetBoolean());
            Assert.Equal(3, document.RootElement.GetProperty("fits").GetArrayLength());
            Assert.Equal("gru", document.RootElement.GetProperty("gru").GetProperty("method").GetString());
            Assert.Equal(4, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);   // loss + 3 fit plots
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void TimeSeries_OneMethodWithSgd_TrainsOnlyThatMethod()
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run("timeseries", "--epochs", "2", "--trajectories", "2", "--method", "naive", "--optimiser", "sgd");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("naive loss", stdout);
        Assert.Contains("(sgd;", stdout);
        Assert.DoesNotContain("aca loss", stdout);
    }

    [Fact]
    public void TimeSeries_BaselineNone_TrainsNoGru()
    {
        var (exitCode, stdout, stderr) = AcaProcess.Run("timeseries", "--epochs", "2", "--trajectories", "2", "--method", "aca", "--baseline", "none");
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("aca loss", stdout);
        Assert.DoesNotContain("gru", stdout);
    }

    [Fact]
    public void TimeSeries_Interrupted_StopsBetweenEpochsAndWritesWhatFinished()
    {
        // As in the other commands' interrupt tests: a process that ignores SIGINT passes that on to aca.
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 2UL) != 0) return;
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-timeseries-stop-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "timeseries.json");
            // 20000 epochs take minutes; the first plain progress line comes after 10 % or 2 s, then Ctrl-C.
            using var aca = AcaProcess.Start("timeseries", "--method", "aca", "--epochs", "20000", "--trajectories", "2", "--json", json);
            aca.WaitForStderrLine();
            aca.Signal(2);
            var (exitCode, stdout, stderr) = aca.WaitForExit();
            Assert.Equal(130, exitCode);
            Assert.Contains("stopped after", stderr);
            Assert.Contains("Neural ODE on 2 noisy spirals", stdout);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.False(document.RootElement.GetProperty("header").GetProperty("completed").GetBoolean());
            int epochs = document.RootElement.GetProperty("fits")[0].GetProperty("epochLog").GetArrayLength();
            Assert.InRange(epochs, 1, 19999);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}
