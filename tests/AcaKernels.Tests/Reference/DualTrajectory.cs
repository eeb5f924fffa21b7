namespace AcaKernels.Tests.Reference;

/// <summary>
/// The result of <see cref="DualRungeKutta.Propagate{TSys}(Tableaus.ButcherTableau, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>:
/// <c>States[0]</c> is z0 and <c>States[i + 1]</c> the state at the end of step i; <c>Tangents</c> likewise.
/// </summary>
public sealed class DualTrajectory(double[][] states, double[][] tangents)
{
    /// <summary>States: index 0 the initial state, index i + 1 the end of step i.</summary>
    public double[][] States { get; } = states;

    /// <summary>Directional derivatives of <see cref="States"/> along the seeded direction.</summary>
    public double[][] Tangents { get; } = tangents;

    /// <summary>Number of steps replayed.</summary>
    public int StepCount => States.Length - 1;

    /// <summary>The final state.</summary>
    public double[] Final => States[^1];

    /// <summary>The final tangent.</summary>
    public double[] FinalTangent => Tangents[^1];

    /// <summary>
    /// Σ_j w_j · tangent_j of the state after <paramref name="stepsTaken"/> steps: the tangent of a loss whose
    /// gradient with respect to that state is <paramref name="w"/>.
    /// </summary>
    public double TangentDot(int stepsTaken, ReadOnlySpan<double> w)
    {
        double[] tangent = Tangents[stepsTaken];
        if (w.Length != tangent.Length) throw new ArgumentException($"{w.Length} weights for state size {tangent.Length}.", nameof(w));
        double sum = 0;
        for (int j = 0; j < w.Length; j++) sum += w[j] * tangent[j];
        return sum;
    }
}
