using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// <typeparamref name="TSys"/> with a <see cref="IOdeDynamics{T}.TryFusedStepVjpWithTime"/> hook that counts its calls
/// (per thread) and answers through the generic stepper on <typeparamref name="TSys"/> (which has no hooks), so it
/// obeys the hook's contract by construction. Lets the tests check which backward steps take the hook and that the
/// gradients keep their bits.
/// </summary>
public readonly struct WithTimeTermHook<TSys> : IOdeDynamics<double> where TSys : IOdeDynamics<double>
{
    [ThreadStatic] private static int t_calls;

    /// <summary>Calls of the hook on this thread since the last <see cref="ResetCalls"/>.</summary>
    public static int Calls => t_calls;

    public static void ResetCalls() => t_calls = 0;

    /// <inheritdoc/>
    public static int StateSize => TSys.StateSize;

    /// <inheritdoc/>
    public static int ParameterSize => TSys.ParameterSize;

    /// <inheritdoc/>
    public static bool DependsOnTime => TSys.DependsOnTime;

    /// <inheritdoc/>
    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => TSys.Evaluate(t, z, p, dz);

    /// <inheritdoc/>
    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
        Span<double> gradZ, Span<double> gradP) => TSys.VectorJacobianProduct(t, z, p, v, gradZ, gradP);

    /// <inheritdoc/>
    public static bool TryFusedStepVjpWithTime(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
        ReadOnlySpan<double> adjointOut, Span<double> adjointIn, Span<double> gradP, Span<double> scratch, out double gradH, out double gradT)
    {
        t_calls++;
        gradH = RungeKuttaStepper<double, TSys>.StepVjp(RungeKuttaCoefficients<double>.For(tableau), t, h, z, p, adjointOut, adjointIn,
            gradP, scratch, timeGradients: true, out gradT);
        return true;
    }
}
