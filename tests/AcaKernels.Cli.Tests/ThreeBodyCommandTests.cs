using System.Text.Json;

namespace AcaKernels.Cli.Tests;

public sealed class ThreeBodyCommandTests
{
    [Fact]
    public void ThreeBody_ShortFit_PrintsTablesAndWritesJsonAndPlots()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-three-body-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "three-body.json");
            // 3 epochs on 50 observations: well under a second of fitting; checks the wiring, not the physics
            // (AcaKernels.Experiments.Tests does that).
            var (exitCode, stdout, stderr) = AcaProcess.Run("three-body", "--epochs", "3", "--observations", "50", "--every", "1",
                "--json", json, "--plot-dir", Path.Combine(folder, "plots"));
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("Mass estimates after each epoch", stdout);
            Assert.Contains("Fitted masses after 3 epochs", stdout);
            foreach (string method in (string[])["aca", "adjoint", "naive"]) Assert.Contains($"{method} m1", stdout);
            Assert.Contains("three-body: 9/9", stderr);   // plain progress lines (stderr is a pipe), the last one
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.True(document.RootElement.GetProperty("header").GetProperty("completed").GetBoolean());
            Assert.Equal(3, document.RootElement.GetProperty("fits").GetArrayLength());
            Assert.Equal(4, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);   // loss + 3 orbit plots
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void ThreeBody_MlpVariant_PrintsTheComparisonAndWritesJsonAndPlots()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-three-body-mlp-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "three-body-force.json");
            // 3 epochs on 20 observations: the wiring only (AcaKernels.Experiments.Tests checks the numbers).
            var (exitCode, stdout, stderr) = AcaProcess.Run("three-body", "--variant", "mlp", "--epochs", "3", "--observations", "20",
                "--method", "aca", "--json", json, "--plot-dir", Path.Combine(folder, "plots"));
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("Physics alone vs physics + MLP", stdout);
            Assert.Contains("physics+mlp", stdout);
            Assert.Contains("rms extrap", stdout);
            Assert.Contains("three-body mlp: 6/6", stderr);   // 2 models x 3 epochs, the last plain progress line
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("three-body-force", document.RootElement.GetProperty("header").GetProperty("experiment").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("fits").GetArrayLength());
            Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);   // loss + the aca orbits
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void ThreeBody_OneMethod_FitsOnlyThatMethod()
    {
        var (exitCode, stdout, _) = AcaProcess.Run("three-body", "--epochs", "2", "--observations", "20", "--method", "naive");
        Assert.Equal(0, exitCode);
        Assert.Contains("naive m1", stdout);
        Assert.DoesNotContain("aca m1", stdout);
    }

    [Fact]
    public void ThreeBody_Interrupted_StopsBetweenEpochsAndWritesWhatFinished()
    {
        // Same situation as the toy's interrupt test: a process that ignores SIGINT passes that on to aca.
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 2UL) != 0) return;
        string folder = Path.Combine(Path.GetTempPath(), $"aca-cli-three-body-stop-{Guid.NewGuid():N}");
        try
        {
            string json = Path.Combine(folder, "three-body.json");
            // 20000 epochs take about a minute; the first plain progress line comes after 10 % and 2 s, then Ctrl-C.
            using var aca = AcaProcess.Start("three-body", "--method", "aca", "--epochs", "20000", "--observations", "200", "--json", json);
            aca.WaitForStderrLine();
            aca.Signal(2);
            var (exitCode, stdout, stderr) = aca.WaitForExit();
            Assert.Equal(130, exitCode);
            Assert.Contains("stopped after", stderr);
            Assert.Contains("Fitted masses after", stdout);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.False(document.RootElement.GetProperty("header").GetProperty("completed").GetBoolean());
            int epochs = document.RootElement.GetProperty("fits")[0].GetProperty("epochLog").GetArrayLength();
            Assert.InRange(epochs, 1, 19999);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}
