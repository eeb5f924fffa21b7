using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using AcaKernels.Gpu.Backends;
using AcaKernels.Gpu.Kernels;

namespace AcaKernels.Gpu.KernelCompiler;

/// <summary>A kernel that did not compile: the stepper, kernel and target, and ILGPU's message.</summary>
internal sealed class KernelCompileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One kernel compiled for both targets: its OpenCL C and PTX, and each one's entry-point name.</summary>
internal sealed record CompiledKernelPair(string OpenCLEntry, string OpenCLSource, string PtxEntry, string Ptx);

/// <summary>The forward and backward kernels of one stepper, the kernel that sums a shared θ's gradient rows on the
/// device (null when m = 0: nothing to sum), and the one that sums the status words for a call without per-trajectory
/// results (<see cref="TrajectoryTallyKernel"/>).</summary>
internal sealed record StepperKernels(string Stepper, string NumberType, int StateSize, int ParameterSize,
    CompiledKernelPair Forward, CompiledKernelPair Backward, CompiledKernelPair? ParameterGradientBlocks, CompiledKernelPair Tally);

/// <summary>
/// Compiles the ensemble kernels (<see cref="ForwardKernel"/>, <see cref="BackwardKernel"/>, or their register twins where a stepper has the register form, and
/// <see cref="ParameterGradientBlocksKernel"/>, <see cref="TrajectoryTallyKernel"/>) with ILGPU's offline
/// backends: PTX for sm_80 (the driver JIT-compiles it for newer GPUs) and OpenCL C 1.2 with fp64 and no generic
/// address space (PoCL; any OpenCL 1.2+ device with cl_khr_fp64), both at O2 with ILGPU.Algorithms' math and the
/// fused multiply-add intrinsics of <see cref="GpuIntrinsics"/> — the context GpuEnsembleSolver compiles with.
/// A fresh <see cref="Context"/> per kernel and target: a failed compile poisons its context.
/// </summary>
internal static partial class OfflineCompiler
{
    public static IReadOnlyList<StepperKernels> CompileAll(IReadOnlyList<string> assemblies, IReadOnlyList<string> steppers)
    {
        Assembly[] loaded = Load(assemblies);
        var result = new List<StepperKernels>();
        foreach (string name in steppers)
        {
            Type stepper = loaded.Select(a => a.GetType(name)).FirstOrDefault(t => t is not null)
                ?? throw new KernelCompileException(
                    $"stepper '{name}' is not in {string.Join(", ", assemblies.Select(Path.GetFileName))} " +
                    "(nested types are written Outer+Inner, e.g. My.Lorenz+RhsOde+Gpu+DormandPrince5).");
            result.Add(Compile(stepper));
        }
        return result;
    }

    /// <summary>Both kernels of <paramref name="stepper"/> (a struct implementing IGpuStepper&lt;float or double&gt;).</summary>
    public static StepperKernels Compile(Type stepper)
    {
        Type number = NumberType(stepper);
        Type real = number == typeof(double) ? typeof(GpuFloat64) : typeof(GpuFloat32);
        int n = (int)stepper.GetProperty(nameof(IGpuStepper<double>.StateSize), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        int m = (int)stepper.GetProperty(nameof(IGpuStepper<double>.ParameterSize), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        // The register kernels where the stepper has the register trial step, else the array kernels, for both targets:
        // as GpuKernelSet chooses them, so an AOT host computes what GpuEnsembleSolver computes on the same device; each
        // register kernel takes the same arguments as its array twin.
        MethodInfo forward = RegisterKernels.ForTrialStep(stepper, number, real, typeof(ForwardRegisterKernel))
            ?? Instantiate(typeof(ForwardKernel), number, stepper, real);
        MethodInfo backward = RegisterKernels.ForTrialStep(stepper, number, real, typeof(BackwardRegisterKernel))
            ?? Instantiate(typeof(BackwardKernel), number, stepper, real);
        // ParameterGradientBlocksKernel depends on T only; embedded with each stepper (a few KB) so a stepper's entry is
        // all its solver loads.
        CompiledKernelPair? blocks = m > 0
            ? CompileBoth(typeof(ParameterGradientBlocksKernel).GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(number, real), stepper)
            : null;
        return new StepperKernels(stepper.FullName!, number.Name, n, m, CompileBoth(forward, stepper), CompileBoth(backward, stepper), blocks,
            Tally(stepper));
    }

    // TrajectoryTallyKernel depends on nothing of the stepper: compiled once per run, embedded with each stepper (a few
    // KB) so that a stepper's entry is all its solver loads.
    private static CompiledKernelPair? s_tally;

    private static CompiledKernelPair Tally(Type stepper) =>
        s_tally ??= CompileBoth(typeof(TrajectoryTallyKernel).GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!, stepper);

    public static MethodInfo Instantiate(Type kernel, Type number, Type stepper, Type real) =>
        kernel.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(number, stepper, real);

    private static CompiledKernelPair CompileBoth(MethodInfo kernel, Type stepper)
    {
        string cl = ToOpenCL(kernel, stepper), ptx = ToPtx(kernel, stepper);
        return new CompiledKernelPair(Entry(ClEntry(), cl, "OpenCL C"), cl, Entry(PtxEntry(), ptx, "PTX"), ptx);
    }

    /// <summary>OpenCL C of one kernel.</summary>
    public static string ToOpenCL(MethodInfo kernel, Type stepper) => Guarded(kernel, stepper, "OpenCL C", OfflineKernels.OpenClC);

    /// <summary>PTX of one kernel.</summary>
    public static string ToPtx(MethodInfo kernel, Type stepper) => Guarded(kernel, stepper, "PTX", OfflineKernels.Ptx);

    private static string Guarded(MethodInfo kernel, Type stepper, string target, Func<MethodInfo, string> compile)
    {
        try
        {
            return compile(kernel);
        }
        catch (Exception e)
        {
            throw new KernelCompileException(
                $"{kernel.DeclaringType!.Name} for {stepper.FullName} does not compile to {target}: {e.GetType().Name}: {e.Message} " +
                "(the stepper must keep to the kernel rules of IGpuStepper<T>; see the ACA3xxx diagnostics).", e);
        }
    }

    private static string Entry(Regex pattern, string source, string target)
    {
        MatchCollection matches = pattern.Matches(source);
        if (matches.Count != 1)
            throw new KernelCompileException($"expected one entry point in the {target} ILGPU emitted, found {matches.Count}: is this ILGPU the pinned 1.5.3?");
        return matches[0].Groups[1].Value;
    }

    [GeneratedRegex(@"\bkernel\s+void\s+(\w+)\s*\(")]
    private static partial Regex ClEntry();

    [GeneratedRegex(@"\.entry\s+(\w+)\s*\(")]
    private static partial Regex PtxEntry();

    private static Type NumberType(Type stepper)
    {
        Type? contract = stepper.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IGpuStepper<>));
        Type number = contract?.GetGenericArguments()[0]
            ?? throw new KernelCompileException($"{stepper.FullName} is not an IGpuStepper<T> (pass a generated {{System}}Ode.Gpu.<Tableau> struct).");
        return number == typeof(double) || number == typeof(float)
            ? number
            : throw new KernelCompileException($"{stepper.FullName} is an IGpuStepper<{number.Name}>: GPU ensembles run float and double.");
    }

    // The steppers' assemblies and their dependencies, resolved from the folders they were built into (this tool's
    // own AcaKernels.Gpu and ILGPU stay the ones loaded: the kernels must be this AcaKernels.Gpu's).
    private static Assembly[] Load(IReadOnlyList<string> paths)
    {
        string[] folders = paths.Select(p => Path.GetDirectoryName(p)!).Distinct().ToArray();
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            foreach (string folder in folders)
            {
                string candidate = Path.Combine(folder, name.Name + ".dll");
                if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
            }
            return null;
        };
        return paths.Select(AssemblyLoadContext.Default.LoadFromAssemblyPath).ToArray();
    }
}
