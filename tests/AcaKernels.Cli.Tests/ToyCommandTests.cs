using System.Text.Json;

namespace AcaKernels.Cli.Tests;

public sealed class ToyCommandTests
{
    [Fact]
    public void Toy_SmallGrid_PrintsTablesAndWritesJsonAndPlots()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-toy-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "toy.json");
            var (exitCode, stdout, _) = AcaProcess.Run("toy", "--alpha", "-0.5", "0.5", "--t-end", "2", "--tol", "1e-4",
                "--repeats", "1", "--json", json, "--plot-dir", Path.Combine(folder, "plots"));
            Assert.Equal(0, exitCode);
            Assert.Contains("Relative error of dL/dalpha along T", stdout);
            Assert.Contains("aca analytic", stdout);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.True(document.RootElement.GetProperty("completed").GetBoolean());
            Assert.Equal(2 * 3, document.RootElement.GetProperty("measurements").GetArrayLength());   // 2 α × 3 methods
            Assert.Equal(6, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Theory]
    [InlineData(2)]    // SIGINT: Ctrl-C
    [InlineData(15)]   // SIGTERM
    public void Toy_Interrupted_StopsCleanlyAndWritesWhatFinished(int signal)
    {
        // A process started with a signal ignored (a shell's background job ignores SIGINT, by design) passes that
        // on to its children, and .NET then rightly leaves it ignored: nothing to test for that signal here.
        if (IgnoredAtStart(signal)) return;
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-stop-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "toy.json");
            // 500 repeats make the full grid take minutes; stderr is a pipe, so progress comes as plain lines,
            // the first after ~2 s; the signal goes after it, mid-run.
            using var aca = AcaProcess.Start("toy", "--repeats", "500", "--json", json);
            aca.WaitForStderrLine();
            aca.Signal(signal);
            var (exitCode, stdout, stderr) = aca.WaitForExit();
            Assert.Equal(130, exitCode);
            Assert.Contains("stopped after", stderr);
            Assert.Contains("Relative error of dL/dalpha along T", stdout);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.False(document.RootElement.GetProperty("completed").GetBoolean());
            int finished = document.RootElement.GetProperty("measurements").GetArrayLength();
            Assert.InRange(finished, 1, 959);
            Assert.Equal(0, finished % 3);   // whole grid points: every method of each
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    /// <summary>Whether this process ignores <paramref name="signal"/> (the SigIgn mask of /proc/self/status),
    /// which the aca child would inherit.</summary>
    private static bool IgnoredAtStart(int signal)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return false;
        ulong mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        return (mask & (1UL << (signal - 1))) != 0;
    }
}
