namespace AcaKernels;

/// <summary>
/// Marks a method <c>static void Name(T t, ReadOnlySpan&lt;T&gt; z, ReadOnlySpan&lt;T&gt; p, Span&lt;T&gt; dz)</c>
/// (T = float or double) in a partial type as the right-hand side of an ODE. The AcaKernels source generator
/// emits a nested struct <c>{Name}Ode</c> implementing <see cref="IOdeDynamics{T}"/>: the forward evaluation,
/// its reverse-mode vector-Jacobian product and fused Runge-Kutta step kernels.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OdeDynamicsAttribute : Attribute
{
    /// <summary>Declares the state size n and parameter size m.</summary>
    public OdeDynamicsAttribute(int stateSize, int parameterSize)
    {
        StateSize = stateSize;
        ParameterSize = parameterSize;
    }

    /// <summary>Number of state components n (length of z and dz).</summary>
    public int StateSize { get; }

    /// <summary>Number of parameters m (length of p).</summary>
    public int ParameterSize { get; }
}
