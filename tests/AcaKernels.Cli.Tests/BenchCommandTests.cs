using System.Text.Json;

namespace AcaKernels.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_TinySize_PrintsTheTableWithLoadAndWritesJson()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-bench-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "bench.json");
            // 16 trajectories, 2 samples: milliseconds per row. Checks the wiring; AcaKernels.Experiments.Tests checks
            // the rows and that every engine's gradient is the same.
            var (exitCode, stdout, stderr) = AcaProcess.Run("bench", "--trajectories", "16", "--repeats", "2", "--threads", "2", "--json", json);
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("median of 2", stdout);
            Assert.Contains("single trajectory", stdout);
            Assert.Contains("ensemble, scalar workers", stdout);
            Assert.Contains("aca ensemble --backend", stdout);
            Assert.Contains("/proc/loadavg", stdout);
            Assert.Contains("BenchmarkDotNet", stdout);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("bench", document.RootElement.GetProperty("experiment").GetString());
            Assert.True(document.RootElement.GetProperty("completed").GetBoolean());
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}
