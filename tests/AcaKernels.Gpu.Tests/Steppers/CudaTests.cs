using AcaKernels.Gpu.Backends;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime.Cuda;
using Xunit.Abstractions;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// On an NVIDIA GPU every generated stepper agrees with the scalar struct's fused hooks to rounding level. On a
/// machine without one (CI) each case passes after writing why it did not run: nothing GPU-specific may make CI red.
/// </summary>
public sealed class CudaTests(ITestOutputHelper output)
{
    private const int Trajectories = 200;

    /// <summary>
    /// Relative to each output's scale, as <see cref="PoclTests"/>, but wider: ptxas contracts a·b + c into fused
    /// multiply-adds, float64 exp/tanh/sin are ILGPU.Algorithms' software routines and float32 ones the hardware's
    /// approximations (MathF.Tanh is tanh.approx.f32, relative error up to ~2⁻¹¹). float64 1e-11; float32 5e-3.
    /// Not yet measured on a GPU (none was lent to the session that wrote this): set from the printed worst values.
    /// </summary>
    private static double Tolerance(string name) => name.Contains("SingleOde", StringComparison.Ordinal) ? 5e-3 : 1e-11;

    [Theory]
    [MemberData(nameof(StepperCases.Names), MemberType = typeof(StepperCases))]
    public void Stepper_OnCuda_AgreesWithScalarHooksToRounding(string name)
    {
        Context context;
        try
        {
            context = Context.Create(builder => GpuIntrinsics.Register(builder.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O2)));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException)
        {
            output.WriteLine($"skipped: no CUDA driver ({e.GetType().Name})");
            return;
        }
        using (context)
        {
            CudaDevice? device = context.Devices.OfType<CudaDevice>().FirstOrDefault();
            if (device is null)
            {
                output.WriteLine("skipped: no NVIDIA GPU on this machine");
                return;
            }
            using CudaAccelerator accelerator = device.CreateCudaAccelerator(context);
            double tolerance = Tolerance(name);
            double worst = ScaledComparison.AssertWithinScale(StepperCases.Get(name).RunAndReference(accelerator, Trajectories, seed: 777),
                tolerance, $"{name} on {device.Name}", "CUDA");
            output.WriteLine($"{name} on {device.Name}: worst difference {worst:E3} of the scale (tolerance {tolerance:E1})");
        }
    }
}
