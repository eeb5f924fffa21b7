using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// A double as an <see cref="IScalar{S}"/>. Same layout as double, so a span of doubles is reinterpreted as a
/// span of <see cref="Real"/> with <see cref="MemoryMarshal.Cast{TFrom, TTo}(Span{TFrom})"/>: no copy, no
/// allocation, and every operator inlines to the plain double operation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Real(double value) : IScalar<Real>
{
    /// <summary>The number.</summary>
    public readonly double Value = value;

    /// <inheritdoc/>
    public static Real From(double value) => new(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real operator +(Real a, Real b) => new(a.Value + b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real operator -(Real a, Real b) => new(a.Value - b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real operator *(Real a, Real b) => new(a.Value * b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real operator /(Real a, Real b) => new(a.Value / b.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Real operator -(Real a) => new(-a.Value);

    /// <inheritdoc/>
    public static Real Exp(Real x) => new(Math.Exp(x.Value));

    /// <inheritdoc/>
    public static Real Tanh(Real x) => new(Math.Tanh(x.Value));

    /// <inheritdoc/>
    public static Real Sin(Real x) => new(Math.Sin(x.Value));

    /// <inheritdoc/>
    public static Real Cos(Real x) => new(Math.Cos(x.Value));

    /// <summary>Reinterprets doubles as <see cref="Real"/>s.</summary>
    public static ReadOnlySpan<Real> Cast(ReadOnlySpan<double> values) => MemoryMarshal.Cast<double, Real>(values);

    /// <summary>Reinterprets doubles as <see cref="Real"/>s.</summary>
    public static Span<Real> Cast(Span<double> values) => MemoryMarshal.Cast<double, Real>(values);
}
