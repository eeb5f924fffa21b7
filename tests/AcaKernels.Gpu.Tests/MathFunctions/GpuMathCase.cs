using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace AcaKernels.Gpu.Tests.MathFunctions;

/// <summary>One <see cref="Kernels.GpuMath"/> function as a type: kernels are generic over it (ILGPU compiles a
/// static abstract call on a struct type argument; a delegate it cannot).</summary>
internal interface IGpuMathFunction
{
    /// <summary>The GpuMath function at (x, y); unary functions ignore y.</summary>
    static abstract double Apply(double x, double y);

    /// <summary>Its float overload.</summary>
    static abstract float Apply(float x, float y);
}

/// <summary>What the tests need of one function without knowing its type: its kernels, and OdeMath's scalar form
/// (the CPU kernels' function, the reference).</summary>
internal abstract class GpuMathCase(string name, Func<double, double, double> reference, Func<float, float, float> referenceSingle,
    MathDomain domain)
{
    public string Name => name;

    public MathDomain Domain => domain;

    public double Reference(double x, double y) => reference(x, y);

    public float Reference(float x, float y) => referenceSingle(x, y);

    /// <summary>The float64 kernel, for offline compiles.</summary>
    public abstract MethodInfo Kernel { get; }

    /// <summary>The float32 kernel, for offline compiles.</summary>
    public abstract MethodInfo KernelSingle { get; }

    /// <summary>r[i] = f(x[i], y[i]) on <paramref name="accelerator"/>.</summary>
    public abstract double[] Run(Accelerator accelerator, double[] x, double[] y);

    /// <inheritdoc cref="Run(Accelerator, double[], double[])"/>
    public abstract float[] Run(Accelerator accelerator, float[] x, float[] y);
}

/// <summary><see cref="GpuMathCase"/> for the function type <typeparamref name="TFunction"/>.</summary>
internal sealed class GpuMathCase<TFunction>(string name, Func<double, double, double> reference,
    Func<float, float, float> referenceSingle, MathDomain domain)
    : GpuMathCase(name, reference, referenceSingle, domain)
    where TFunction : struct, IGpuMathFunction
{
    public override MethodInfo Kernel => new Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(Apply).Method;

    public override MethodInfo KernelSingle => new Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(Apply).Method;

    private static void Apply(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> r) => r[i] = TFunction.Apply(x[i], y[i]);

    private static void Apply(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<float> r) => r[i] = TFunction.Apply(x[i], y[i]);

    public override double[] Run(Accelerator accelerator, double[] x, double[] y) => RunKernel<double>(accelerator, x, y,
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(Apply));

    public override float[] Run(Accelerator accelerator, float[] x, float[] y) => RunKernel<float>(accelerator, x, y,
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(Apply));

    private static T[] RunKernel<T>(Accelerator accelerator, T[] x, T[] y, Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>> kernel)
        where T : unmanaged
    {
        using MemoryBuffer1D<T, Stride1D.Dense> deviceX = accelerator.Allocate1D(x), deviceY = accelerator.Allocate1D(y);
        using MemoryBuffer1D<T, Stride1D.Dense> result = accelerator.Allocate1D<T>(x.Length);
        kernel(x.Length, deviceX.View, deviceY.View, result.View);
        accelerator.Synchronize();
        return result.GetAsArray1D();
    }
}
