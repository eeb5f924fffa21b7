using System.Runtime.CompilerServices;
using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The generated code of two samples, compared with checked-in files (Snapshots/*.verified.txt). On a difference
/// the new text is written next to it as *.received.txt; set ACA_ACCEPT_SNAPSHOTS=1 to overwrite the verified file.
/// A missing verified file fails the test (it is written only when ACA_ACCEPT_SNAPSHOTS=1 asks).
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
        bool accept = Environment.GetEnvironmentVariable("ACA_ACCEPT_SNAPSHOTS") == "1";
        string? failure = Verify(Path.Combine(SourceDirectory(), "Snapshots"), name, generated, accept);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void MissingSnapshot_FailsAndWritesNoVerifiedFile()
    {
        string directory = Directory.CreateTempSubdirectory("aca-snapshots").FullName;
        try
        {
            string? failure = Verify(directory, "Absent", "generated text", accept: false);
            Assert.NotNull(failure);
            Assert.False(File.Exists(Path.Combine(directory, "Absent.verified.txt")));
            Assert.True(File.Exists(Path.Combine(directory, "Absent.received.txt")));
            Assert.Null(Verify(directory, "Absent", "generated text", accept: true));
            Assert.Null(Verify(directory, "Absent", "generated text", accept: false));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Compares <paramref name="generated"/> with Snapshots/<paramref name="name"/>.verified.txt (accepting it
    /// when ACA_ACCEPT_SNAPSHOTS=1); null when equal, else why not.</summary>
    internal static string? VerifySnapshot(string name, string generated) =>
        Verify(Path.Combine(SourceDirectory(), "Snapshots"), name, generated, Environment.GetEnvironmentVariable("ACA_ACCEPT_SNAPSHOTS") == "1");

    /// <summary>Compares <paramref name="generated"/> with <paramref name="name"/>.verified.txt; returns null when
    /// equal, else why not (leaving the new text in *.received.txt).</summary>
    private static string? Verify(string directory, string name, string generated, bool accept)
    {
        string verified = Path.Combine(directory, name + ".verified.txt");
        string received = Path.Combine(directory, name + ".received.txt");
        if (accept) File.WriteAllText(verified, generated);
        if (!File.Exists(verified))
        {
            File.WriteAllText(received, generated);
            return $"No snapshot {verified} for {name}; review {received} and run with ACA_ACCEPT_SNAPSHOTS=1 to accept it.";
        }
        string expected = File.ReadAllText(verified).ReplaceLineEndings("\n");
        if (expected != generated.ReplaceLineEndings("\n"))
        {
            File.WriteAllText(received, generated);
            return $"Generated code of {name} differs from {verified}; see {received}.";
        }
        if (File.Exists(received)) File.Delete(received);
        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
