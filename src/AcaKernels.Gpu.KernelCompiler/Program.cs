using System.Globalization;
using AcaKernels.Gpu.KernelCompiler;

// aca-kernel-compiler --out DIR --assembly PATH [--assembly PATH …] --stepper TYPE [--stepper TYPE …]
// Compiles the forward and ACA-backward ensemble kernels of every listed stepper to PTX and OpenCL C into DIR, with
// the manifest the AOT launch layer reads (see KernelManifestWriter). Exit 0 on success; 2 on a bad command line;
// 1 when a kernel does not compile (the message names the stepper, kernel and target).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    CompilerArguments arguments = CompilerArguments.Parse(args);
    IReadOnlyList<StepperKernels> compiled = OfflineCompiler.CompileAll(arguments.Assemblies, arguments.Steppers);
    KernelManifestWriter.Write(arguments.OutputDirectory, compiled);
    Console.WriteLine($"aca-kernel-compiler: {compiled.Count} stepper(s), {compiled.Count * 4} kernels → {arguments.OutputDirectory}");
    return 0;
}
catch (CompilerUsageException e)
{
    Console.Error.WriteLine($"aca-kernel-compiler: error: {e.Message}");
    Console.Error.WriteLine("usage: aca-kernel-compiler --out DIR --assembly PATH… --stepper FULL.TYPE+NAME…");
    return 2;
}
catch (KernelCompileException e)
{
    Console.Error.WriteLine($"aca-kernel-compiler: error: {e.Message}");
    return 1;
}
