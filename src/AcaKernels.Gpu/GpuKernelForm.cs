namespace AcaKernels.Gpu;

/// <summary>
/// Which kernels an adaptive <see cref="GpuEnsembleSolver{T, TStepper}"/> launches: those over per-thread arrays
/// (<c>ForwardKernel</c>/<c>BackwardKernel</c>, every stepper has them) or those over the stepper's register form
/// (<c>ForwardRegisterKernel</c>/<c>BackwardRegisterKernel</c>, systems with a small state only). Both take the same arguments and do
/// the same operations in the same order; the register ones keep the state out of GPU local memory.
/// </summary>
internal enum GpuKernelForm
{
    /// <summary>The register kernels where the stepper has the register trial step, else the array kernels.</summary>
    Auto,

    /// <summary>The array kernels, always (the fall-back the GPU check takes when the register kernels disagree with
    /// themselves from run to run).</summary>
    Arrays,
}
