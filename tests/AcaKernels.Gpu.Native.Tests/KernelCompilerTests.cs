using AcaKernels.Gpu.KernelCompiler;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>The build-time kernel compiler: its command line's refusals, and its manifest read back by the launch layer.</summary>
public sealed class KernelCompilerTests
{
    [Theory]
    [InlineData("--assembly|x.dll|--stepper|A", "--out DIR is required")]
    [InlineData("--out|d|--stepper|A", "no such file")]
    [InlineData("--out|d|--bogus|1", "unknown option '--bogus'")]
    [InlineData("--out", "--out needs a value")]
    public void BadCommandLine_SaysWhatIsWrong(string args, string message)
    {
        string[] arguments = args.Split('|').Select(a => a == "x.dll" ? typeof(KernelCompilerTests).Assembly.Location : a).ToArray();
        if (message == "no such file") arguments = [.. arguments, "--assembly", "/nonexistent/none.dll"];
        var error = Assert.Throws<CompilerUsageException>(() => CompilerArguments.Parse(arguments));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Manifest_WrittenByTheTool_IsReadByTheLaunchLayer()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"acakernels-manifest-{Environment.ProcessId}");
        try
        {
            var pair = new CompiledKernelPair("cl_entry", "kernel void cl_entry() {}", "ptx_entry", ".entry ptx_entry()");
            KernelManifestWriter.Write(folder,
            [
                new StepperKernels("My.Lorenz+RhsOde+Gpu+DormandPrince5", "Double", 3, 3, pair, pair, pair, pair),
                new StepperKernels("My.Free+RhsOde+Gpu+DormandPrince5", "Single", 2, 0, pair, pair, null, pair), // m = 0: no block sums
            ]);
            KernelManifest manifest = KernelManifest.Parse(File.ReadAllText(Path.Combine(folder, KernelManifest.FileName)), "test");
            Assert.Equal(2, manifest.Steppers.Count);
            KernelManifest.Stepper stepper = manifest.Steppers[0];
            Assert.Equal(("My.Lorenz+RhsOde+Gpu+DormandPrince5", "Double", 3, 3), (stepper.Name, stepper.NumberType, stepper.StateSize, stepper.ParameterSize));
            Assert.Equal(8, stepper.Files.Count);
            Assert.Equal(2, stepper.Files.Count(f => f.Kind == KernelKind.ParameterGradientBlocks));
            Assert.Equal(2, stepper.Files.Count(f => f.Kind == KernelKind.TrajectoryTally));
            Assert.Equal([KernelKind.Forward, KernelKind.Forward, KernelKind.Backward, KernelKind.Backward, KernelKind.TrajectoryTally, KernelKind.TrajectoryTally],
                manifest.Steppers[1].Files.Select(f => f.Kind));
            foreach (KernelManifest.File file in stepper.Files)
            {
                Assert.Equal(file.Target == "ptx" ? "ptx_entry" : "cl_entry", file.Entry);
                Assert.True(File.Exists(Path.Combine(folder, file.Path)), file.Path);
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
