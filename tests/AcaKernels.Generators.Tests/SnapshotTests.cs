using System.Runtime.CompilerServices;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The generated code of two samples, compared with checked-in files (Snapshots/*.verified.txt). On a difference
/// the new text is written next to it as *.received.txt; set ACA_ACCEPT_SNAPSHOTS=1 to overwrite the verified file.
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("Lorenz63")]
    [InlineData("TanhMlp")]
    public void GeneratedCode_MatchesSnapshot(string name)
    {
        SampleCase sample = SampleCase.Get(name);
        GeneratorRun run = GeneratorHarness.Run(sample.Source());
        string generated = Assert.Single(run.GeneratedSources);
        string directory = Path.Combine(SourceDirectory(), "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.txt");
        string received = Path.Combine(directory, name + ".received.txt");
        if (Environment.GetEnvironmentVariable("ACA_ACCEPT_SNAPSHOTS") == "1" || !File.Exists(verified))
            File.WriteAllText(verified, generated);
        string expected = File.ReadAllText(verified).ReplaceLineEndings("\n");
        if (expected != generated.ReplaceLineEndings("\n"))
        {
            File.WriteAllText(received, generated);
            Assert.Fail($"Generated code of {name} differs from {verified}; see {received}.");
        }
        if (File.Exists(received)) File.Delete(received);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
