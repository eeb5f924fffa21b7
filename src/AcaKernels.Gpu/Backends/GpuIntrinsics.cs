using System.Reflection;
using AcaKernels.Gpu.Kernels;
using ILGPU;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.IR;
using ILGPU.IR.Intrinsics;
using ILGPU.IR.Types;
using ILGPU.IR.Values;

namespace AcaKernels.Gpu.Backends;

/// <summary>
/// Registers the code ILGPU's OpenCL and PTX backends emit for <see cref="GpuMath.Fma(double, double, double)"/> (and
/// the float overload): OpenCL C's <c>fma</c> and PTX's <c>fma.rn</c>, both correctly rounded. Every
/// <see cref="Context"/> that compiles the ensemble kernels (at run time or offline) must be built with
/// <see cref="Register"/>, which also lets kernels read a system's constant tables (below).
/// </summary>
/// <remarks>ILGPU 1.5.3 keeps the intrinsic manager of a <see cref="Context.Builder"/> internal (its own
/// ILGPU.Algorithms reaches it through InternalsVisibleTo), so it is read by reflection here; the version is pinned
/// and a test compiles a kernel through it on OpenCL and PTX.</remarks>
public static class GpuIntrinsics
{
    /// <summary>Adds the fused multiply-add code generators to a context being built, and lets its kernels read
    /// <c>static readonly</c> arrays: a system's constant tables (the generator prints <c>Table[i]</c> as written).
    /// ILGPU then inlines the array's values into the kernel when it compiles it (<see cref="ArrayMode.InlineMutableStaticArrays"/>;
    /// by default it refuses the load), so an element changed after that compile is not seen by the kernel.</summary>
    public static Context.Builder Register(Context.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Arrays(ArrayMode.InlineMutableStaticArrays);
        PropertyInfo property = typeof(Context.Builder).GetProperty("IntrinsicManager", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                "ILGPU's Context.Builder has no IntrinsicManager property: this ILGPU version is not the pinned 1.5.3.");
        var manager = (IntrinsicImplementationManager)property.GetValue(builder)!;
        MethodInfo clGenerator = typeof(GpuIntrinsics).GetMethod(nameof(GenerateOpenCLFma), BindingFlags.Static | BindingFlags.NonPublic)!;
        MethodInfo ptxGenerator = typeof(GpuIntrinsics).GetMethod(nameof(GeneratePtxFma), BindingFlags.Static | BindingFlags.NonPublic)!;
        foreach (Type type in new[] { typeof(double), typeof(float) })
        {
            MethodInfo fma = typeof(GpuMath).GetMethod(nameof(GpuMath.Fma), [type, type, type])!;
            manager.RegisterMethod(fma, new CLIntrinsic(clGenerator, IntrinsicImplementationMode.GenerateCode));
            manager.RegisterMethod(fma, new PTXIntrinsic(ptxGenerator, IntrinsicImplementationMode.GenerateCode));
        }
        return builder;
    }

    private static void GenerateOpenCLFma(CLBackend backend, CLCodeGenerator codeGenerator, Value value)
    {
        var call = (MethodCall)value;
        var a = codeGenerator.Load(call[0]);
        var b = codeGenerator.Load(call[1]);
        var c = codeGenerator.Load(call[2]);
        var target = codeGenerator.Allocate(value);
        using var statement = codeGenerator.BeginStatement(target);
        statement.AppendCommand("fma");
        statement.BeginArguments();
        statement.AppendArgument(a);
        statement.AppendArgument(b);
        statement.AppendArgument(c);
        statement.EndArguments();
    }

    private static void GeneratePtxFma(PTXBackend backend, PTXCodeGenerator codeGenerator, Value value)
    {
        var call = (MethodCall)value;
        var a = codeGenerator.LoadPrimitive(call[0]);
        var b = codeGenerator.LoadPrimitive(call[1]);
        var c = codeGenerator.LoadPrimitive(call[2]);
        var target = codeGenerator.AllocateHardware(value);
        bool single = call.Type is PrimitiveType { BasicValueType: BasicValueType.Float32 };
        using var command = codeGenerator.BeginCommand(single ? "fma.rn.f32" : "fma.rn.f64", null);
        command.AppendArgument(target);
        command.AppendArgument(a);
        command.AppendArgument(b);
        command.AppendArgument(c);
    }
}
