using AcaKernels.Gpu.Backends;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// On ILGPU's CPU accelerator every generated stepper gives, bit for bit, what the scalar struct's fused hooks
/// (TryFusedTrialStep, TryFusedStepVjp, TryFusedStepVjpWithTime) give at the same random inputs: the GPU form prints the same operations in
/// the same order, and the CPU accelerator runs them through the same JIT and the same System.Math.
/// </summary>
public sealed class CpuAcceleratorTests
{
    /// <summary>A few hundred trajectories: random states, parameters, steps and seeds.</summary>
    private const int Trajectories = 300;

    [Theory]
    [MemberData(nameof(StepperCases.Names), MemberType = typeof(StepperCases))]
    public void Stepper_OnCpuAccelerator_IsBitIdenticalToScalarHooks(string name)
    {
        // Registered as GpuDevices registers every context: it also lets the kernels read a system's constant tables.
        using Context context = Context.Create(builder => GpuIntrinsics.Register(builder.CPU().EnableAlgorithms()));
        using CPUAccelerator accelerator = context.CreateCPUAccelerator(0);
        foreach (StepOutputs output in StepperCases.Get(name).RunAndReference(accelerator, Trajectories, seed: 9001))
            for (int i = 0; i < output.Reference.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(output.Device[i]) == BitConverter.DoubleToInt64Bits(output.Reference[i]),
                    $"{name}, trajectory {output.Trajectory}, {output.Quantity}[{i}]: device {output.Device[i]:R}, scalar hooks {output.Reference[i]:R}");
    }
}
