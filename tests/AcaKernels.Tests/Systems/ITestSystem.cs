namespace AcaKernels.Tests.Systems;

/// <summary>
/// A hand-written test system. Besides <see cref="IOdeDynamics{T}"/> for float and double (whose VJP is written
/// by hand and is what the tests check), it exposes its right-hand side once, generically over
/// <see cref="IScalar{S}"/>, so that references (dual numbers, finite differences) need no second copy of f.
/// </summary>
public interface ITestSystem
{
    /// <summary>A short name for messages.</summary>
    static abstract string Name { get; }

    /// <summary>A typical state (a fresh array on every call).</summary>
    static abstract double[] SampleState { get; }

    /// <summary>Typical parameters (a fresh array on every call); their order is documented on the type.</summary>
    static abstract double[] SampleParameters { get; }

    /// <summary>dz = f(t, z, p), the one definition of the system's right-hand side.</summary>
    static abstract void Rhs<S>(S t, ReadOnlySpan<S> z, ReadOnlySpan<S> p, Span<S> dz) where S : unmanaged, IScalar<S>;
}
