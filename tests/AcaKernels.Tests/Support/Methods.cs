using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Support;

/// <summary>The Runge-Kutta methods as theory data, split by what their tableaus say (one list for every suite).</summary>
public static class Methods
{
    /// <summary>Methods with an embedded error estimate.</summary>
    public static TheoryData<RungeKuttaMethod> Adaptive => Where(adaptive: true);

    /// <summary>Methods that need <c>OdeOptions.FixedStep</c>.</summary>
    public static TheoryData<RungeKuttaMethod> FixedStep => Where(adaptive: false);

    private static TheoryData<RungeKuttaMethod> Where(bool adaptive) =>
        new(Enum.GetValues<RungeKuttaMethod>().Where(m => ButcherTableaus.Get(m).IsAdaptive == adaptive));
}
