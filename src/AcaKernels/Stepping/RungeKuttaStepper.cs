using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcaKernels.Stepping;

/// <summary>
/// The generic explicit Runge-Kutta step and its reverse-mode derivative, driven by a tableau. Fused kernels
/// generated for a dynamics type must reproduce exactly this arithmetic (same operations, same order), which
/// is spelled out on each method so the results are bit-identical.
/// </summary>
public static class RungeKuttaStepper<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>
    /// One trial step from (t, z) with step h. On entry <paramref name="stages"/>[0..n) holds k₀ = f(t, z).
    /// Writes stages kᵢ = f(t + cᵢh, yᵢ) into stages[i·n..], the new state into <paramref name="zNew"/>, and,
    /// for adaptive methods, error = h·Σ eᵢkᵢ (and error2 likewise for DOP853).
    /// </summary>
    /// <remarks>
    /// Arithmetic, per component j, in T: the weighted sums of <see cref="Tableaus.ButcherTableau"/>'s spec ("Arithmetic
    /// of the weighted sums"): S = w·k of the first nonzero weight, then S = fma(w_l, k_l[j], S) in ascending l;
    /// y_i[j] = fma(h, S, z[j]). Stage time (T)(t + c_i·h) computed in double. For FSAL tableaus zNew is the last
    /// stage's input; otherwise zNew[j] = fma(h, S, z[j]) with the same rule over b. error[j] = h·S over e.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TrialStep(RungeKuttaCoefficients<T> rk, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, Span<T> stages, Span<T> zNew, Span<T> error, Span<T> error2)
    {
        // Only this dispatch is inlined into the caller's loop; the generic path is a call of its own.
        if (!TDynamics.TryFusedTrialStep(rk.Tableau, t, h, z, p, stages, zNew, error, error2))
            GenericTrialStep(rk, t, h, z, p, stages, zNew, error, error2);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GenericTrialStep(RungeKuttaCoefficients<T> rk, double t, double h, ReadOnlySpan<T> z,
        ReadOnlySpan<T> p, Span<T> stages, Span<T> zNew, Span<T> error, Span<T> error2)
    {
        int n = z.Length, s = rk.Stages;
        CheckStages(stages.Length, s, n);
        T hT = T.CreateTruncating(h);
        for (int i = 1; i < s; i++)
        {
            Combine(rk.StageRows[i], stages, n, hT, z, zNew);
            TDynamics.Evaluate(T.CreateTruncating(t + rk.C[i] * h), zNew, p, stages.Slice(i * n, n));
        }
        if (!rk.Tableau.IsFsal)
            Combine(rk.BRow, stages, n, hT, z, zNew);
        if (rk.Error.Length != 0)
            Weighted(rk.ErrorRow, stages, n, hT, error);
        if (rk.Error2.Length != 0)
            Weighted(rk.Error2Row, stages, n, hT, error2);
    }

    /// <summary>
    /// Reverse mode through one whole step (the ACA backward of an accepted step). Replays the step from the
    /// checkpoint (t, h, z), then, given adjointOut = ∂L/∂zNew, writes adjointIn = ∂L/∂z and adds ∂L/∂p to
    /// gradP. h is a constant of the step (ACA does not differentiate the step-size controller).
    /// </summary>
    /// <returns>∂L/∂h and, through <paramref name="gradT"/>, ∂L/∂t of this step, when
    /// <paramref name="timeGradients"/> is set; zero otherwise.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T StepVjp(RungeKuttaCoefficients<T> rk, double t, double h, ReadOnlySpan<T> z, ReadOnlySpan<T> p,
        ReadOnlySpan<T> adjointOut, Span<T> adjointIn, Span<T> gradP, Span<T> scratch, bool timeGradients, out T gradT)
    {
        // A fused kernel when the type has one for this tableau (the time terms have a kernel of their own, so the
        // steps that need them stay fused too); both are bit-identical to StepVjpCore below.
        if (timeGradients)
        {
            if (TDynamics.TryFusedStepVjpWithTime(rk.Tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch, out T gradH, out gradT))
                return gradH;
        }
        else if (TDynamics.TryFusedStepVjp(rk.Tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch))
        {
            gradT = T.Zero;
            return T.Zero;
        }
        return StepVjpCore(rk, t, h, z, p, ReadOnlySpan<T>.Empty, adjointOut, ReadOnlySpan<T>.Empty, ReadOnlySpan<T>.Empty,
            adjointIn, gradP, scratch, timeGradients, out gradT);
    }

    /// <summary>
    /// <see cref="StepVjp"/> that also pulls back seeds on the error estimates (error = h·Σ eᵢkᵢ) and can take the
    /// stages from a tape instead of re-evaluating f: the naive method's reverse of a trial step. storedStages
    /// holds the trial's stages kᵢ (s·n), or is empty to replay them; errorBar and error2Bar may be empty.
    /// </summary>
    public static T TrialStepVjp(RungeKuttaCoefficients<T> rk, double t, double h, ReadOnlySpan<T> z, ReadOnlySpan<T> p,
        ReadOnlySpan<T> storedStages, ReadOnlySpan<T> adjointOut, ReadOnlySpan<T> errorBar, ReadOnlySpan<T> error2Bar,
        Span<T> adjointIn, Span<T> gradP, Span<T> scratch, out T gradT) =>
        StepVjpCore(rk, t, h, z, p, storedStages, adjointOut, errorBar, error2Bar, adjointIn, gradP, scratch, true, out gradT);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T StepVjpCore(RungeKuttaCoefficients<T> rk, double t, double h, ReadOnlySpan<T> z, ReadOnlySpan<T> p,
        ReadOnlySpan<T> storedStages, ReadOnlySpan<T> adjointOut, ReadOnlySpan<T> errorBar, ReadOnlySpan<T> error2Bar,
        Span<T> adjointIn, Span<T> gradP, Span<T> scratch, bool timeGradients, out T gradT)
    {
        gradT = T.Zero;
        int n = z.Length, s = rk.Stages;
        T hT = T.CreateTruncating(h);
        Span<T> inputs = scratch.Slice(0, s * n);           // yᵢ
        Span<T> stages = scratch.Slice(s * n, s * n);       // kᵢ
        Span<T> stageBars = scratch.Slice(2 * s * n, s * n); // ∂L/∂kᵢ
        Span<T> inputBar = scratch.Slice(3 * s * n, n);      // ∂L/∂yᵢ

        // Replay (or rebuild the stage inputs from taped stages: the same arithmetic, no evaluation of f).
        z.CopyTo(inputs.Slice(0, n));
        if (storedStages.IsEmpty)
            TDynamics.Evaluate(T.CreateTruncating(t), z, p, stages.Slice(0, n));
        else
            storedStages.CopyTo(stages);
        for (int i = 1; i < s; i++)
        {
            Span<T> y = inputs.Slice(i * n, n);
            Combine(rk.StageRows[i], stages, n, hT, z, y);
            if (storedStages.IsEmpty)
                TDynamics.Evaluate(T.CreateTruncating(t + rk.C[i] * h), y, p, stages.Slice(i * n, n));
        }

        // Reverse. zNew = z + h·Σ bᵢkᵢ (for FSAL the last stage's input is the same function of z);
        // error = h·Σ eᵢkᵢ, error2 = h·Σ e2ᵢkᵢ.
        T gradH = T.Zero;
        adjointOut.CopyTo(adjointIn);
        for (int i = 0; i < s; i++)
        {
            T hb = hT * rk.B[i];
            Span<T> kb = stageBars.Slice(i * n, n);
            for (int j = 0; j < n; j++) kb[j] = hb * adjointOut[j];
            if (timeGradients && rk.B[i] != T.Zero)
                gradH = T.FusedMultiplyAdd(rk.B[i], Dot(adjointOut, stages.Slice(i * n, n)), gradH);
        }
        SeedError(rk.Error, errorBar, stages, stageBars, n, hT, ref gradH);
        SeedError(rk.Error2, error2Bar, stages, stageBars, n, hT, ref gradH);

        bool anyErrorSeed = !errorBar.IsEmpty || !error2Bar.IsEmpty;
        for (int i = s - 1; i >= 0; i--)
        {
            if (!rk.StageInfluencesOutput[i] && !anyErrorSeed) continue;
            inputBar.Clear();
            T stageTimeBar = TDynamics.VectorJacobianProduct(T.CreateTruncating(t + rk.C[i] * h),
                inputs.Slice(i * n, n), p, stageBars.Slice(i * n, n), inputBar, gradP);
            for (int j = 0; j < n; j++) adjointIn[j] += inputBar[j];
            SparseRow<T> row = rk.StageRows[i];
            for (int q = 0; q < row.Count; q++)
            {
                int l = row.Columns[q];
                T a = row.Weights[q];
                T ha = hT * a;
                Span<T> kb = stageBars.Slice(l * n, n);
                for (int j = 0; j < n; j++) kb[j] = T.FusedMultiplyAdd(ha, inputBar[j], kb[j]);
                if (timeGradients) gradH = T.FusedMultiplyAdd(a, Dot(inputBar, stages.Slice(l * n, n)), gradH);
            }
            if (timeGradients)
            {
                gradT += stageTimeBar;
                gradH = T.FusedMultiplyAdd(T.CreateTruncating(rk.C[i]), stageTimeBar, gradH);
            }
        }
        return gradH;
    }

    /// <summary>Pulls a seed on error = h·Σ wᵢkᵢ back onto the stages and h.</summary>
    private static void SeedError(ReadOnlySpan<T> w, ReadOnlySpan<T> errorBar, ReadOnlySpan<T> stages, Span<T> stageBars,
        int n, T h, ref T gradH)
    {
        if (errorBar.IsEmpty || w.IsEmpty) return;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == T.Zero) continue;
            T hw = h * w[i];
            Span<T> kb = stageBars.Slice(i * n, n);
            for (int j = 0; j < n; j++) kb[j] = T.FusedMultiplyAdd(hw, errorBar[j], kb[j]);
            gradH = T.FusedMultiplyAdd(w[i], Dot(errorBar, stages.Slice(i * n, n)), gradH);
        }
    }

    /// <summary>Rebuilds zNew, error and error2 of a trial from its stages (no evaluation of f).</summary>
    public static void Rebuild(RungeKuttaCoefficients<T> rk, double h, ReadOnlySpan<T> z, ReadOnlySpan<T> stages,
        Span<T> zNew, Span<T> error, Span<T> error2)
    {
        int n = z.Length;
        CheckStages(stages.Length, rk.Stages, n);
        T hT = T.CreateTruncating(h);
        Combine(rk.BRow, stages, n, hT, z, zNew);
        if (rk.Error.Length != 0) Weighted(rk.ErrorRow, stages, n, hT, error);
        if (rk.Error2.Length != 0) Weighted(rk.Error2Row, stages, n, hT, error2);
    }

    /// <summary>y[j] = fma(h, S, z[j]) with S = Σ_l w_l·k_l[j] over nonzero w_l, fused in ascending l (the spec on
    /// <see cref="Tableaus.ButcherTableau"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Combine(SparseRow<T> w, ReadOnlySpan<T> stages, int n, T h, ReadOnlySpan<T> z, Span<T> y) =>
        Accumulate(w, stages, n, h, z, y, addState: true);

    /// <summary>y[j] = h·S with S = Σ_l w_l·k_l[j] over nonzero w_l, fused in ascending l.</summary>
    private static void Weighted(SparseRow<T> w, ReadOnlySpan<T> stages, int n, T h, Span<T> y) =>
        Accumulate(w, stages, n, h, ReadOnlySpan<T>.Empty, y, addState: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(SparseRow<T> w, ReadOnlySpan<T> stages, int n, T h, ReadOnlySpan<T> z, Span<T> y, bool addState)
    {
        // Bounds were checked once by the public entry points; the inner loop indexes without checks.
        ref T k = ref MemoryMarshal.GetReference(stages);
        ref int columns = ref MemoryMarshal.GetReference(w.Columns);
        ref T weights = ref MemoryMarshal.GetReference(w.Weights);
        int count = w.Count;
        for (int j = 0; j < n; j++)
        {
            // S starts at the first nonzero term's product (no 0 +), every later term is one fused multiply-add.
            T acc = count == 0 ? T.Zero : weights * Unsafe.Add(ref k, columns * n + j);
            for (int l = 1; l < count; l++)
                acc = T.FusedMultiplyAdd(Unsafe.Add(ref weights, l), Unsafe.Add(ref k, Unsafe.Add(ref columns, l) * n + j), acc);
            y[j] = addState ? T.FusedMultiplyAdd(h, acc, z[j]) : h * acc;
        }
    }

    private static void CheckStages(int length, int s, int n)
    {
        if (length < s * n) ThrowStagesTooShort(length, s, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStagesTooShort(int length, int s, int n) =>
        throw new ArgumentException($"The stage buffer holds {length} values; {s} stages of size {n} need {s * n}.", "stages");

    /// <summary>aᵀb: a₀b₀, then fma(a_j, b_j, sum) in ascending j (0 for empty spans).</summary>
    private static T Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        if (a.Length == 0) return T.Zero;
        T sum = a[0] * b[0];
        for (int j = 1; j < a.Length; j++) sum = T.FusedMultiplyAdd(a[j], b[j], sum);
        return sum;
    }
}
