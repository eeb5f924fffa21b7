using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Reference;

/// <summary>
/// An explicit Runge-Kutta step over <see cref="Dual"/> numbers, written independently of the engine's
/// stepper from the tableau's public arrays: y_i = z + h Σ_{l&lt;i} a_il k_l, k_i = f(t + c_i h, y_i, p),
/// z_new = z + h Σ b_i k_i, error = h Σ e_i k_i. Seeding z, p, t or h with tangents gives the exact directional
/// derivative of the discrete step, which is the reference for the stepper's VJP and for ACA's gradient.
/// </summary>
/// <remarks>Allocates freely: it is a test oracle, not a hot path.</remarks>
public static class DualRungeKutta
{
    /// <summary>One step of <paramref name="tableau"/> from (t, z) with step h.</summary>
    /// <param name="tableau">The method.</param>
    /// <param name="t">Start time, with its tangent.</param>
    /// <param name="h">Step, with its tangent.</param>
    /// <param name="z">Start state (length n).</param>
    /// <param name="p">Parameters.</param>
    /// <param name="zNew">Receives the new state (length n).</param>
    /// <param name="error">Receives h Σ eᵢkᵢ when not empty (needs an adaptive tableau).</param>
    /// <param name="error2">Receives h Σ e2ᵢkᵢ when not empty (needs a secondary estimate, i.e. DOP853).</param>
    public static void Step<TSys>(ButcherTableau tableau, Dual t, Dual h, ReadOnlySpan<Dual> z, ReadOnlySpan<Dual> p,
        Span<Dual> zNew, Span<Dual> error = default, Span<Dual> error2 = default) where TSys : ITestSystem
    {
        int n = z.Length, s = tableau.Stages;
        var k = new Dual[s * n];
        var y = new Dual[n];
        for (int i = 0; i < s; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Dual sum = Dual.From(0);
                for (int l = 0; l < i; l++)
                {
                    double a = tableau[i, l];
                    if (a != 0) sum += Dual.From(a) * k[l * n + j];
                }
                y[j] = z[j] + h * sum;
            }
            TSys.Rhs(t + Dual.From(tableau.C[i]) * h, y, p, k.AsSpan(i * n, n));
        }
        Combine(tableau.B, k, n, h, z, zNew);
        if (!error.IsEmpty)
            Combine(tableau.Error ?? throw new ArgumentException($"{tableau.Method} has no error estimate."), k, n, h, default, error);
        if (!error2.IsEmpty)
            Combine(tableau.Error2 ?? throw new ArgumentException($"{tableau.Method} has no secondary estimate."), k, n, h, default, error2);
    }

    /// <summary>
    /// Replays a sequence of steps (t_i, h_i), as the solver records its accepted steps, from z0 with the
    /// tangent direction (dz0, dp) and optional tangents of the step times and sizes, and returns every state and
    /// its tangent. Each step starts at the previous step's end state and at its own recorded time t_i.
    /// </summary>
    /// <param name="tableau">The method.</param>
    /// <param name="times">Start time t_i of each step.</param>
    /// <param name="steps">Size h_i of each step (same length as <paramref name="times"/>).</param>
    /// <param name="z0">Initial state.</param>
    /// <param name="p">Parameters.</param>
    /// <param name="dz0">Tangent of the initial state (empty: zero).</param>
    /// <param name="dp">Tangent of the parameters (empty: zero).</param>
    /// <param name="dt">Tangent of each t_i (empty: zero).</param>
    /// <param name="dh">Tangent of each h_i (empty: zero).</param>
    public static DualTrajectory Propagate<TSys>(ButcherTableau tableau, ReadOnlySpan<double> times,
        ReadOnlySpan<double> steps, ReadOnlySpan<double> z0, ReadOnlySpan<double> p, ReadOnlySpan<double> dz0,
        ReadOnlySpan<double> dp, ReadOnlySpan<double> dt = default, ReadOnlySpan<double> dh = default)
        where TSys : ITestSystem
    {
        int count = times.Length;
        if (steps.Length != count) throw new ArgumentException($"{steps.Length} steps for {count} times.", nameof(steps));
        if (!dt.IsEmpty && dt.Length != count) throw new ArgumentException($"{dt.Length} time tangents for {count} steps.", nameof(dt));
        if (!dh.IsEmpty && dh.Length != count) throw new ArgumentException($"{dh.Length} step tangents for {count} steps.", nameof(dh));
        Dual[] z = Dual.Seed(z0, dz0);
        Dual[] pd = Dual.Seed(p, dp);
        var zNew = new Dual[z.Length];
        var states = new double[count + 1][];
        var tangents = new double[count + 1][];
        states[0] = Dual.Values(z);
        tangents[0] = Dual.Tangents(z);
        for (int i = 0; i < count; i++)
        {
            var t = new Dual(times[i], dt.IsEmpty ? 0 : dt[i]);
            var h = new Dual(steps[i], dh.IsEmpty ? 0 : dh[i]);
            Step<TSys>(tableau, t, h, z, pd, zNew);
            (z, zNew) = (zNew, z);
            states[i + 1] = Dual.Values(z);
            tangents[i + 1] = Dual.Tangents(z);
        }
        return new DualTrajectory(states, tangents);
    }

    /// <inheritdoc cref="Propagate{TSys}(ButcherTableau, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static DualTrajectory Propagate<TSys>(RungeKuttaMethod method, ReadOnlySpan<double> times,
        ReadOnlySpan<double> steps, ReadOnlySpan<double> z0, ReadOnlySpan<double> p, ReadOnlySpan<double> dz0,
        ReadOnlySpan<double> dp, ReadOnlySpan<double> dt = default, ReadOnlySpan<double> dh = default)
        where TSys : ITestSystem =>
        Propagate<TSys>(ButcherTableaus.Get(method), times, steps, z0, p, dz0, dp, dt, dh);

    /// <summary>y[j] = z[j] + h Σ_l w_l k_l[j] (z empty: zero), over nonzero w_l in ascending l.</summary>
    private static void Combine(IReadOnlyList<double> w, Dual[] k, int n, Dual h, ReadOnlySpan<Dual> z, Span<Dual> y)
    {
        for (int j = 0; j < n; j++)
        {
            Dual sum = Dual.From(0);
            for (int l = 0; l < w.Count; l++)
                if (w[l] != 0) sum += Dual.From(w[l]) * k[l * n + j];
            y[j] = z.IsEmpty ? h * sum : z[j] + h * sum;
        }
    }
}
