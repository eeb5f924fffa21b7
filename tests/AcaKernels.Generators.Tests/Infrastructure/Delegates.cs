namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>f(t, z, p) → dz.</summary>
public delegate void EvaluateFn(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz);

/// <summary>vᵀJ: adds into gradZ, gradP; returns ∂/∂t.</summary>
public delegate double VjpFn(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
    Span<double> gradZ, Span<double> gradP);

/// <summary>Forward-mode tangent of f along (tDot, zDot, pDot), via dual numbers (array-based: called by reflection).</summary>
public delegate void TangentFn(double t, double tDot, double[] z, double[] zDot, double[] p, double[] pDot, double[] f, double[] fDot, double[] fMagnitude);
