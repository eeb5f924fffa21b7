using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>Solves of the unknown-force variant's systems from the initial state, and the position error
/// between two solves.</summary>
public static class ForceSystem
{
    /// <summary>The states at <paramref name="times"/> (row k = z(times[k]), 18 numbers) of <typeparamref name="TDynamics"/>
    /// with parameters <paramref name="parameters"/>, by Dormand-Prince 5(4) at rtol = atol = <paramref name="tolerance"/>.</summary>
    /// <exception cref="OdeSolveException">The solve failed (a close encounter needed too many steps).</exception>
    public static double[] Solve<TDynamics>(IReadOnlyList<double> parameters, double[] times, double tolerance)
        where TDynamics : IOdeDynamics<double>
    {
        var solver = new OdeSolver<double, TDynamics>(new OdeOptions
        {
            RelativeTolerance = tolerance, AbsoluteTolerance = tolerance, Gradient = Gradients.GradientMethod.None,
        });
        var outputs = new double[times.Length * ThreeBodyDynamics.StateSize];
        solver.Solve([.. ThreeBodySystem.InitialState], [.. parameters], times, outputs).ThrowIfFailed();
        return outputs;
    }

    /// <summary>Root-mean-square position error between two solves over the rows whose times lie in (from, to]
    /// (from = −∞ when <paramref name="from"/> is null): √(mean over those rows and the 9 coordinates of Δr²).</summary>
    public static double RmsPositionError(double[] states, double[] truth, double[] times, double? from, double to)
    {
        const int Row = ThreeBodyDynamics.StateSize, Positions = ThreeBodySystem.PositionSize;
        double sum = 0;
        int count = 0;
        for (int k = 0; k < times.Length; k++)
        {
            if ((from is { } start && times[k] <= start) || times[k] > to) continue;
            for (int c = 0; c < Positions; c++)
            {
                double d = states[k * Row + c] - truth[k * Row + c];
                sum += d * d;
            }
            count += Positions;
        }
        if (count == 0) throw new ArgumentException($"no evaluation time lies in ({from}, {to}].");
        return Math.Sqrt(sum / count);
    }
}
