using System.Reflection;

namespace AcaKernels.Generators.Tests.Gpu;

/// <summary>
/// Sources that put the GPU contract into an in-memory compilation: AcaKernels.Gpu's own IGpuStepper.cs,
/// IGpuRegisterStepper.cs, IGpuParameters.cs, GpuParameterView.cs and GpuMath.cs (the fused multiply-add the GPU form's step sums call; embedded from src/, so
/// the generated steppers are checked against the real contracts) and a stub of the ILGPU members they use
/// (ArrayView's indexer, Length and SubView, LocalMemory.Allocate, the IntrinsicImplementation attribute). Enough to
/// type-check the output.
/// </summary>
internal static class GpuContract
{
    private const string IlgpuStub = """
        namespace ILGPU
        {
            public readonly struct ArrayView<T> where T : unmanaged
            {
                private readonly T[] _items;
                public ArrayView(T[] items) => _items = items;
                public ref T this[int index] => ref _items[index];
                public ref T this[long index] => ref _items[index];
                public long Length => _items.Length;
                public ArrayView<T> SubView(int index, int subViewLength) => this;
                public ArrayView<T> SubView(long index, long subViewLength) => this;
            }

            public static class LocalMemory
            {
                public static ArrayView<T> Allocate<T>(int extent) where T : unmanaged => new(new T[extent]);
            }
        }

        namespace ILGPU.IR.Intrinsics
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class IntrinsicImplementationAttribute : System.Attribute { }
        }
        """;

    /// <summary>The contracts (IGpuStepper.cs, IGpuRegisterStepper.cs, IGpuParameters.cs, GpuParameterView.cs), GpuMath.cs and
    /// the ILGPU stub, as six sources.</summary>
    public static string[] Sources() => [Resource("Gpu.IGpuStepper.cs"), Resource("Gpu.IGpuRegisterStepper.cs"), Resource("Gpu.IGpuParameters.cs"),
        Resource("Gpu.GpuParameterView.cs"), Resource("Gpu.GpuMath.cs"), IlgpuStub];

    private static string Resource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
