using ILGPU;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>
/// An indexable vector of doubles, so that each reference system's f and VJP are written once and run both inside
/// a kernel (over an <see cref="ArrayView{T}"/>) and in the CPU engine (over a span's pinned memory).
/// </summary>
public interface IVec
{
    double this[int i] { get; set; }
}

/// <summary>A kernel-side vector: an ArrayView.</summary>
public readonly struct ViewVec(ArrayView<double> view) : IVec
{
    private readonly ArrayView<double> _view = view;

    public double this[int i] { get => _view[i]; set => _view[i] = value; }
}

/// <summary>A CPU-side vector: a pointer into pinned span memory (valid inside the fixed block that made it).</summary>
public readonly unsafe struct PtrVec(double* pointer) : IVec
{
    private readonly double* _pointer = pointer;

    public double this[int i] { get => _pointer[i]; set => _pointer[i] = value; }
}
