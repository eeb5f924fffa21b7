using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;
using Xunit.Abstractions;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// On PoCL every generated stepper agrees with the scalar struct's fused hooks to rounding level. Not bit for bit:
/// PoCL's compiler contracts a·b + c into fused multiply-adds and its libm rounds exp, tanh, sin, … differently
/// from the .NET runtime's. Each output is compared normwise against its natural scale (the state for zNew,
/// h·max|k| for the error estimates, the seed for the input adjoint, …), see <see cref="Tolerance"/>.
/// </summary>
public sealed class PoclTests(ITestOutputHelper output)
{
    private const int Trajectories = 200;

    /// <summary>
    /// Relative to the scale: float64 5e-13, float32 5e-4. One step is a few hundred floating-point operations
    /// (s stages of f, its VJP, the weighted sums); each contraction or libm difference changes one result by at most
    /// an ulp or two (2.2e-16 / 1.2e-7 relative), and the sums add up to s·(number of terms) such differences with
    /// coefficients of order 1 (Dormand-Prince 8's reach 1e1–1e2). A few hundred ulps bound that with room for the
    /// cancellation in error estimates (scaled by h·max|k|, not by their own small size): 5e-13 ≈ 2000 ulps in
    /// float64; in float32 the same reasoning gives ~2.5e-4, and float32 transcendental functions on PoCL are only
    /// required to be within a few ulps, so 5e-4. Measured (PoCL 3.1, ILGPU 1.5.3 at O2): 0 where f calls no libm
    /// function (PoCL did not contract these kernels), at most 2.9e-15 with tanh or sin (TanhMlp, ForcedOscillator
    /// with Dormand-Prince 8).
    /// </summary>
    private static double Tolerance(string name) => name.Contains("SingleOde", StringComparison.Ordinal) ? 5e-4 : 5e-13;

    [Theory]
    [MemberData(nameof(StepperCases.Names), MemberType = typeof(StepperCases))]
    public void Stepper_OnPocl_AgreesWithScalarHooksToRounding(string name)
    {
        (Context Context, CLDevice Device)? pocl = Pocl.Open();
        Assert.True(pocl is not null, Pocl.Missing);
        using Context context = pocl.Value.Context;
        using CLAccelerator accelerator = pocl.Value.Device.CreateCLAccelerator(context);
        double tolerance = Tolerance(name);
        string? source = null;
        double worst = ScaledComparison.AssertWithinScale(
            StepperCases.Get(name).RunAndReference(accelerator, Trajectories, seed: 4242, compiled => source = ((CLCompiledKernel)compiled).Source),
            tolerance, name, "PoCL");
        AssertCleanOpenClC(name, source!);
        output.WriteLine($"{name}: worst difference {worst:E3} of the scale (tolerance {tolerance:E1})");
    }

    /// <summary>The OpenCL C that ran: no __generic pointers (at O2; the default level emits them, and OpenCL 1.2 devices
    /// such as PoCL reject them), and no value subtracted from itself — ILGPU's IR builder rewrites c − (c − x) into x,
    /// which folds an exact split's low part away (OdeMath.SplitDifference; GpuMathKernelTests scans GpuMath's kernels
    /// the same way).</summary>
    private static void AssertCleanOpenClC(string name, string source)
    {
        Assert.Contains("kernel void", source);
        Assert.DoesNotContain("__generic", source);
        Match selfSubtraction = Regex.Match(source, @"\((?:double|float)\) (var\d+) -\s+\((?:double|float)\)\1\)");
        Assert.False(selfSubtraction.Success, $"{name}: the OpenCL C subtracts a value from itself ({selfSubtraction.Value})");
    }
}
