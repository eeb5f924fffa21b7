using System.Runtime.Intrinsics;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;

namespace AcaKernels.Cli.Ensemble;

/// <summary>Where `aca ensemble` runs: the CPU engine (scalar or AVX-512 lanes) or a GPU through the embedded kernels.</summary>
internal enum EnsembleBackendChoice
{
    /// <summary>A CUDA GPU, else an OpenCL GPU, else the lanes where AVX-512 is present, else the scalar CPU engine. An
    /// OpenCL device that is not a GPU (PoCL on the CPU) is passed over: the CPU engine is faster on the same cores.</summary>
    Auto,

    /// <summary>The CPU ensemble engine, one trajectory at a time per thread.</summary>
    Cpu,

    /// <summary>The CPU ensemble engine, eight trajectories per AVX-512 register.</summary>
    Lanes,

    /// <summary>The embedded OpenCL C on an OpenCL device (--device; by default device 0: the first GPU, else PoCL on the CPU).</summary>
    OpenCL,

    /// <summary>The embedded PTX on an NVIDIA GPU (--device; by default device 0), through the CUDA driver.</summary>
    Cuda,
}

internal static class EnsembleBackendChoices
{
    public static readonly string[] Names = ["auto", "cpu", "lanes", "opencl", "cuda"];

    public static EnsembleBackendChoice Parse(string name) => name switch
    {
        "cpu" => EnsembleBackendChoice.Cpu,
        "lanes" => EnsembleBackendChoice.Lanes,
        "opencl" => EnsembleBackendChoice.OpenCL,
        "cuda" => EnsembleBackendChoice.Cuda,
        "auto" => EnsembleBackendChoice.Auto,
        _ => throw new ArgumentException($"--backend: '{name}' is not one of {string.Join(", ", Names)}."),
    };

    /// <summary>Whether the lane engine can run here (this binary's instruction set and this CPU).</summary>
    public static bool LanesPresent => Vector512.IsHardwareAccelerated;

    /// <summary>
    /// The GPU `--backend auto` runs on: CUDA's device 0, else OpenCL's first GPU (device 0: GPUs lead its numbering); null
    /// where there is none. An OpenCL CPU device is not taken: on this project's VM the CPU engine's lanes ran forward + ACA
    /// 3.1–5.5× faster than PoCL on the same two cores (Lorenz, three-body, neural ODE; RESULTS §68), and the scalar engine
    /// within 10 % of PoCL or faster.
    /// </summary>
    public static (GpuBackend Backend, string Device)? AutoGpu() => AutoGpu(Probe());

    /// <summary>As <see cref="AutoGpu()"/>, from reports already taken (CUDA's before OpenCL's).</summary>
    public static (GpuBackend Backend, string Device)? AutoGpu(IEnumerable<NativeBackendReport> reports) =>
        reports.FirstOrDefault(r => r.GpuCount > 0) is { } report ? (report.Backend, report.Devices[0]) : null;

    /// <summary>What CUDA and then OpenCL offer this process.</summary>
    public static IReadOnlyList<NativeBackendReport> Probe() => [NativeGpuDevices.Probe(GpuBackend.Cuda), NativeGpuDevices.Probe(GpuBackend.OpenCL)];

    /// <summary>The GPU backend of a GPU choice (Auto: CUDA, else OpenCL).</summary>
    public static GpuBackend Gpu(EnsembleBackendChoice choice) => choice switch
    {
        EnsembleBackendChoice.Cuda => GpuBackend.Cuda,
        EnsembleBackendChoice.OpenCL => GpuBackend.OpenCL,
        _ => GpuBackend.Auto,
    };

    public static string Name(EnsembleBackendChoice choice) => Names[(int)choice];
}
