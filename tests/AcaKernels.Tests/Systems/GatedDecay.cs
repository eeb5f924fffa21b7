namespace AcaKernels.Tests.Systems;

/// <summary>
/// dz/dt = −z (n = 1, no parameters) whose first evaluation after <see cref="Arm"/> blocks until
/// <see cref="Release"/> is set: it holds one thread inside a solve while a test makes a second call, with no
/// timing involved.
/// </summary>
/// <typeparam name="TOwner">The test class using it: each owner gets its own gate (static state per closed type),
/// so test classes that run in parallel never trip each other's.</typeparam>
public readonly struct GatedDecay<TOwner> : IOdeDynamics<double>
{
    private static int _armed;

    /// <summary>Set when an armed evaluation has started and is waiting.</summary>
    public static ManualResetEventSlim Entered { get; private set; } = new();

    /// <summary>Lets the waiting evaluation go on.</summary>
    public static ManualResetEventSlim Release { get; private set; } = new();

    public static int StateSize => 1;

    public static int ParameterSize => 0;

    /// <summary>Fresh gates, and the next evaluation (on any thread) stops at them.</summary>
    public static void Arm()
    {
        Entered = new ManualResetEventSlim();
        Release = new ManualResetEventSlim();
        Volatile.Write(ref _armed, 1);
    }

    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Entered.Set();
            Release.Wait();
        }
        dz[0] = -z[0];
    }

    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> v, Span<double> gradZ, Span<double> gradP)
    {
        gradZ[0] -= v[0];
        return 0;
    }
}
