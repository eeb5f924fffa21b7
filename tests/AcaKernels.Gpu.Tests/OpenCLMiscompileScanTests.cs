using System.Reflection;
using System.Text.RegularExpressions;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Gpu.Tests.Systems;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime.OpenCL;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// RegisterKernelDeterminismTests' scan for ILGPU 1.5.3's two OpenCL C miscompiles (RESULTS.md §4), run over the kernels
/// it did not cover: the fixed-step RK4 and tableau kernels (view and register forms, FSAL and not) and the adaptive
/// array kernels (forward and backward, f32 and f64). Each kernel is compiled offline to OpenCL C (a fresh ILGPU
/// context per kernel), and the test counts:
/// <list type="number">
/// <item>self-bound phis (<c>tmp = phi; phi = tmp;</c>), the trigger of the first miscompile, and the blocks that read
/// such a temporary without assigning it — the miscompile itself (ILGPU keeps the temporary for the whole function and
/// reads it instead of the phi in later blocks, where it is stale or never written);</item>
/// <item>branches on <c>x &gt; 1</c> that are not a clamp's select: the shape of the second miscompile (err ≤ 1 negated
/// into an unordered err &gt; 1 whose flag the OpenCL C generator drops, so a NaN error is accepted).</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>Findings (pinned, so a change in either direction is a kernel change to look at): the fixed-step kernels and
/// the array backward kernel have none of either. The array forward kernel has the five self-bound phis RESULTS.md §4
/// names, two of whose temporaries are read outside their block — both checked harmless there (§4, §10): the
/// controller's log err_prev read on the fixed-step path (where it is never used) and one read in the block right after
/// the one that writes it on every path into it; its one <c>x &gt; 1</c> is the step-factor clamp's select.</para>
/// <para>The second miscompile cannot be read off the OpenCL C alone (the dropped flag leaves no trace), hence the
/// pattern; the runtime tests on PoCL with NaN trajectories (FixedStepRegisterFormTests, FixedStepRk4Tests,
/// MixedFailureTests) check the statuses a dropped flag would change. PTX has unordered compares of its own (its
/// generator inverts branches and keeps the flag: the view kernels' finiteness test !(|x| ≤ max) is
/// <c>setp.gtu</c>), which are correct and not counted.</para>
/// </remarks>
public sealed partial class OpenCLMiscompileScanTests
{
    public static TheoryData<string, int, int> Cases() => new()
    {
        // name, self-bound phis, their temporaries' reads outside the assigning block
        { "rk4 views f32", 0, 0 },
        { "rk4 views f64", 0, 0 },
        { "rk4 registers f32", 0, 0 },
        { "rk4 registers f64", 0, 0 },
        { "tableau views tsit5 f32", 0, 0 },
        { "tableau views heun-euler f32", 0, 0 },
        { "tableau registers tsit5 f32", 0, 0 },
        { "tableau registers heun-euler f32", 0, 0 },
        { "forward arrays dopri5 f64", 5, 2 },
        { "forward arrays dopri5 f32", 5, 2 },
        { "backward arrays dopri5 f64", 0, 0 },
        { "backward arrays dopri5 f32", 0, 0 },
    };

    private static readonly Dictionary<string, Func<MethodInfo>> Kernels = new()
    {
        ["rk4 views f32"] = () => View(typeof(FixedStepRk4Kernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5)),
        ["rk4 views f64"] = () => View(typeof(FixedStepRk4Kernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince5)),
        ["rk4 registers f32"] = () => Register(typeof(FixedStepRk4RegisterKernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5), trial: false),
        ["rk4 registers f64"] = () => Register(typeof(FixedStepRk4RegisterKernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince5), trial: false),
        ["tableau views tsit5 f32"] = () => View(typeof(FixedStepTableauKernel), typeof(Lorenz.RhsSingleOde.Gpu.Tsitouras5)),
        ["tableau views heun-euler f32"] = () => View(typeof(FixedStepTableauKernel), typeof(Lorenz.RhsSingleOde.Gpu.HeunEuler)),
        ["tableau registers tsit5 f32"] = () => Register(typeof(FixedStepTableauRegisterKernel), typeof(Lorenz.RhsSingleOde.Gpu.Tsitouras5), trial: true),
        ["tableau registers heun-euler f32"] = () => Register(typeof(FixedStepTableauRegisterKernel), typeof(Lorenz.RhsSingleOde.Gpu.HeunEuler), trial: true),
        ["forward arrays dopri5 f64"] = () => View(typeof(ForwardKernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince5)),
        ["forward arrays dopri5 f32"] = () => View(typeof(ForwardKernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5)),
        ["backward arrays dopri5 f64"] = () => View(typeof(BackwardKernel), typeof(Lorenz.RhsOde.Gpu.DormandPrince5)),
        ["backward arrays dopri5 f32"] = () => View(typeof(BackwardKernel), typeof(Lorenz.RhsSingleOde.Gpu.DormandPrince5)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernel_OpenCLC_HasOnlyTheKnownMiscompilePatterns(string name, int selfBoundPhis, int strayReads)
    {
        string source = OpenCLC(Kernels[name]());
        List<string> selfBound = SelfBinding().Matches(source).Select(m => m.Value.Replace('\n', ' ')).ToList();
        List<string> stray = TemporariesReadOutsideTheirBlock(source);
        Assert.True(selfBound.Count == selfBoundPhis && stray.Count == strayReads,
            $"{name}: {selfBound.Count} self-bound phis (expected {selfBoundPhis}), {stray.Count} reads of their temporaries outside the " +
            $"assigning block (expected {strayReads}): {string.Join("; ", stray)}");
        // The only "x > 1" allowed is a clamp's (x > 1 ? 1 : x), as in RegisterKernelDeterminismTests.
        foreach (Match greater in GreaterThanOne().Matches(source))
            Assert.Matches(@"^\s*var\d+ =  " + greater.Groups[1].Value + @" \?  1 :", source[(greater.Index + greater.Length)..].TrimStart('\n', '\t', ' ', ';').Split('\n')[0]);
    }

    /// <summary>For every self-bound phi's temporary, the blocks (from one label to the next; the declarations before
    /// the first label left out) that read it without assigning it.</summary>
    private static List<string> TemporariesReadOutsideTheirBlock(string source)
    {
        var findings = new List<string>();
        string[] blocks = Label().Split(source);
        foreach (string temporary in SelfBinding().Matches(source).Select(m => m.Groups[1].Value).Distinct())
        {
            var read = new Regex(@"(?<!\w)" + temporary + @"\b(?!\s*=[^=])");
            var assigned = new Regex(@"(?<!\w)" + temporary + @"\s*=[^=]");
            for (int i = 1; i < blocks.Length; i++)
                if (read.IsMatch(blocks[i]) && !assigned.IsMatch(blocks[i]))
                    findings.Add($"{temporary} read in block {i}");
        }
        return findings;
    }

    // "varT = varP;" then (after ILGPU's empty ";" lines) "varP = varT;".
    [GeneratedRegex(@"\b(var\d+) = (var\d+);\s*(?:;\s*)*\2 = \1;")]
    private static partial Regex SelfBinding();

    // ILGPU's block labels: "L_123: ;" on a line of their own.
    [GeneratedRegex(@"^\s*L_\d+:\s*;?\s*$", RegexOptions.Multiline)]
    private static partial Regex Label();

    [GeneratedRegex(@"\b(var\d+) = \(double\) var\d+ > \(double\) 1;")]
    private static partial Regex GreaterThanOne();

    private static MethodInfo View(Type kernel, Type stepper)
    {
        (Type number, Type real) = Number(stepper);
        return kernel.GetMethod("Run")!.MakeGenericMethod(number, stepper, real);
    }

    private static MethodInfo Register(Type kernel, Type stepper, bool trial)
    {
        (Type number, Type real) = Number(stepper);
        return (trial ? RegisterKernels.ForTrialStep(stepper, number, real, kernel) : RegisterKernels.For(stepper, number, real, kernel))
            ?? throw new InvalidOperationException($"{stepper} has no register form");
    }

    private static (Type Number, Type Real) Number(Type stepper)
    {
        Type number = stepper.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IGpuStepper<>)).GetGenericArguments()[0];
        return (number, number == typeof(double) ? typeof(GpuFloat64) : typeof(GpuFloat32));
    }

    private static Context NewContext() =>
        Context.Create(builder => GpuIntrinsics.Register(builder.Optimize(OptimizationLevel.O2).EnableAlgorithms()));

    private static string OpenCLC(MethodInfo kernel)
    {
        using Context context = NewContext();
        ConstructorInfo constructor = typeof(CLCapabilityContext).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .First(c => c.GetParameters().All(p => p.ParameterType == typeof(bool)));
        var capabilities = (CLCapabilityContext)constructor.Invoke(constructor.GetParameters().Select(p => (object)(p.Name == "float64")).ToArray());
        var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLCVersion.CL12);
        return ((CLCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), default)).Source;
    }
}
