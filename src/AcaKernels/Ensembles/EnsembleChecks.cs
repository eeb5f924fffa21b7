using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Ensembles;

/// <summary>
/// Argument checks of an ensemble solve, run on the calling thread before any work starts. Every message names
/// the argument, the trajectory and the element, and says what was expected. Messages are built only when
/// throwing, so the checks allocate nothing.
/// </summary>
internal static class EnsembleChecks
{
    public static void Length(string name, long actual, long expected, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"{name} has length {actual}; expected {expected} ({what}).", name);
    }

    /// <summary>z₀ holds trajectories × n values; θ either m (shared, returned true) or trajectories × m.</summary>
    private static bool StateAndParameterLengths<T>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, int trajectories, int n, int m)
    {
        Length(nameof(z0), z0.Length, (long)trajectories * n, "trajectories × n");
        bool sharedP = p.Length != (long)trajectories * m;
        if (sharedP)
            Length(nameof(p), p.Length, m, "m for a θ shared by all trajectories, or trajectories × m for one θ each");
        return sharedP;
    }

    /// <summary>
    /// The argument checks of a solve with output times shared by all trajectories, in the order every solver makes
    /// them: z₀ and θ lengths, their finiteness when <paramref name="refuseNonFinite"/> (the CPU solver; the GPU ones let
    /// a non-finite z₀ or θ fail its own trajectory), the times, the output spans. Returns whether θ is shared.
    /// </summary>
    public static bool SolveArguments<T>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs,
        Span<SolveResult> results, int trajectories, int n, int m, bool refuseNonFinite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool sharedP = StatesAndParameters(z0, p, trajectories, n, m, refuseNonFinite);
        Times(times, -1);
        OutputLengths(outputs, results, (long)trajectories * times.Length, trajectories, n);
        return sharedP;
    }

    /// <summary>As the shared-times <see cref="SolveArguments{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, int, int, int, bool)"/>,
    /// with each trajectory's own output times (<see cref="PerTrajectoryTimes"/>): one output row per time.</summary>
    public static bool SolveArguments<T>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results, int trajectories, int n, int m, bool refuseNonFinite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool sharedP = StatesAndParameters(z0, p, trajectories, n, m, refuseNonFinite);
        PerTrajectoryTimes(times, timeOffsets, trajectories);
        OutputLengths(outputs, results, times.Length, trajectories, n);
        return sharedP;
    }

    private static bool StatesAndParameters<T>(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, int trajectories, int n, int m, bool refuseNonFinite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool sharedP = StateAndParameterLengths(z0, p, trajectories, n, m);
        if (refuseNonFinite)
        {
            Finite(nameof(z0), z0, n, shared: false, "initial states");
            Finite(nameof(p), p, Math.Max(m, 1), sharedP, "parameters");
        }
        return sharedP;
    }

    /// <summary>The output block holds <paramref name="rows"/> × n values and there is one result per trajectory (or none).</summary>
    private static void OutputLengths<T>(Span<T> outputs, Span<SolveResult> results, long rows, int trajectories, int n)
    {
        Length(nameof(outputs), outputs.Length, rows * n, "output rows (all trajectories' times) × n");
        ResultCount(nameof(results), results.Length, trajectories);
    }

    /// <summary>
    /// Per-trajectory results: one per trajectory, or none, when the caller wants the aggregate only (the returned
    /// <see cref="EnsembleResult"/>; a GPU solver then skips the host's pass over the trajectories and the copies only
    /// the results need).
    /// </summary>
    public static void ResultCount(string name, int actual, int trajectories)
    {
        if (actual != 0 && actual != trajectories)
            throw new ArgumentException(
                $"{name} has length {actual}; expected {trajectories} (one per trajectory) or 0 (no per-trajectory results: the returned aggregate only).",
                name);
    }

    /// <summary>
    /// A gradient call's spans: one result per trajectory, ∂L/∂z₀ rows, ∂L/∂θ summed (m, returned true) or per
    /// trajectory, seeds for the last solve's <paramref name="rows"/> output rows (unchecked when no solve ran: −1), no
    /// two of them overlapping.
    /// </summary>
    public static bool GradientLengths<T>(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP,
        Span<GradientResult> results, int trajectories, int n, int m, long rows)
    {
        ResultCount(nameof(results), results.Length, trajectories);
        Length(nameof(gradZ0), gradZ0.Length, (long)trajectories * n, "trajectories × n");
        bool sharedGradP = gradP.Length != (long)trajectories * m;
        if (sharedGradP)
            Length(nameof(gradP), gradP.Length, m, "m for the sum over trajectories, or trajectories × m for one row each");
        if (rows >= 0)
            Length(nameof(outputGradients), outputGradients.Length, rows * n, "output rows of the last solve × n, laid out like its outputs");
        if (gradZ0.Overlaps(gradP) || gradZ0.Overlaps(outputGradients) || gradP.Overlaps(outputGradients))
            throw new ArgumentException("gradZ0, gradP and outputGradients must not overlap.");
        return sharedGradP;
    }

    /// <summary>Every element finite; values laid out as trajectories × size (or one shared block).</summary>
    public static void Finite<T>(string name, ReadOnlySpan<T> values, int size, bool shared, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i])) ThrowNotFinite(name, i, size, shared, what, values[i]);
    }

    private static void ThrowNotFinite<T>(string name, int index, int size, bool shared, string what, T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string text = T.IsNaN(value) ? "NaN" : T.IsPositive(value) ? "+∞" : "-∞";
        string where = shared ? $"{name}[{index}] (shared by all trajectories)" : $"{name} of trajectory {index / size}, element {index % size},";
        throw new ArgumentException($"{where} is {text}: {what} must be finite.", name);
    }

    /// <summary>At least two finite, strictly monotone times; <paramref name="trajectory"/> names whose they are (−1: shared).</summary>
    public static void Times(ReadOnlySpan<double> times, int trajectory)
    {
        string Owner() => trajectory < 0 ? "times" : $"times of trajectory {trajectory}";
        if (times.Length < 2)
            throw new ArgumentException($"{Owner()} needs at least a start and an end time; got {times.Length}.", nameof(times));
        // Compare signs, never multiply spacings: (1e-170)·(1e-170) underflows to 0 and would reject valid times.
        bool increasing = times[1] > times[0];
        for (int k = 0; k < times.Length; k++)
        {
            if (!double.IsFinite(times[k]))
                throw new ArgumentException($"{Owner()}: element {k} = {times[k]} is not finite.", nameof(times));
            if (k > 0 && !(increasing ? times[k] > times[k - 1] : times[k] < times[k - 1]))
                throw new ArgumentException(
                    $"{Owner()} must be strictly increasing or strictly decreasing: element {k - 1} = {times[k - 1]:R}, element {k} = {times[k]:R}.",
                    nameof(times));
        }
    }

    /// <summary>Per-trajectory output times: the offsets (<see cref="Offsets"/>), then each trajectory's times
    /// (<see cref="Times"/>, named by trajectory).</summary>
    public static void PerTrajectoryTimes(ReadOnlySpan<double> times, ReadOnlySpan<int> offsets, int trajectories)
    {
        Offsets(offsets, trajectories, times.Length);
        for (int b = 0; b < trajectories; b++) Times(times[offsets[b]..offsets[b + 1]], b);
    }

    /// <summary>CSR offsets: B + 1 entries from 0 to times.Length, each trajectory with at least two times.</summary>
    public static void Offsets(ReadOnlySpan<int> offsets, int trajectories, int timeCount)
    {
        Length("timeOffsets", offsets.Length, trajectories + 1L, "trajectories + 1: trajectory b's times are times[timeOffsets[b] .. timeOffsets[b + 1])");
        if (offsets[0] != 0)
            throw new ArgumentException($"timeOffsets[0] is {offsets[0]}; it must be 0.", "timeOffsets");
        if (offsets[trajectories] != timeCount)
            throw new ArgumentException($"timeOffsets[{trajectories}] is {offsets[trajectories]}; it must be times.Length = {timeCount}.", "timeOffsets");
        for (int b = 0; b < trajectories; b++)
            if (offsets[b + 1] - offsets[b] < 2)
                throw new ArgumentException(
                    $"Trajectory {b} has {offsets[b + 1] - offsets[b]} output times (timeOffsets[{b}] = {offsets[b]}, timeOffsets[{b + 1}] = {offsets[b + 1]}); " +
                    "each trajectory needs at least a start and an end time.", "timeOffsets");
    }
}
