using System.Runtime.Intrinsics;
using AcaKernels.Control;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Tolerances for the lane trial steps' RMS-norm sum of squares (TryLaneTrialStep's atol, rtol, sumOfSquares), a
/// different pair per component (a kernel that mixes components up fails), and the sum's reference lane by lane.
/// </summary>
internal static class LaneTolerances
{
    public static double[] Absolute(int n) => Enumerable.Range(0, n).Select(j => 1e-8 * (1 + j % 4)).ToArray();

    public static double[] Relative(int n) => Enumerable.Range(0, n).Select(j => 1e-6 / (1 + j % 3)).ToArray();

    /// <summary>Vector j holds <paramref name="values"/>[j] in every lane, as the lane engine broadcasts them.</summary>
    public static Vector512<double>[] Broadcast(double[] values) => values.Select(Vector512.Create).ToArray();

    /// <summary>Whether the trial step of <paramref name="tableau"/> writes the sum (one error estimate: the RMS norm's).</summary>
    public static bool WritesSum(Tableaus.ButcherTableau tableau) => tableau.Error is not null && tableau.Error2 is null;

    /// <summary>
    /// The sum of one lane in scalar doubles: ErrorNorm.SumOfSquaresAndLog's operations in its order (sum = 0, then
    /// sum += r·r, r = e / (atol + rtol·(a &gt; b ? a : b)), a = |z|, b = |zNew|, nothing fused), which are IEEE
    /// operations of the same bits lane by lane. The scalar integrator's ErrorNorm.Rms is the same sum, then √(Σ/n):
    /// <see cref="AssertLane"/> holds the kernel to that as well.
    /// </summary>
    public static double SumOfSquares(double[] error, double[] z, double[] zNew, double[] atol, double[] rtol)
    {
        double sum = 0;
        for (int j = 0; j < error.Length; j++)
        {
            double a = Math.Abs(z[j]), b = Math.Abs(zNew[j]);
            double r = error[j] / (atol[j] + rtol[j] * (a > b ? a : b));
            sum += r * r;
        }
        return sum;
    }

    /// <summary>The kernel's sum in <paramref name="lane"/> against the reference from that lane's error, z and zNew
    /// (as the kernel wrote them), and its norm √(Σ/n) against the scalar integrator's ErrorNorm.Rms.</summary>
    public static void AssertLane(Vector512<double> sum, Vector512<double>[] error, Vector512<double>[] z, Vector512<double>[] zNew, int lane,
        string what)
    {
        int n = error.Length;
        double[] e = LaneInputs.Lane(error, lane), zl = LaneInputs.Lane(z, lane), zNewL = LaneInputs.Lane(zNew, lane);
        double[] atol = Absolute(n), rtol = Relative(n);
        double expected = SumOfSquares(e, zl, zNewL, atol, rtol);
        LaneInputs.AssertSame([expected], [sum[lane]], what + " sum of squares");
        double norm = ErrorNorm.Rms<double>(e, zl, zNewL, atol, rtol);
        LaneInputs.AssertSame([norm], [Math.Sqrt(sum[lane] / n)], what + " √(Σ/n) against ErrorNorm.Rms");
    }
}
