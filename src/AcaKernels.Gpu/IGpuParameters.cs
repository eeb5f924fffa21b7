using ILGPU;

namespace AcaKernels.Gpu;

/// <summary>
/// How an adaptive register kernel holds θ, and how it moves a θ-sized vector (the backward's ∂L/∂θ accumulator): in
/// fields (the generated <c>Gpu.RegisterParameters</c> of a straight-line system, θ in registers, every move unrolled
/// over the fields) or as a view (<see cref="GpuParameterView{T}"/>, for loop-form systems whose f indexes θ in loops,
/// where fields would be hundreds of registers and a variable index a switch over them).
/// </summary>
public interface IGpuParameters<T, TSelf>
    where T : unmanaged
    where TSelf : struct, IGpuParameters<T, TSelf>
{
    /// <summary>θ stored contiguously from <paramref name="source"/>[offset].</summary>
    static abstract TSelf Load(ArrayView<T> source, long offset);

    /// <summary>+0 in <paramref name="target"/>[0, length) (length: the stepper's m, which the field form knows itself).</summary>
    static abstract void Clear(ArrayView<T> target, int length);

    /// <summary><paramref name="source"/>[0, length) to <paramref name="target"/>[offset, offset + length).</summary>
    static abstract void Copy(ArrayView<T> source, ArrayView<T> target, long offset, int length);
}
