using AcaKernels.Solving;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// The three-body configuration: initial positions and velocities, the true masses, and solves of
/// <see cref="ThreeBodyDynamics"/> from it at given output times.
/// </summary>
public static class ThreeBodySystem
{
    /// <summary>The masses that generate the observations, in solar masses.</summary>
    public static IReadOnlyList<double> TrueMasses { get; } = [1.1, 1.1, 0.9];

    /// <summary>z₀ = (r1, r2, r3, v1, v2, v3): r1 = (0, 0.2, 0), r2 = (0.5, 0, 0.5), r3 = (0, 0, 0.5),
    /// v1 = (0, 0.1, 0), v2 = (0, 0, 0.1), v3 = (0.1, 0, 0).</summary>
    public static IReadOnlyList<double> InitialState { get; } =
    [
        0, 0.2, 0, 0.5, 0, 0.5, 0, 0, 0.5,
        0, 0.1, 0, 0, 0, 0.1, 0.1, 0, 0,
    ];

    /// <summary>Number of position components (3 bodies × 3 coordinates); they lead each state row.</summary>
    public const int PositionSize = ThreeBodyDynamics.VelocityOffset;

    /// <summary><paramref name="count"/> equally spaced times from 0 to <paramref name="endTime"/>, both included.</summary>
    public static double[] Times(int count, double endTime)
    {
        if (count < 2) throw new ArgumentException($"need at least 2 output times (0 and the end), not {count}.", nameof(count));
        var times = new double[count];
        for (int k = 0; k < count; k++) times[k] = endTime * k / (count - 1);
        times[^1] = endTime;
        return times;
    }

    /// <summary>The states at <paramref name="times"/> (row k = z(times[k]), 18 numbers) for masses
    /// <paramref name="masses"/>, solved by Dormand-Prince 5(4) at rtol = atol = <paramref name="tolerance"/>.</summary>
    /// <exception cref="OdeSolveException">The solve failed (e.g. a close encounter needed too many steps).</exception>
    public static double[] Solve(IReadOnlyList<double> masses, double[] times, double tolerance)
    {
        var solver = new OdeSolver<double, ThreeBodyDynamics.RhsOde>(new OdeOptions
        {
            RelativeTolerance = tolerance, AbsoluteTolerance = tolerance, Gradient = Gradients.GradientMethod.None,
        });
        var outputs = new double[times.Length * ThreeBodyDynamics.StateSize];
        solver.Solve([.. InitialState], [.. masses], times, outputs).ThrowIfFailed();
        return outputs;
    }
}
