using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.Tests.Steppers;
using AcaKernels.Gpu.Tests.Support;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AcaKernels.Gpu.Tests.MathFunctions;

/// <summary>
/// Each function of <see cref="Kernels.GpuMath"/> (OdeMath's algorithm over ILGPU's FMA, what the generated GPU form
/// calls for Math.Exp, Sin, Atan2, …), alone in a kernel, against OdeMath's scalar form (what the CPU kernels call):
/// compiled offline to PTX with no call of an undefined function (a module with one fails to load on the device) and to
/// OpenCL C; bit for bit on ILGPU's CPU accelerator; within <see cref="PoclUlps"/> on PoCL. The generated systems'
/// tests reach these functions only through the few the sample systems use, with their rounding mixed into a step.
/// </summary>
public sealed partial class GpuMathKernelTests(ITestOutputHelper output)
{
    /// <summary>
    /// PoCL against OdeMath, float64 and float32 alike: 2 ulps. The algorithm and its FMAs are the same, so where it runs
    /// its own path the bits are the same (measured: every difference lies at a fallback); what may differ is the
    /// fallbacks (Sin, Cos, Tan beyond 2^26, Pow of a negative base or out of range, Atan2 at zeros and infinities,
    /// Asin/Acos beyond 1), which call PoCL's libm instead of glibc's, both within 1 ulp of exact, so within 2 of each
    /// other; and PoCL's compiler may contract a·b + c where the C# rounds the product first (none measured). The float32
    /// overloads round the float64 result once, so they differ at most where that did. Before OdeMath.SplitDifference,
    /// sin, cos, tan and acos differed by 1 ulp at ordinary arguments and atanh by 10⁻⁹ relative (ILGPU folded the low
    /// part of an exact split away); before Pow's non-short-circuit test, a NaN base gave a finite number.
    /// </summary>
    private const long PoclUlps = 2;

    [Theory]
    [MemberData(nameof(GpuMathCases.Names), MemberType = typeof(GpuMathCases))]
    public void Function_CompilesToPtx_WithNoUndefinedCall(string name)
    {
        GpuMathCase function = GpuMathCases.Get(name);
        foreach (var kernelMethod in new[] { function.Kernel, function.KernelSingle })
        {
            string ptx = OfflineKernels.Ptx(kernelMethod); // a fresh context each: a failed compile poisons its Context
            Assert.Contains(".entry", ptx);
            Assert.DoesNotContain(".extern .func", ptx);
        }
    }

    /// <summary>A float32 neural ODE's tanh and its derivative run in float arithmetic on the GPU (OdeMath.TanhSingle.cs):
    /// their float kernels' PTX holds no float64 operation (before, the float overloads widened to the float64 algorithm
    /// and its division, the PTX of the float64 kernel plus two conversions). Counts in the test output.</summary>
    [Theory]
    [InlineData("Tanh")]
    [InlineData("TanhDerivative")]
    public void TanhSingle_OnPtx_HasNoFloat64Arithmetic(string name)
    {
        GpuMathCase function = GpuMathCases.Get(name);
        string single = OfflineKernels.Ptx(function.KernelSingle), wide = OfflineKernels.Ptx(function.Kernel);
        output.WriteLine($"{name}: float kernel {PtxInstructions(single)} instructions ({Float64Operations(single)} on f64), " +
            $"float64 kernel {PtxInstructions(wide)} ({Float64Operations(wide)} on f64)");
        Assert.Equal(0, Float64Operations(single));
    }

    private static int PtxInstructions(string ptx) => InstructionLine().Matches(ptx).Count;

    private static int Float64Operations(string ptx) => Float64Operation().Matches(ptx).Count;

    [GeneratedRegex(@"^\s+[a-z][a-z0-9]*(\.[a-z0-9]+)*\s", RegexOptions.Multiline)]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"^\s+[a-z][a-z0-9.]*\.f64\b", RegexOptions.Multiline)]
    private static partial Regex Float64Operation();

    [Theory]
    [MemberData(nameof(GpuMathCases.Names), MemberType = typeof(GpuMathCases))]
    public void Function_CompilesToOpenClC(string name)
    {
        GpuMathCase function = GpuMathCases.Get(name);
        foreach (var kernelMethod in new[] { function.Kernel, function.KernelSingle })
        {
            string source = OfflineKernels.OpenClC(kernelMethod);
            Assert.Contains("kernel void", source);
            Assert.DoesNotContain("__generic", source);
            // ILGPU's IR builder rewrites c − (c − x) into x, so the low part (c − w) − x of an exact split becomes
            // x − x (OdeMath.SplitDifference); none of the algorithms subtracts a value from itself on purpose.
            Match selfSubtraction = SelfSubtraction().Match(source);
            Assert.False(selfSubtraction.Success, $"GpuMath.{name}: the OpenCL C subtracts a value from itself ({selfSubtraction.Value}): " +
                "an exact split's low part folded away by ILGPU; write its c − w as OdeMath.SplitDifference");
        }
    }

    [GeneratedRegex(@"\((?:double|float)\) (var\d+) -\s+\((?:double|float)\)\1\)")]
    private static partial Regex SelfSubtraction();

    [Theory]
    [MemberData(nameof(GpuMathCases.Names), MemberType = typeof(GpuMathCases))]
    public void Function_OnCpuAccelerator_IsBitIdenticalToOdeMath(string name)
    {
        GpuMathCase function = GpuMathCases.Get(name);
        using Context context = Context.Create(builder => builder.CPU().EnableAlgorithms());
        using CPUAccelerator accelerator = context.CreateCPUAccelerator(0);
        (double[] x, double[] y) = MathTestPoints.For(function.Domain);
        double[] device = function.Run(accelerator, x, y);
        for (int i = 0; i < x.Length; i++)
            Assert.True(MathTestPoints.Ulps(device[i], function.Reference(x[i], y[i])) == 0,
                $"GpuMath.{name}({x[i]:R}, {y[i]:R}) on the CPU accelerator: {device[i]:R}, OdeMath {function.Reference(x[i], y[i]):R}");
        (float[] xs, float[] ys) = (Array.ConvertAll(x, v => (float)v), Array.ConvertAll(y, v => (float)v));
        float[] single = function.Run(accelerator, xs, ys);
        for (int i = 0; i < xs.Length; i++)
            Assert.True(MathTestPoints.Ulps(single[i], function.Reference(xs[i], ys[i])) == 0,
                $"GpuMath.{name}({xs[i]:R}f, {ys[i]:R}f) on the CPU accelerator: {single[i]:R}, OdeMath {function.Reference(xs[i], ys[i]):R}");
    }

    [Theory]
    [MemberData(nameof(GpuMathCases.Names), MemberType = typeof(GpuMathCases))]
    public void Function_OnPocl_IsWithinTwoUlpsOfOdeMath(string name)
    {
        GpuMathCase function = GpuMathCases.Get(name);
        (Context Context, CLDevice Device)? pocl = Pocl.Open();
        Assert.True(pocl is not null, Pocl.Missing);
        using Context context = pocl.Value.Context;
        using CLAccelerator accelerator = pocl.Value.Device.CreateCLAccelerator(context);
        (double[] x, double[] y) = MathTestPoints.For(function.Domain);
        double[] device = function.Run(accelerator, x, y);
        long worst = 0, differing = 0, differingBelow = 0;
        int worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            long ulps = MathTestPoints.Ulps(device[i], function.Reference(x[i], y[i]));
            Assert.True(ulps <= PoclUlps,
                $"GpuMath.{name}({x[i]:R}, {y[i]:R}) on PoCL: {device[i]:R}, OdeMath {function.Reference(x[i], y[i]):R} ({ulps} ulps)");
            if (ulps > worst) (worst, worstAt) = (ulps, i);
            if (ulps != 0) differing++;
            if (ulps != 0 && Math.Abs(x[i]) < 1e6) differingBelow++;
        }
        (float[] xs, float[] ys) = (Array.ConvertAll(x, v => (float)v), Array.ConvertAll(y, v => (float)v));
        float[] single = function.Run(accelerator, xs, ys);
        long worstSingle = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            long ulps = MathTestPoints.Ulps(single[i], function.Reference(xs[i], ys[i]));
            Assert.True(ulps <= PoclUlps,
                $"GpuMath.{name}({xs[i]:R}f, {ys[i]:R}f) on PoCL: {single[i]:R}, OdeMath {function.Reference(xs[i], ys[i]):R} ({ulps} ulps)");
            worstSingle = Math.Max(worstSingle, ulps);
        }
        output.WriteLine($"GpuMath.{name} on PoCL, {x.Length} points: float64 at most {worst} ulp from OdeMath (at ({x[worstAt]:R}, {y[worstAt]:R}); " +
            $"{differing} differ, {differingBelow} of them with |x| < 1e6), float32 at most {worstSingle}");
    }
}
