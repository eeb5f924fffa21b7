using System.CommandLine;
using AcaKernels.Cli.Ensemble;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;

namespace AcaKernels.Cli.CommandLine;

/// <summary>
/// `aca devices`: the GPU devices this binary can launch its embedded kernels on (CUDA through the driver, OpenCL
/// through the loader), numbered as `aca ensemble --device` takes them, where `--backend auto` would run, and which
/// kernels are embedded. The question to ask when a GPU is not used: an absent backend says why.
/// </summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices",
            "The CUDA and OpenCL devices this binary can run its embedded GPU kernels on, numbered as 'aca ensemble --device' takes " +
            "them (why a backend is absent, where it is), where '--backend auto' runs, and the kernels embedded at build time.");
        command.SetAction(_ => Report(Console.Out));
        return command;
    }

    internal static int Report(TextWriter output)
    {
        output.WriteLine("aca devices: where 'aca ensemble' can run its GPU kernels (compiled at build time, launched through the driver)");
        IReadOnlyList<NativeBackendReport> reports = EnsembleBackendChoices.Probe();
        foreach (NativeBackendReport report in reports)
        {
            string name = report.Backend.ToString().ToLowerInvariant();
            if (report.Devices.Count == 0)
            {
                output.WriteLine($"  {name,-7} none: {EnsembleRun.InOptionsSpelling(report.Problem ?? "no device.")}");
                continue;
            }
            output.WriteLine($"  {name,-7} {report.Devices.Count} device{(report.Devices.Count == 1 ? "" : "s")}" +
                             (report.Devices.Count > 1 ? $" (--backend {name} --device N for one, --device 0,1,... to split an ensemble over several)" : ""));
            for (int i = 0; i < report.Devices.Count; i++) output.WriteLine($"          {i}: {report.Devices[i]}");
        }
        bool openclWithoutGpu = reports.Any(r => r.Backend == GpuBackend.OpenCL && r.Devices.Count > 0 && r.GpuCount == 0);
        output.WriteLine(EnsembleBackendChoices.AutoGpu(reports) is { } gpu
            ? $"  --backend auto runs on {gpu.Backend.ToString().ToLowerInvariant()} device 0 ({gpu.Device})"
            : $"  --backend auto runs on the CPU engine ({(EnsembleBackendChoices.LanesPresent ? "lanes: AVX-512" : "cpu: no AVX-512 lanes in this binary or CPU")})" +
              (openclWithoutGpu ? ": OpenCL's devices here are not GPUs, and the CPU engine is faster on the same cores (--backend opencl runs there)" : ""));
        GpuKernelCatalog kernels = EmbeddedGpuKernels.Catalog;
        output.WriteLine($"embedded kernels (ILGPU {kernels.IlgpuVersion}: PTX for sm_80 and newer, OpenCL C 1.2 with fp64), by stepper:");
        foreach (string stepper in kernels.Steppers) output.WriteLine($"  {stepper}");
        return ExitCodes.Success;
    }
}
