using System.Numerics;
using System.Reflection;
using System.Text.RegularExpressions;
using AcaKernels.Ensembles;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Gpu.Tests.Systems;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The adaptive register kernels (<see cref="ForwardRegisterKernel"/>, <see cref="BackwardRegisterKernel"/>): the same
/// inputs twice give the same bits, on the CPU accelerator and on PoCL, and the results equal the array kernels' and the
/// CPU engine's within the backend's tolerance. Regression for the PoCL run-to-run differences of RESULTS.md §4: ILGPU
/// 1.5.3's OpenCL C generator read a phi's temporary outside the block that assigned it (see ForwardRegisterKernel's
/// remarks); the last test checks the OpenCL C for the pattern that triggers it.
/// </summary>
/// <remarks>Run to run: bits (one thread per trajectory, no atomics, no reduction on the device: any difference is a bug).
/// Register vs array kernels and vs the CPU engine: <see cref="Tolerances"/> (0 on the CPU accelerator: the same .NET
/// operations in the same order; on PoCL the device compiler may contract the two kernels' a·b + c differently).</remarks>
public sealed partial class RegisterKernelDeterminismTests
{
    public static TheoryData<GpuBackend, int> Cases()
    {
        var data = new TheoryData<GpuBackend, int>();
        // 1 and 7: one partly idle group; 257: a last group of one; 1000: several groups.
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (int b in new[] { 1, 7, 257, 1000 }) data.Add(backend, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LorenzDouble_RegisterKernelsTwice_SameBits_AndMatchArrayKernelsAndCpu(GpuBackend backend, int trajectories) =>
        AssertDeterministic_AndCloseToArrayKernelsAndCpu<Lorenz.RhsOde.Gpu.DormandPrince5, Lorenz.RhsOde>(backend,
            Problems.Lorenz(trajectories, sharedTheta: false), trajectories);

    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzSingle_RegisterKernelsTwice_SameBits(GpuBackend backend)
    {
        Problem problem = Problems.Lorenz(257, sharedTheta: true, options: new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 });
        Run<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, problem, GpuKernelForm.Auto, out double[] first);
        Run<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, problem, GpuKernelForm.Auto, out double[] second);
        AssertSameBits(first, second);
        Run<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, problem, GpuKernelForm.Arrays, out double[] arrays);
        Tolerances.AssertClose(arrays, first, Tolerances.ForSingle(backend).Gradient, "register vs array kernels");
    }

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    /// <summary>The loop-form register kernels (the unit-by-unit MLP with sine features: state and stages in registers, θ read from device
    /// memory through GpuParameterView, ∂L/∂θ in the backward's per-thread array): run to run the same bits, and the array
    /// kernels' and the CPU engine's results within the backend's tolerance (bit for bit on the CPU accelerator).</summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public void SweptMlpDouble_LoopFormRegisterKernelsTwice_SameBits_AndMatchArrayKernelsAndCpu(GpuBackend backend) =>
        AssertDeterministic_AndCloseToArrayKernelsAndCpu<SweptMlp.RhsOde.Gpu.DormandPrince5, SweptMlp.RhsOde>(backend, Problems.SweptMlp(257), 257);

    /// <summary>The register kernels twice on the same inputs: the same bits; then against the array kernels and the CPU
    /// engine, outputs and gradients each within the backend's tolerance (0 on the CPU accelerator).</summary>
    private static void AssertDeterministic_AndCloseToArrayKernelsAndCpu<TStepper, TDynamics>(GpuBackend backend, Problem problem, int trajectories)
        where TStepper : struct, IGpuStepper<double>
        where TDynamics : IOdeDynamics<double>
    {
        Run<double, TStepper>(backend, problem, GpuKernelForm.Auto, out double[] first);
        Run<double, TStepper>(backend, problem, GpuKernelForm.Auto, out double[] second);
        AssertSameBits(first, second);

        Run<double, TStepper>(backend, problem, GpuKernelForm.Arrays, out double[] arrays);
        int n = TStepper.StateSize;
        double[] cpu = Cpu<double, TDynamics>(problem, trajectories, n);
        Tolerances.Entry tolerance = Tolerances.For(backend);
        int states = trajectories * problem.Times.Length * n;
        Tolerances.AssertClose(arrays.AsSpan(0, states), first.AsSpan(0, states), tolerance.State, "register vs array kernels, outputs");
        Tolerances.AssertClose(arrays.AsSpan(states), first.AsSpan(states), tolerance.Gradient, "register vs array kernels, gradients");
        Tolerances.AssertClose(cpu.AsSpan(0, states), first.AsSpan(0, states), tolerance.State, "register kernels vs CPU engine, outputs");
        Tolerances.AssertClose(cpu.AsSpan(states), first.AsSpan(states), tolerance.Gradient, "register kernels vs CPU engine, gradients");
    }

    /// <summary>Kernels over the register form of several steppers (RMS and DOP853 norms, f reading t, float32, the loop form).</summary>
    public static TheoryData<string, Type, Type> RegisterKernelCases() => new()
    {
        { "forward Lorenz Dopri5 f64", typeof(ForwardRegisterKernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince5) },
        { "backward Lorenz Dopri5 f64", typeof(BackwardRegisterKernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince5) },
        { "forward Lorenz Dopri5 f32", typeof(ForwardRegisterKernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5) },
        { "forward Lorenz DOP853 f64", typeof(ForwardRegisterKernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince853) },
        { "forward ForcedOscillator Dopri5 f64", typeof(ForwardRegisterKernel), typeof(ForcedOscillator.RhsOde.Gpu.DormandPrince5) },
        { "forward SweptMlp Dopri5 f64 (loop form)", typeof(ForwardRegisterKernel), typeof(SweptMlp.RhsOde.Gpu.DormandPrince5) },
        { "backward SweptMlp Dopri5 f32 (loop form)", typeof(BackwardRegisterKernel), typeof(SweptMlp.RhsSingleOde.Gpu.DormandPrince5) },
    };

    /// <summary>
    /// No phi of the register kernels' OpenCL C is bound to itself (ILGPU writes <c>tmp = phi; phi = tmp;</c> for that):
    /// each such binding creates the temporary that ILGPU 1.5.3's OpenCL generator then reads in later blocks where it
    /// is not assigned. The array forward kernel has such bindings (harmless there: the temporaries feed only values the
    /// fixed-step path does not use), which shows the pattern is found when present.
    /// </summary>
    [Theory]
    [MemberData(nameof(RegisterKernelCases))]
    public void RegisterKernel_OpenCLC_HasNoSelfBoundPhi(string name, Type kernel, Type stepper)
    {
        Type number = stepper.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IGpuStepper<>)).GetGenericArguments()[0];
        Type real = number == typeof(double) ? typeof(GpuFloat64) : typeof(GpuFloat32);
        MethodInfo method = RegisterKernels.ForTrialStep(stepper, number, real, kernel)
            ?? throw new InvalidOperationException($"{name}: {stepper.Name} has no register trial step");
        string source = OpenCLC(method);
        Assert.Empty(SelfBoundPhis(source));
        // The only "x > 1" allowed is a clamp's (x > 1 ? 1 : x): a branch on err > 1 would be the inverted accept test,
        // which ILGPU's OpenCL C writes without its unordered flag, so a NaN error would be accepted (see the remarks of
        // ForwardRegisterKernel).
        foreach (Match greater in GreaterThanOne().Matches(source))
            Assert.Matches(@"^\s*var\d+ =  " + greater.Groups[1].Value + @" \?  1 :", source[(greater.Index + greater.Length)..].TrimStart('\n', '\t', ' ', ';').Split('\n')[0]);

        MethodInfo arrays = typeof(ForwardKernel).GetMethod("Run")!.MakeGenericMethod(number, stepper, real);
        Assert.NotEmpty(SelfBoundPhis(OpenCLC(arrays)));
    }

    private static List<string> SelfBoundPhis(string source) =>
        SelfBinding().Matches(source).Select(m => m.Value.Replace('\n', ' ')).ToList();

    // "varT = varP;" then (after ILGPU's empty ";" lines) "varP = varT;".
    [GeneratedRegex(@"\b(var\d+) = (var\d+);\s*(?:;\s*)*\2 = \1;")]
    private static partial Regex SelfBinding();

    [GeneratedRegex(@"\b(var\d+) = \(double\) var\d+ > \(double\) 1;")]
    private static partial Regex GreaterThanOne();

    private static string OpenCLC(MethodInfo kernel)
    {
        using Context context = Context.Create(builder => GpuIntrinsics.Register(builder.Optimize(OptimizationLevel.O2).EnableAlgorithms()));
        ConstructorInfo constructor = typeof(CLCapabilityContext).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .First(c => c.GetParameters().All(p => p.ParameterType == typeof(bool)));
        var capabilities = (CLCapabilityContext)constructor.Invoke(constructor.GetParameters().Select(p => (object)(p.Name == "float64")).ToArray());
        var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLCVersion.CL12);
        return ((CLCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default)).Source;
    }

    private static void AssertSameBits(double[] first, double[] second)
    {
        Assert.Equal(first.Length, second.Length);
        for (int i = 0; i < first.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(first[i]) == BitConverter.DoubleToInt64Bits(second[i]),
                $"value {i} differs between two runs on the same inputs: {first[i]:R} then {second[i]:R}");
    }

    /// <summary>Outputs, ∂L/∂z₀, ∂L/∂θ and the time gradients of one solve + gradient, flat, widened to double.</summary>
    private static void Run<T, TStepper>(GpuBackend backend, Problem problem, GpuKernelForm form, out double[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStepper : struct, IGpuStepper<T>
    {
        int trajectories = problem.Z0.Length / TStepper.StateSize, n = TStepper.StateSize;
        T[] z0 = Array.ConvertAll(problem.Z0, T.CreateTruncating), p = Array.ConvertAll(problem.Theta, T.CreateTruncating);
        using var solver = new GpuEnsembleSolver<T, TStepper>(trajectories, TestBackends.Device(backend), problem.Options,
            new GpuEnsembleOptions { KernelForm = form });
        Assert.Equal(form == GpuKernelForm.Auto, solver.UsesRegisterKernels);
        var outputs = new T[problem.Seeds.Length];
        solver.Solve(z0, p, problem.Times, outputs, new SolveResult[trajectories]).ThrowIfFailed();
        var (gradZ0, gradP) = (new T[trajectories * n], new T[p.Length]);
        var results = new GradientResult[trajectories];
        solver.Gradient(Array.ConvertAll(problem.Seeds, T.CreateTruncating), gradZ0, gradP, results).ThrowIfFailed();
        values = [.. Flat(outputs, gradZ0, gradP), .. results.SelectMany(r => new[] { r.GradientT0, r.GradientTEnd })];
    }

    private static double[] Cpu<T, TDynamics>(Problem problem, int trajectories, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDynamics : IOdeDynamics<T>
    {
        using var solver = new EnsembleSolver<T, TDynamics>(trajectories, problem.Options with { Method = RungeKuttaMethod.DormandPrince5 });
        T[] p = Array.ConvertAll(problem.Theta, T.CreateTruncating);
        var outputs = new T[problem.Seeds.Length];
        solver.Solve(Array.ConvertAll(problem.Z0, T.CreateTruncating), p, problem.Times, outputs, new SolveResult[trajectories]).ThrowIfFailed();
        var (gradZ0, gradP) = (new T[trajectories * n], new T[p.Length]);
        var results = new GradientResult[trajectories];
        solver.Gradient(Array.ConvertAll(problem.Seeds, T.CreateTruncating), gradZ0, gradP, results).ThrowIfFailed();
        return [.. Flat(outputs, gradZ0, gradP), .. results.SelectMany(r => new[] { r.GradientT0, r.GradientTEnd })];
    }

    private static double[] Flat<T>(T[] a, T[] b, T[] c) where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. a.Select(double.CreateTruncating), .. b.Select(double.CreateTruncating), .. c.Select(double.CreateTruncating)];
}
