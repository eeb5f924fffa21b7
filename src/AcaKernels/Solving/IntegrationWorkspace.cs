using System.Numerics;
using AcaKernels.Stepping;

namespace AcaKernels.Solving;

/// <summary>
/// Every buffer one integration needs, allocated once for state size n, parameter size m and a method, and
/// reused by every solve: the current and trial state, the stages, the error estimates, the tolerance vectors
/// and the scratch of a step's vector-Jacobian product.
/// </summary>
internal sealed class IntegrationWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates the buffers.</summary>
    public IntegrationWorkspace(int stateSize, int parameterSize, OdeOptions options)
    {
        options.Validate<T>(stateSize);
        N = stateSize;
        M = parameterSize;
        Options = options;
        Rk = RungeKuttaCoefficients<T>.For(options.EffectiveTableau);
        int s = Rk.Stages;
        State = new T[stateSize];
        Trial = new T[stateSize];
        Stages = new T[s * stateSize];
        Error = new T[stateSize];
        Error2 = new T[stateSize];
        VjpScratch = new T[RungeKuttaStepperScratch.Length(s, stateSize)];
        AbsoluteTolerances = new double[stateSize];
        RelativeTolerances = new double[stateSize];
        for (int j = 0; j < stateSize; j++)
        {
            AbsoluteTolerances[j] = options.AbsoluteTolerances?[j] ?? options.AbsoluteTolerance;
            RelativeTolerances[j] = options.RelativeTolerances?[j] ?? options.RelativeTolerance;
        }
    }

    /// <summary>State size n.</summary>
    public int N { get; }

    /// <summary>Parameter size m.</summary>
    public int M { get; }

    /// <summary>The options the buffers were sized for.</summary>
    public OdeOptions Options { get; }

    /// <summary>The method's coefficients in T.</summary>
    public RungeKuttaCoefficients<T> Rk { get; }

    internal T[] State { get; }
    internal T[] Trial { get; }
    internal T[] Stages { get; }
    internal T[] Error { get; }
    internal T[] Error2 { get; }
    internal T[] VjpScratch { get; }
    internal double[] AbsoluteTolerances { get; }
    internal double[] RelativeTolerances { get; }

    /// <summary>Counters of the last solve and gradient.</summary>
    public SolverStatistics Statistics;
}
