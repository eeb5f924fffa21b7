using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AcaKernels.Experiments.Lorenz;
using AcaKernels.Experiments.NeuralOde;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Gpu.Kernels;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// Pins the argument layouts of the kernels `aca` embeds (ILGPU internals that KernelArgumentLayout, OpenCLDevice and
/// CudaDevice marshal by hand) against the kernels' C# signatures: an ILGPU update that changes them fails here with a
/// message saying what moved, not as wrong numbers on a device.
/// </summary>
public sealed partial class KernelArgumentLayoutTests
{
    private const string Fix =
        "ILGPU changed its kernel argument layout: update KernelArgumentLayout, OpenCLDevice.Launch and CudaDevice.Launch (and " +
        "KernelManifest.SupportedIlgpuVersion), then this test.";

    public static TheoryData<string, string> Kernels()
    {
        var data = new TheoryData<string, string>();
        // A straight-line system, one whose straight-line f is too large for the CPU's straight-line kernels, and a loop-form
        // one (θ as a view): the three register-kernel forms `aca` embeds.
        foreach (Type stepper in (Type[])[typeof(LorenzDynamics.RhsOde.Gpu.DormandPrince5), typeof(ThreeBodyDynamics.RhsOde.Gpu.DormandPrince5),
                     typeof(NeuralOdeDynamics.RhsOde.Gpu.DormandPrince5)])
            foreach (string kernel in (string[])[nameof(ForwardKernel), nameof(BackwardKernel), nameof(ParameterGradientBlocksKernel), nameof(TrajectoryTallyKernel)])
                data.Add(stepper.FullName!, kernel);
        return data;
    }

    [Fact]
    public void IlgpuVersion_IsTheOneTheLayoutsAreWrittenFor()
    {
        Assert.Equal(KernelManifest.SupportedIlgpuVersion, typeof(ILGPU.Context).Assembly.GetName().Version!.ToString());
        Assert.Equal(KernelManifest.SupportedIlgpuVersion, Native.Catalog.IlgpuVersion);
    }

    [Fact]
    public void SettingsStruct_IsSixIntsThenElevenDoubles()
    {
        FieldInfo[] fields = typeof(GpuKernelSettings).GetFields(BindingFlags.Instance | BindingFlags.Public);
        Assert.Equal([.. Enumerable.Repeat(typeof(int), 6), .. Enumerable.Repeat(typeof(double), 11)], fields.Select(f => f.FieldType));
        Assert.Equal(112, Unsafe.SizeOf<GpuKernelSettings>());
    }

    /// <summary>The kernels embedded for a stepper with the register form are ForwardRegisterKernel and
    /// BackwardRegisterKernel: the layouts below are checked against ForwardKernel's and BackwardKernel's signatures,
    /// which they must therefore share parameter for parameter.</summary>
    [Fact]
    public void RegisterKernels_TakeTheViewKernelsParameters()
    {
        static string[] Signature(Type kernel) => kernel.GetMethod("Run")!.GetParameters()
            .Select(p => $"{p.Name}: {p.ParameterType}") // ArrayView`1[T], ArrayView`1[System.Double], …: T is each kernel's first type parameter
            .ToArray();
        Assert.Equal(Signature(typeof(ForwardKernel)), Signature(typeof(ForwardRegisterKernel)));
        Assert.Equal(Signature(typeof(BackwardKernel)), Signature(typeof(BackwardRegisterKernel)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void OpenCLEntry_IsBuffersThenBoundThenParametersInOrder(string stepper, string kernel)
    {
        string source = Code(stepper, kernel, GpuBackend.OpenCL, out string entry);
        Match signature = Regex.Match(source, @"kernel\s+void\s+" + entry + @"\s*\(([^)]*)\)");
        Assert.True(signature.Success, $"no entry point {entry} in the OpenCL C. {Fix}");
        string[] parameters = signature.Groups[1].Value.Split(',').Select(p => p.Trim()).ToArray();
        Type[] expected = Parameters(kernel);
        int views = expected.Count(IsView);
        var layout = new List<string>();
        for (int i = 0; i < views; i++) layout.Add(@"global \w+\* view_\d+");
        layout.Add(@"int var\d+");
        foreach (Type type in expected)
            layout.Add(IsView(type) ? @"struct (type_\d+_kernel) var\d+" : type == typeof(int) ? @"int var\d+" : @"struct (type_\d+) var\d+");
        Assert.True(layout.Count == parameters.Length, $"{kernel}: {parameters.Length} OpenCL parameters, expected {layout.Count}. {Fix}");
        for (int i = 0; i < layout.Count; i++)
        {
            Match match = Regex.Match(parameters[i], "^" + layout[i] + "$");
            Assert.True(match.Success, $"{kernel}: OpenCL parameter {i} is '{parameters[i]}', expected /{layout[i]}/. {Fix}");
            if (match.Groups.Count < 2) continue;
            string fields = StructFields(source, match.Groups[1].Value);
            string want = IsView(expected[i - views - 1]) ? "int;long;" : string.Concat(Enumerable.Repeat("int;", 6)) + string.Concat(Enumerable.Repeat("double;", 11));
            Assert.True(want == fields, $"{kernel}: struct {match.Groups[1].Value} is {{{fields}}}, expected {{{want}}}. {Fix}");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void PtxEntry_IsBoundThenParametersInOrder(string stepper, string kernel)
    {
        string ptx = Code(stepper, kernel, GpuBackend.Cuda, out string entry);
        Match signature = Regex.Match(ptx, @"\.entry\s+" + entry + @"\s*\(([^)]*)\)");
        Assert.True(signature.Success, $"no entry point {entry} in the PTX. {Fix}");
        string[] parameters = signature.Groups[1].Value.Split(',').Select(p => p.Trim()).ToArray();
        Type[] expected = Parameters(kernel);
        Assert.True(expected.Length + 1 == parameters.Length, $"{kernel}: {parameters.Length} PTX parameters, expected {expected.Length + 1}. {Fix}");
        Assert.Matches(@"^\.param \.b32 \w+$", parameters[0]);
        for (int i = 0; i < expected.Length; i++)
        {
            int size = IsView(expected[i]) ? Unsafe.SizeOf<KernelArgumentLayout.PtxView>() : Unsafe.SizeOf<GpuKernelSettings>();
            string pattern = expected[i] == typeof(int) ? @"^\.param \.b32 \w+$" : $@"^\.param \.align 8 \.b8 \w+\[{size}\]$";
            Assert.True(Regex.IsMatch(parameters[i + 1], pattern), $"{kernel}: PTX parameter {i + 1} is '{parameters[i + 1]}', expected /{pattern}/. {Fix}");
        }
    }

    private static string Code(string stepper, string kernel, GpuBackend backend, out string entry)
    {
        Type type = Type.GetType(stepper + ", AcaKernels.Experiments", throwOnError: true)!;
        int n = (int)type.GetProperty("StateSize")!.GetValue(null)!, m = (int)type.GetProperty("ParameterSize")!.GetValue(null)!;
        KernelKind kind = kernel switch
        {
            nameof(ForwardKernel) => KernelKind.Forward,
            nameof(BackwardKernel) => KernelKind.Backward,
            nameof(ParameterGradientBlocksKernel) => KernelKind.ParameterGradientBlocks,
            _ => KernelKind.TrajectoryTally,
        };
        EmbeddedKernel code = Native.Catalog.Kernel(type, "Double", n, m, backend, kind);
        entry = code.Entry;
        return code.Code;
    }

    /// <summary>The kernel's parameters after its index, as C# declares them.</summary>
    private static Type[] Parameters(string kernel) =>
        (kernel switch
        {
            nameof(ForwardKernel) => typeof(ForwardKernel),
            nameof(BackwardKernel) => typeof(BackwardKernel),
            nameof(ParameterGradientBlocksKernel) => typeof(ParameterGradientBlocksKernel),
            _ => typeof(TrajectoryTallyKernel),
        }).GetMethod("Run")!.GetParameters()
        .Skip(1).Select(p => p.ParameterType).ToArray();

    private static bool IsView(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ILGPU.ArrayView<>);

    private static string StructFields(string source, string name)
    {
        Match body = Regex.Match(source, @"struct " + name + @"\s*\{([^}]*)\}");
        Assert.True(body.Success, $"no definition of struct {name} in the OpenCL C. {Fix}");
        return string.Concat(Regex.Matches(body.Groups[1].Value, @"(\w+)\s+field_\d+;").Select(m => m.Groups[1].Value + ";"));
    }
}
