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
            KernelManifestWriter.Write(folder, [new StepperKernels("My.Lorenz+RhsOde+Gpu+DormandPrince5", "Double", 3, 3, pair, pair)]);
            KernelManifest manifest = KernelManifest.Parse(File.ReadAllText(Path.Combine(folder, KernelManifest.FileName)), "test");
            KernelManifest.Stepper stepper = Assert.Single(manifest.Steppers);
            Assert.Equal(("My.Lorenz+RhsOde+Gpu+DormandPrince5", "Double", 3, 3), (stepper.Name, stepper.NumberType, stepper.StateSize, stepper.ParameterSize));
            Assert.Equal(4, stepper.Files.Count);
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
