namespace AcaKernels.Tests.Support;

/// <summary>
/// Double-precision members of a system that implements <see cref="IOdeDynamics{T}"/> for both float and
/// double: under a constraint on both, <c>TSys.StateSize</c> is ambiguous, so generic tests go through here.
/// </summary>
public static class Dynamics64<TSys> where TSys : IOdeDynamics<double>
{
    /// <summary>n.</summary>
    public static int StateSize => TSys.StateSize;

    /// <summary>m.</summary>
    public static int ParameterSize => TSys.ParameterSize;

    /// <summary>f in double.</summary>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) =>
        TSys.Evaluate(t, z, p, dz);

    /// <summary>The VJP in double.</summary>
    public static double Vjp(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
        Span<double> gradZ, Span<double> gradP) => TSys.VectorJacobianProduct(t, z, p, v, gradZ, gradP);
}

/// <summary>The float counterpart of <see cref="Dynamics64{TSys}"/>.</summary>
public static class Dynamics32<TSys> where TSys : IOdeDynamics<float>
{
    /// <summary>n.</summary>
    public static int StateSize => TSys.StateSize;

    /// <summary>m.</summary>
    public static int ParameterSize => TSys.ParameterSize;

    /// <summary>f in float.</summary>
    public static void Evaluate(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, Span<float> dz) =>
        TSys.Evaluate(t, z, p, dz);

    /// <summary>The VJP in float.</summary>
    public static float Vjp(float t, ReadOnlySpan<float> z, ReadOnlySpan<float> p, ReadOnlySpan<float> v,
        Span<float> gradZ, Span<float> gradP) => TSys.VectorJacobianProduct(t, z, p, v, gradZ, gradP);
}
