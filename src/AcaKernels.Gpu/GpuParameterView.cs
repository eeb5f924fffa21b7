using ILGPU;

namespace AcaKernels.Gpu;

/// <summary>
/// θ held as a view of the parameter buffer, for the register form of a loop-form system (see
/// <see cref="IGpuParameters{T, TSelf}"/>): the kernel keeps the state and the stages in registers and f reads θ from
/// device memory, as the view kernels do. The generated register trial step passes <see cref="View"/> to the view form.
/// </summary>
public struct GpuParameterView<T> : IGpuParameters<T, GpuParameterView<T>>
    where T : unmanaged
{
    /// <summary>θ from its first component on.</summary>
    public ArrayView<T> View;

    /// <inheritdoc/>
    public static GpuParameterView<T> Load(ArrayView<T> source, long offset) =>
        new() { View = source.SubView(offset, source.Length - offset) };

    /// <inheritdoc/>
    public static void Clear(ArrayView<T> target, int length)
    {
        for (int k = 0; k < length; k++) target[k] = default;
    }

    /// <inheritdoc/>
    public static void Copy(ArrayView<T> source, ArrayView<T> target, long offset, int length)
    {
        for (int k = 0; k < length; k++) target[offset + k] = source[k];
    }
}
