using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Control;

/// <summary>
/// Hairer's stiffness test for Dormand-Prince 5(4). After an accepted step, ρ = h·‖k₇ − k₆‖ / ‖z_new − g₆‖
/// (g₆ the input of stage 6, z_new that of stage 7; both stages sit at t + h) estimates h·|λ| for the
/// dominant eigenvalue λ of ∂f/∂z. The method's stability region reaches about 3.3 along the negative real
/// axis, so ρ &gt; 3.25 means the step size is held by stability, not accuracy. Fifteen such steps mark the
/// problem as stiff; six non-stiff steps in a row clear the count (so a lone non-stiff step in a stiff stretch,
/// as the controller hovers at the stability boundary, does not).
/// <para>The test runs on Hairer's schedule (<see cref="TestsStep"/>, <see cref="ScheduledLanes"/>): on every
/// interval-th accepted step (<see cref="OdeOptions.StiffnessTestInterval"/>, his NSTIFF, default 1000) and on every
/// step while a stiff stretch is open (a stiff step seen, six non-stiff ones in a row not yet). It never changes the
/// solve, only whether a solve stopped by a limit reports <see cref="OdeStatus.LikelyStiff"/>; the schedule spares the
/// ratio's sums on all other steps.</para>
/// </summary>
/// <remarks>Hairer and Wanner, <i>Solving Ordinary Differential Equations II</i>, §IV.2 ("Automatic stiffness
/// detection"); Hairer, Nørsett and Wanner, <i>Solving ODEs I</i>, §II.10 (the DOPRI5 code's test).
/// z_new − g₆ = h·Σⱼ (bⱼ − a₆ⱼ)·kⱼ, so ρ = ‖k₇ − k₆‖ / ‖Σⱼ (bⱼ − a₆ⱼ)·kⱼ‖: h cancels, and the difference
/// of two nearly equal states is never formed (it would lose digits in float).</remarks>
internal struct StiffnessDetector
{
    /// <summary>ρ above this is a step at the stability limit (DOPRI5's boundary is about 3.3).</summary>
    public const double Threshold = 3.25;

    /// <summary>
    /// 3.25² = 10.5625 (exact). For every double q, √q correctly rounded is &gt; <see cref="Threshold"/> exactly when
    /// q &gt; ThresholdSquared: √10.5625 = 3.25 exactly, √ of the next double up already rounds above 3.25 (its
    /// excess, 2⁻⁴⁹/6.5, is 0.62 ulp of 3.25), and a correctly rounded square root is monotonic. NaN fails both.
    /// </summary>
    public const double ThresholdSquared = Threshold * Threshold;

    /// <summary>Stiff steps (not interrupted by six non-stiff ones) that mark the problem as stiff.</summary>
    public const int StiffStepsToDetect = 15;

    /// <summary>Non-stiff steps in a row that clear the count.</summary>
    public const int NonStiffStepsToReset = 6;

    /// <summary>Hairer's NSTIFF: the test runs on every 1000th accepted step outside a stiff stretch.</summary>
    public const int DefaultTestInterval = 1000;

    private int _stiffSteps, _nonStiffInARow;

    /// <summary>True from the 15th stiff step until six non-stiff steps in a row.</summary>
    public bool Detected { readonly get; private set; }

    /// <summary>A detector in the given state (the lane engine keeps the three counters in vectors, see
    /// <see cref="ObserveLanes"/>, and builds one only when a trajectory stops).</summary>
    public static StiffnessDetector FromState(int stiffSteps, int nonStiffInARow, bool detected) =>
        new() { _stiffSteps = stiffSteps, _nonStiffInARow = nonStiffInARow, Detected = detected };

    /// <summary>
    /// <see cref="Observe"/> for the lanes of <paramref name="observe"/> (all bits set), the state held as three
    /// vectors (counts, and detected as all bits set); the same transitions lane by lane.
    /// </summary>
    public static void ObserveLanes(Vector512<double> rho, Vector512<long> observe, ref Vector512<long> stiffSteps,
        ref Vector512<long> nonStiffInARow, ref Vector512<long> detected) =>
        ObserveStiffLanes(Vector512.GreaterThan(rho, Vector512.Create(Threshold)).AsInt64(), observe, ref stiffSteps, ref nonStiffInARow,
            ref detected);

    /// <summary>
    /// <see cref="ObserveLanes(Vector512{double}, Vector512{long}, ref Vector512{long}, ref Vector512{long}, ref Vector512{long})"/>
    /// from ρ² (<see cref="SquaredRatio"/>): ρ² &gt; <see cref="ThresholdSquared"/> is the same decision as ρ &gt;
    /// <see cref="Threshold"/>, one square root fewer per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ObserveLanesSquared(Vector512<double> rhoSquared, Vector512<long> observe, ref Vector512<long> stiffSteps,
        ref Vector512<long> nonStiffInARow, ref Vector512<long> detected) =>
        ObserveStiffLanes(Vector512.GreaterThan(rhoSquared, Vector512.Create(ThresholdSquared)).AsInt64(), observe, ref stiffSteps,
            ref nonStiffInARow, ref detected);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ObserveStiffLanes(Vector512<long> stiff, Vector512<long> observe, ref Vector512<long> stiffSteps,
        ref Vector512<long> nonStiffInARow, ref Vector512<long> detected)
    {
        Vector512<long> stiffCount = stiffSteps + Vector512<long>.One, nonStiffCount = nonStiffInARow + Vector512<long>.One;
        Vector512<long> reset = ~stiff & Vector512.GreaterThanOrEqual(nonStiffCount, Vector512.Create((long)NonStiffStepsToReset));
        Vector512<long> newStiff = Vector512.ConditionalSelect(stiff, stiffCount, Vector512.ConditionalSelect(reset, Vector512<long>.Zero, stiffSteps));
        Vector512<long> newNonStiff = Vector512.ConditionalSelect(stiff, Vector512<long>.Zero, nonStiffCount);
        Vector512<long> newDetected = Vector512.ConditionalSelect(stiff,
            detected | Vector512.GreaterThanOrEqual(stiffCount, Vector512.Create((long)StiffStepsToDetect)),
            Vector512.ConditionalSelect(reset, Vector512<long>.Zero, detected));
        stiffSteps = Vector512.ConditionalSelect(observe, newStiff, stiffSteps);
        nonStiffInARow = Vector512.ConditionalSelect(observe, newNonStiff, nonStiffInARow);
        detected = Vector512.ConditionalSelect(observe, newDetected, detected);
    }

    /// <summary>Whether the test applies to <paramref name="tableau"/> with adaptive steps: only the built-in
    /// Dormand-Prince 5(4), whose stages 6 and 7 the test's formula assumes.</summary>
    public static bool AppliesTo(ButcherTableau tableau, bool adaptive) => adaptive && ReferenceEquals(tableau, DormandPrince5.Tableau);

    /// <summary>
    /// Whether the test runs on the accepted step that brings the count to <paramref name="acceptedSteps"/>: Hairer's
    /// DOPRI5 tests when that count is a multiple of <paramref name="testInterval"/> or while a stiff stretch is open
    /// (a stiff step counted and not yet cleared by six non-stiff ones). Once detected the stretch stays open, so a
    /// detection lasts until six non-stiff steps in a row clear it, as with a test on every step.
    /// </summary>
    public readonly bool TestsStep(int acceptedSteps, int testInterval) => _stiffSteps > 0 || acceptedSteps % testInterval == 0;

    /// <summary>
    /// <see cref="TestsStep"/> for eight lanes, without a division: each lane keeps a countdown to its next scheduled
    /// test (<paramref name="stepsToScheduledTest"/>, <paramref name="testInterval"/> at a trajectory's start, so it is
    /// always interval − accepted mod interval), which every accepted step (<paramref name="accepted"/>, all bits set)
    /// moves down by one and which starts again at the interval when it reaches 0. Returns the lanes whose step is
    /// tested (all bits set): those whose countdown ran out, and the accepted ones with a stiff stretch open.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> ScheduledLanes(Vector512<long> accepted, Vector512<long> stiffSteps, Vector512<long> testInterval,
        ref Vector512<long> stepsToScheduledTest)
    {
        // accepted is −1 in its lanes: the countdown falls by one there, and reaches 0 only there (it is ≥ 1 before).
        Vector512<long> countdown = stepsToScheduledTest + accepted;
        Vector512<long> due = Vector512.Equals(countdown, Vector512<long>.Zero);
        stepsToScheduledTest = Vector512.ConditionalSelect(due, testInterval, countdown);
        return due | (accepted & Vector512.GreaterThan(stiffSteps, Vector512<long>.Zero));
    }

    /// <summary>Feeds one accepted step's ratio ρ.</summary>
    public void Observe(double rho)
    {
        if (rho > Threshold)
        {
            _nonStiffInARow = 0;
            if (++_stiffSteps >= StiffStepsToDetect) Detected = true;
        }
        else if (++_nonStiffInARow >= NonStiffStepsToReset)
        {
            _stiffSteps = 0;
            Detected = false;
        }
    }

    /// <summary>
    /// ρ of a Dormand-Prince 5(4) step from its seven stages kⱼ (laid out stage after stage, n each); NaN
    /// when the denominator vanishes (no information, counts as not stiff).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Ratio<T>(ReadOnlySpan<T> stages, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<double> d = Differences;
        double numerator = 0, denominator = 0;
        for (int j = 0; j < n; j++)
        {
            double k0 = double.CreateTruncating(stages[j]), k1 = double.CreateTruncating(stages[n + j]);
            double k2 = double.CreateTruncating(stages[2 * n + j]), k3 = double.CreateTruncating(stages[3 * n + j]);
            double k4 = double.CreateTruncating(stages[4 * n + j]), k5 = double.CreateTruncating(stages[5 * n + j]);
            double difference = double.CreateTruncating(stages[6 * n + j]) - k5;
            double combination = d[0] * k0 + d[1] * k1 + d[2] * k2 + d[3] * k3 + d[4] * k4 + d[5] * k5;
            numerator += difference * difference;
            denominator += combination * combination;
        }
        return denominator > 0 ? Math.Sqrt(numerator / denominator) : double.NaN;
    }

    /// <summary>
    /// <see cref="Ratio{T}"/> for eight trajectories at once (stage l, component j in vector l·n + j), lane by lane
    /// the same bits: the same sums in the same order.
    /// </summary>
    public static Vector512<double> Ratio(ReadOnlySpan<Vector512<double>> stages, int n) => Vector512.Sqrt(SquaredRatio(stages, n));

    /// <summary>
    /// ρ² for eight trajectories at once: <see cref="Ratio(ReadOnlySpan{Vector512{double}}, int)"/> before its square
    /// root (the quotient it takes the root of, NaN where ρ is NaN). Compared with <see cref="ThresholdSquared"/> it
    /// decides as ρ does with <see cref="Threshold"/>, and spares the lane engine a 512-bit square root per step (the
    /// divider unit is busy with the error norm's and the controller's divisions then).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SquaredRatio(ReadOnlySpan<Vector512<double>> stages, int n)
    {
        RatioSums(stages, n, out Vector512<double> numerator, out Vector512<double> denominator);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(denominator, Vector512<double>.Zero), numerator / denominator,
            Vector512.Create(double.NaN));
    }

    /// <summary>ρ²'s numerator Σ(k₇ − k₆)² and denominator Σ(Σⱼ (bⱼ − a₆ⱼ)·kⱼ)² for eight trajectories, in
    /// <see cref="Ratio{T}"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RatioSums(ReadOnlySpan<Vector512<double>> stages, int n, out Vector512<double> numerator,
        out Vector512<double> denominator)
    {
        ReadOnlySpan<double> d = Differences;
        Vector512<double> d0 = Vector512.Create(d[0]), d1 = Vector512.Create(d[1]), d2 = Vector512.Create(d[2]);
        Vector512<double> d3 = Vector512.Create(d[3]), d4 = Vector512.Create(d[4]), d5 = Vector512.Create(d[5]);
        numerator = Vector512<double>.Zero;
        denominator = Vector512<double>.Zero;
        for (int j = 0; j < n; j++)
        {
            Vector512<double> k5 = stages[5 * n + j];
            Vector512<double> difference = stages[6 * n + j] - k5;
            Vector512<double> combination = d0 * stages[j] + d1 * stages[n + j] + d2 * stages[2 * n + j] + d3 * stages[3 * n + j]
                + d4 * stages[4 * n + j] + d5 * k5;
            numerator += difference * difference;
            denominator += combination * combination;
        }
    }

    /// <summary>
    /// <see cref="ObserveLanesSquared"/> of <see cref="SquaredRatio"/>, with the test ρ² &gt; <see cref="ThresholdSquared"/>
    /// decided without the division where the quotient is clearly on one side: numerator &gt; 10.6·denominator is
    /// stiff and numerator &lt; 10.5·denominator is not (<see cref="StiffLanes"/>), and only a step with a lane in
    /// between divides. The same decisions, so the same counters, one 512-bit division fewer on most steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ObserveLanesFromStages(ReadOnlySpan<Vector512<double>> stages, int n, Vector512<long> observe,
        ref Vector512<long> stiffSteps, ref Vector512<long> nonStiffInARow, ref Vector512<long> detected)
    {
        RatioSums(stages, n, out Vector512<double> numerator, out Vector512<double> denominator);
        ObserveStiffLanes(StiffLanes(numerator, denominator), observe, ref stiffSteps, ref nonStiffInARow, ref detected);
    }

    /// <summary>
    /// The lanes where fl(numerator / denominator) &gt; <see cref="ThresholdSquared"/> with denominator &gt; 0 (all bits set),
    /// as <see cref="SquaredRatio"/> then the threshold decide them. Where the denominator d is positive and 10.6·d
    /// and 10.5·d are finite: numerator &gt; fl(10.6·d) means a quotient above 10.6·(1 − 2⁻⁵³) (or, in the subnormal
    /// range, above 10.6·d by whole units of 2⁻¹⁰⁷⁴), beyond the midpoint 10.5625 + 2⁻⁵⁰ above which the quotient
    /// rounds past 10.5625; numerator &lt; fl(10.5·d) means a quotient below 10.5·(1 + 2⁻⁵³) &lt; 10.5625, which rounds
    /// to at most 10.5625. d ≤ 0 or NaN is never stiff (ρ is NaN). Any other lane (NaN or infinite numerator, products
    /// that overflow, a quotient in the band) sends the whole vector to the division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<long> StiffLanes(Vector512<double> numerator, Vector512<double> denominator)
    {
        Vector512<double> positive = Vector512.GreaterThan(denominator, Vector512<double>.Zero);
        Vector512<double> above = Vector512.Create(10.6) * denominator, below = Vector512.Create(10.5) * denominator;
        Vector512<double> finite = Vector512.LessThan(above, Vector512.Create(double.PositiveInfinity));
        Vector512<double> stiff = positive & finite & Vector512.GreaterThan(numerator, above);
        Vector512<double> notStiff = ~positive | (finite & Vector512.LessThan(numerator, below));
        if ((~(stiff | notStiff)).ExtractMostSignificantBits() == 0) return stiff.AsInt64();
        return Vector512.GreaterThan(Vector512.ConditionalSelect(positive, numerator / denominator, Vector512.Create(double.NaN)),
            Vector512.Create(ThresholdSquared)).AsInt64();
    }

    /// <summary>bⱼ − a₆ⱼ of Dormand-Prince 5(4), j = 0…5 (stage 6 is index 5; a₆₅ = 0 as A is strictly lower).</summary>
    private static readonly double[] Differences = BuildDifferences();

    private static double[] BuildDifferences()
    {
        ButcherTableau tableau = DormandPrince5.Tableau;
        const int Stage6 = 5;
        var d = new double[Stage6 + 1];
        for (int l = 0; l <= Stage6; l++) d[l] = tableau.B[l] - tableau[Stage6, l];
        return d;
    }
}
