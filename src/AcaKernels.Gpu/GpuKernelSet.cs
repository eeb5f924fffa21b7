using System.Reflection;
using AcaKernels.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu;

/// <summary>
/// The forward and backward kernels of one (T, TStepper), compiled for one accelerator. The kernels take the number
/// type's operations as a third type argument (<see cref="GpuFloat64"/> or <see cref="GpuFloat32"/>), chosen from T
/// here, so the instantiation is made by reflection (this JIT host only; an ahead-of-time host launches kernels
/// compiled at build time instead).
/// </summary>
internal sealed class GpuKernelSet<T, TStepper>
    where T : unmanaged
    where TStepper : struct, IGpuStepper<T>
{
    public GpuKernelSet(GpuDevice device, bool backward, GpuKernelForm form = GpuKernelForm.Auto)
    {
        Type real = typeof(T) == typeof(double) ? typeof(GpuFloat64)
            : typeof(T) == typeof(float) ? typeof(GpuFloat32)
            : throw new NotSupportedException($"GPU ensembles run float and double states, not {typeof(T).Name}.");
        // The register kernels where the stepper has the register trial step (no per-thread arrays, so no GPU local
        // memory in the step loops), on every backend: on the CPU accelerator they give the array kernels' bits, on PoCL
        // the same bits from run to run (RESULTS.md §4). Same arguments either way.
        bool registers = form == GpuKernelForm.Auto;
        MethodInfo? forwardRegisters = registers ? RegisterKernels.ForTrialStep(typeof(TStepper), typeof(T), real, typeof(ForwardRegisterKernel)) : null;
        UsesRegisterKernels = forwardRegisters is not null;
        Forward = device.Kernel(forwardRegisters ?? Instantiate(typeof(ForwardKernel), real), Load<ForwardLauncher>);
        Tally = device.Kernel(typeof(TrajectoryTallyKernel).GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!, Load<TrajectoryTallyLauncher>);
        if (backward)
        {
            MethodInfo kernel = (UsesRegisterKernels ? RegisterKernels.ForTrialStep(typeof(TStepper), typeof(T), real, typeof(BackwardRegisterKernel)) : null)
                ?? Instantiate(typeof(BackwardKernel), real);
            Backward = device.Kernel(kernel, Load<BackwardLauncher>);
            ParameterGradientBlocks = device.Kernel(
                typeof(ParameterGradientBlocksKernel).GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(typeof(T), real),
                Load<ParameterGradientBlocksLauncher<T>>);
        }
    }

    /// <summary>Whether the forward (and backward) kernels are the register ones.</summary>
    public bool UsesRegisterKernels { get; }

    internal static TLauncher Load<TLauncher>(Accelerator accelerator, MethodInfo kernel) where TLauncher : Delegate =>
        accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.LoadAutoGroupedKernel<TLauncher>(kernel)
            : accelerator.LoadImplicitlyGroupedKernel<TLauncher>(kernel, GroupSize(accelerator));

    /// <summary>
    /// Threads per group. Not ILGPU's automatic choice: on PoCL that is the device maximum (4096 work-items), and PoCL
    /// keeps every work-item's private arrays (states, stages, VJP scratch: kilobytes for a 12-component system) on
    /// one thread's stack, which then overflows. 32 work-items per group on OpenCL, 128 threads (4 warps) on CUDA;
    /// ILGPU's own choice on its CPU accelerator.
    /// </summary>
    private static int GroupSize(Accelerator accelerator) => accelerator.AcceleratorType == AcceleratorType.Cuda ? 128 : 32;

    public ForwardLauncher Forward { get; }

    public BackwardLauncher? Backward { get; }

    /// <summary>The forward's status words summed on the device (<see cref="TrajectoryTallyKernel"/>), for calls without
    /// per-trajectory results.</summary>
    public TrajectoryTallyLauncher Tally { get; }

    /// <summary>A shared θ's gradient summed on the device (<see cref="ParameterGradientBlocksKernel"/>), with the backward.
    /// Its launcher type depends on T only (the kernel does not involve the stepper): the device caches launchers by kernel.</summary>
    public ParameterGradientBlocksLauncher<T>? ParameterGradientBlocks { get; }

    private static MethodInfo Instantiate(Type kernel, Type real) =>
        kernel.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(typeof(T), typeof(TStepper), real);

    public delegate void ForwardLauncher(AcceleratorStream stream, Index1D extent, GpuKernelSettings settings, ArrayView<T> z0,
        ArrayView<T> p, ArrayView<double> times, ArrayView<int> rows, ArrayView<double> tolerances, ArrayView<T> outputs,
        ArrayView<T> checkpointStates, ArrayView<double> checkpointSteps, ArrayView<int> outputSteps, ArrayView<int> status,
        ArrayView<double> statusTimes);

    public delegate void BackwardLauncher(AcceleratorStream stream, Index1D extent, GpuKernelSettings settings, ArrayView<T> p,
        ArrayView<int> rows, ArrayView<T> checkpointStates, ArrayView<double> checkpointSteps, ArrayView<int> outputSteps,
        ArrayView<int> status, ArrayView<T> seeds, ArrayView<T> gradZ0, ArrayView<T> gradPRows, ArrayView<double> gradTimes);
}
