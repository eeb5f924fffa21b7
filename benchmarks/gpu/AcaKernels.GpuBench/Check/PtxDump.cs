using AcaKernels.Experiments.NeuralOde;
using System.Reflection;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Kernels;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// Writes the PTX of the check's float32 Lorenz kernels (and the float64 Dopri5 ones, the neural ODE's, the shared-θ
/// gradient's block sums and the status tally), compiled offline as the CUDA accelerator compiles them (O2,
/// ILGPU.Algorithms, the FMA intrinsics; sm_80, which ILGPU writes for every newer architecture), so check.sh can run
/// <c>ptxas -v</c> on them where a CUDA toolkit exists: registers, stack frame and spills per kernel (issue 9 item 5),
/// and prints each kernel's PTX local memory (per-thread arrays ILGPU placed off-chip; the register kernels have none,
/// RESULTS.md §56).
/// The fixed-step and adaptive kernels are the ones the solvers run (the register forms: Lorenz's straight-line one, the
/// neural ODE's loop form with θ in device memory, whose backward keeps only its ∂L/∂θ accumulator in local memory); the
/// "-views" ones are the per-thread-array kernels they run for systems without one, dumped beside them for comparison.
/// </summary>
internal static class PtxDump
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        Type rk4 = typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5), tsit5 = typeof(Lorenz.RhsSingleOde.Gpu.Tsitouras5);
        Type real = typeof(GpuFloat32);
        Write(directory, "rk4-fixed-f32", RegisterKernels.For(rk4, typeof(float), real, typeof(FixedStepRk4RegisterKernel))!);
        Write(directory, "rk4-fixed-f32-views", Instantiate(typeof(FixedStepRk4Kernel), rk4));
        Write(directory, "tsit5-fixed-f32", RegisterKernels.ForTrialStep(tsit5, typeof(float), real, typeof(FixedStepTableauRegisterKernel))!);
        Write(directory, "tsit5-fixed-f32-views", Instantiate(typeof(FixedStepTableauKernel), tsit5));
        Write(directory, "dopri5-forward-f32", RegisterKernels.ForTrialStep(rk4, typeof(float), real, typeof(ForwardRegisterKernel))!);
        Write(directory, "dopri5-forward-f32-views", Instantiate(typeof(ForwardKernel), rk4));
        Write(directory, "dopri5-backward-f32", RegisterKernels.ForTrialStep(rk4, typeof(float), real, typeof(BackwardRegisterKernel))!);
        Write(directory, "dopri5-backward-f32-views", Instantiate(typeof(BackwardKernel), rk4));
        // The float64 Dopri5 kernels of the float64 rows.
        Type rk4Double = typeof(Lorenz.RhsOde.Gpu.DormandPrince5), realDouble = typeof(GpuFloat64);
        Write(directory, "dopri5-forward-f64", RegisterKernels.ForTrialStep(rk4Double, typeof(double), realDouble, typeof(ForwardRegisterKernel))!);
        Write(directory, "dopri5-backward-f64", RegisterKernels.ForTrialStep(rk4Double, typeof(double), realDouble, typeof(BackwardRegisterKernel))!);
        // The neural ODE's (a loop-form system: its register form, θ in device memory; and its per-thread-array kernels)
        // and the shared-θ gradient's block sums.
        Type mlp = typeof(NeuralOdeDynamics.RhsSingleOde.Gpu.DormandPrince5), mlpPerStage = typeof(NeuralOde.RhsPerStageOde.Gpu.DormandPrince5);
        Write(directory, "mlp-dopri5-forward-f32", RegisterKernels.ForTrialStep(mlp, typeof(float), real, typeof(ForwardRegisterKernel))!);
        Write(directory, "mlp-dopri5-forward-f32-views", Instantiate(typeof(ForwardKernel), mlp));
        Write(directory, "mlp-dopri5-backward-f32", RegisterKernels.ForTrialStep(mlp, typeof(float), real, typeof(BackwardRegisterKernel))!);
        Write(directory, "mlp-dopri5-backward-f32-views", Instantiate(typeof(BackwardKernel), mlp));
        Write(directory, "mlp-dopri5-backward-f32-per-stage", RegisterKernels.ForTrialStep(mlpPerStage, typeof(float), real, typeof(BackwardRegisterKernel))!);
        Write(directory, "parameter-gradient-blocks-f32",
            typeof(ParameterGradientBlocksKernel).GetMethod("Run")!.MakeGenericMethod(typeof(float), typeof(GpuFloat32)));
        // The status words' sums of a call without per-trajectory results.
        Write(directory, "trajectory-tally", typeof(TrajectoryTallyKernel).GetMethod("Run")!);
    }

    private static MethodInfo Instantiate(Type kernel, Type stepper) =>
        kernel.GetMethod("Run")!.MakeGenericMethod(typeof(float), stepper, typeof(GpuFloat32));

    private static void Write(string directory, string name, MethodInfo run)
    {
        string ptx = OfflineKernels.Ptx(run); // a fresh context per kernel: a failed compile poisons its context
        File.WriteAllText(Path.Combine(directory, name + ".ptx"), ptx);
        Console.WriteLine($"  PTX local memory, {name}: {PtxLocalMemory.Of(ptx)}");
    }
}
