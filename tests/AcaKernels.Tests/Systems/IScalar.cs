namespace AcaKernels.Tests.Systems;

/// <summary>
/// The few operations a test system's right-hand side needs, so that it is written once
/// (<see cref="ITestSystem.Rhs{S}"/>) and evaluated over plain numbers (<see cref="Real"/>, <see cref="Real32"/>)
/// or over forward-mode dual numbers (<see cref="Reference.Dual"/>) for an independent derivative.
/// </summary>
/// <typeparam name="S">The implementing struct.</typeparam>
public interface IScalar<S> where S : unmanaged, IScalar<S>
{
    /// <summary>A constant: its derivative part, if any, is zero.</summary>
    static abstract S From(double value);

    /// <summary>Sum.</summary>
    static abstract S operator +(S a, S b);

    /// <summary>Difference.</summary>
    static abstract S operator -(S a, S b);

    /// <summary>Product.</summary>
    static abstract S operator *(S a, S b);

    /// <summary>Quotient.</summary>
    static abstract S operator /(S a, S b);

    /// <summary>Negation.</summary>
    static abstract S operator -(S a);

    /// <summary>eˣ.</summary>
    static abstract S Exp(S x);

    /// <summary>tanh x.</summary>
    static abstract S Tanh(S x);

    /// <summary>sin x.</summary>
    static abstract S Sin(S x);

    /// <summary>cos x.</summary>
    static abstract S Cos(S x);
}
