namespace AcaKernels.Tests.Reference;

/// <summary>
/// ACA's discrete map of the end times onto the accepted steps, written from its definition with dual numbers:
/// steps keep their lengths except the one landing on each output time Tₖ, whose length is Tₖ − tᵢ; a step
/// starts where the previous one ended (t + h, or Tₖ after landing); interior output times are constants.
/// Seeding t₀ or t_end gives the tangent of every step's start time and length, which
/// <see cref="DualRungeKutta.Propagate{TSys}(Tableaus.RungeKuttaMethod, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>
/// then pushes through the stages.
/// </summary>
public static class AcaTimeMap
{
    /// <summary>
    /// Tangents (dt, dh) of each accepted step's start time and length when times[0] (<paramref name="seedStart"/>)
    /// or times[^1] moves at rate 1. Throws when the map does not reproduce the recorded steps bit for bit, since
    /// then it would not be the map of this solve.
    /// </summary>
    /// <param name="outputTimes">The requested times.</param>
    /// <param name="outputSteps">Steps taken before each output time (the checkpoint store's index).</param>
    /// <param name="stepTimes">Recorded start time of each accepted step.</param>
    /// <param name="steps">Recorded length of each accepted step.</param>
    /// <param name="seedStart">True to seed t₀, false to seed t_end.</param>
    public static (double[] Dt, double[] Dh) Tangents(ReadOnlySpan<double> outputTimes, ReadOnlySpan<int> outputSteps,
        ReadOnlySpan<double> stepTimes, ReadOnlySpan<double> steps, bool seedStart)
    {
        int count = steps.Length, last = outputTimes.Length - 1;
        var dt = new double[count];
        var dh = new double[count];
        var t = new Dual(outputTimes[0], seedStart ? 1 : 0);
        for (int k = 1; k <= last; k++)
        {
            var tOut = new Dual(outputTimes[k], !seedStart && k == last ? 1 : 0);
            for (int i = outputSteps[k - 1]; i < outputSteps[k]; i++)
            {
                bool lands = i == outputSteps[k] - 1;
                Dual h = lands ? tOut - t : Dual.From(steps[i]);
                if (t.Value != stepTimes[i] || h.Value != steps[i])
                    throw new InvalidOperationException(
                        $"Step {i}: the map gives (t, h) = ({t.Value:R}, {h.Value:R}); the solve recorded ({stepTimes[i]:R}, {steps[i]:R}).");
                dt[i] = t.Tangent;
                dh[i] = h.Tangent;
                t = lands ? tOut : t + h;
            }
        }
        return (dt, dh);
    }
}
