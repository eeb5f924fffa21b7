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
            Assert.True(document.RootElement.GetProperty("completed").GetBoolean());
            Assert.Equal(3, document.RootElement.GetProperty("fits").GetArrayLength());
            Assert.Equal(4, Directory.GetFiles(Path.Combine(folder, "plots"), "*.png").Length);   // loss + 3 orbit plots
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
}
