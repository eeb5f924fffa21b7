using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// A float as an <see cref="IScalar{S}"/>. Same layout as float, so a span of floats is reinterpreted as a
/// span of <see cref="Real32"/> with <see cref="MemoryMarshal.Cast{TFrom, TTo}(Span{TFrom})"/>: no copy, no
/// allocation, and every operator inlines to the plain float operation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Real32(float value) : IScalar<Real32>
{
    /// <summary>The number.</summary>
    public readonly float Value = value;

    /// <inheritdoc/>
    public static Real32 From(double value) => new((float)value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real32 operator +(Real32 a, Real32 b) => new(a.Value + b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real32 operator -(Real32 a, Real32 b) => new(a.Value - b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real32 operator *(Real32 a, Real32 b) => new(a.Value * b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real32 operator /(Real32 a, Real32 b) => new(a.Value / b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real32 operator -(Real32 a) => new(-a.Value);

    /// <inheritdoc/>
    public static Real32 Exp(Real32 x) => new(MathF.Exp(x.Value));

    /// <inheritdoc/>
    public static Real32 Tanh(Real32 x) => new(MathF.Tanh(x.Value));

    /// <inheritdoc/>
    public static Real32 Sin(Real32 x) => new(MathF.Sin(x.Value));

    /// <inheritdoc/>
    public static Real32 Cos(Real32 x) => new(MathF.Cos(x.Value));

    /// <summary>Reinterprets floats as <see cref="Real32"/>s.</summary>
    public static ReadOnlySpan<Real32> Cast(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, Real32>(values);

    /// <summary>Reinterprets floats as <see cref="Real32"/>s.</summary>
    public static Span<Real32> Cast(Span<float> values) => MemoryMarshal.Cast<float, Real32>(values);
}
