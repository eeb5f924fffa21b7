using ILGPU;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>
/// An indexable vector, so that each reference system's f and VJP are written once and run both inside a kernel
/// (over an <see cref="ArrayView{T}"/>) and in the CPU engine (over a span's pinned memory).
/// </summary>
public interface IVec<T> where T : unmanaged
{
    T this[int i] { get; set; }
}

/// <summary>A kernel-side vector: an ArrayView.</summary>
public readonly struct ViewVec<T>(ArrayView<T> view) : IVec<T> where T : unmanaged
{
    private readonly ArrayView<T> _view = view;

    public T this[int i] { get => _view[i]; set => _view[i] = value; }
}

/// <summary>A CPU-side vector: a pointer into pinned span memory (valid inside the fixed block that made it).</summary>
public readonly unsafe struct PtrVec<T>(T* pointer) : IVec<T> where T : unmanaged
{
    private readonly T* _pointer = pointer;

    public T this[int i] { get => _pointer[i]; set => _pointer[i] = value; }
}
