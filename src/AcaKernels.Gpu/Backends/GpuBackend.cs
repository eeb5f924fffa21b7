namespace AcaKernels.Gpu;

/// <summary>Where a <see cref="GpuEnsembleSolver{T, TStepper}"/> runs its kernels (all through ILGPU).</summary>
public enum GpuBackend
{
    /// <summary>The best present: CUDA, else OpenCL, else the CPU accelerator.</summary>
    Auto,

    /// <summary>ILGPU's CPU accelerator: the kernels run as .NET code on the CPU cores. Always present; the results
    /// equal the CPU engine's bit for bit when the stepper does the CPU kernels' arithmetic.</summary>
    Cpu,

    /// <summary>The first OpenCL device (a GPU's driver, or PoCL on the CPU). Needs an OpenCL ICD loader
    /// (libOpenCL.so) and a driver.</summary>
    OpenCL,

    /// <summary>The first NVIDIA GPU, through the CUDA driver (libcuda.so).</summary>
    Cuda,
}
