using AcaKernels.Control;
using AcaKernels.Solving;
using AcaKernels.Tableaus;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Reference;

/// <summary>
/// The whole adaptive solve over <see cref="Dual"/> numbers, written from the documented algorithm (trial step,
/// scaled error norm, PI controller with its clamps and floor, steps clipped to output times, a clipped step's
/// proposal restored when the controller asks for less), independently of the engine's integrator and of the
/// naive method's hand-written reverse pass. Seeding z₀, θ, t₀ or t_end gives the exact directional derivative of
/// the computed solve with its discrete decisions frozen and the starting step held constant: the naive
/// method's map, and so its reference.
/// </summary>
/// <remarks>Allocates freely: a test oracle. Decisions are taken on the values, which are the engine's bit for
/// bit (same operations in the same order), so both take the same trials; the tests check the counts.</remarks>
public static class DualAdaptiveSolver
{
    /// <summary>Outputs (flat, like the solver's), their tangents, and the number of accepted and rejected trials.</summary>
    public sealed record Result(double[] Outputs, double[] Tangents, int Accepted, int Rejected);

    /// <summary>
    /// Solves with <paramref name="options"/> (scalar tolerances) from the constant starting step magnitude
    /// <paramref name="initialStep"/>, seeding z₀, θ, t₀ and t_end with the given tangents.
    /// </summary>
    public static Result Solve<TSys>(OdeOptions options, ReadOnlySpan<double> times, ReadOnlySpan<double> z0,
        ReadOnlySpan<double> p, double initialStep, ReadOnlySpan<double> dz0, ReadOnlySpan<double> dp, double dt0, double dtEnd)
        where TSys : ITestSystem
    {
        ButcherTableau tableau = ButcherTableaus.Get(options.Method);
        StepSizeController control = options.Controller;
        int n = z0.Length, last = times.Length - 1, k = tableau.ErrorOrder + 1;
        bool adaptive = options.IsAdaptive, dop853 = tableau.Error2 is not null;
        double direction = times[last] > times[0] ? 1 : -1;
        Dual[] z = Dual.Seed(z0, dz0), pd = Dual.Seed(p, dp);
        var zNew = new Dual[n];
        var error = new Dual[adaptive ? n : 0];
        var error2 = new Dual[adaptive && dop853 ? n : 0];
        var outputs = new double[times.Length * n];
        var tangents = new double[times.Length * n];
        Write(z, outputs, tangents, 0);

        var t = new Dual(times[0], dt0);
        Dual h = Dual.From(direction * Math.Clamp(initialStep, options.MinStep, options.MaxStep));
        Dual logPrevious = Dual.From(0); // log of the PI controller's memory, 1 before the first step
        double logFloor = Math.Log(StepSizeController.PreviousErrorFloor);
        int accepted = 0, rejected = 0;
        for (int output = 1; output <= last; output++)
        {
            var tOut = new Dual(times[output], output == last ? dtEnd : 0);
            while (true)
            {
                if (accepted + rejected >= options.MaxSteps) throw new InvalidOperationException("Too many trials.");
                Dual hTry = h;
                // StepRule's clip: reaching tOut, or ending short of it by at most EndSlack·|h| (rounding).
                bool clipped = direction * (t.Value + hTry.Value - tOut.Value) >= -1e-4 * Math.Abs(hTry.Value);
                if (clipped) hTry = tOut - t;
                DualRungeKutta.Step<TSys>(tableau, t, hTry, z, pd, zNew, error, error2);

                Dual factor = Dual.From(1);
                if (adaptive)
                {
                    Dual err = dop853 ? Dop853Norm(error, error2, z, zNew, options) : RmsNorm(error, z, zNew, options);
                    if (!(err.Value <= 1))
                    {
                        rejected++;
                        // h ← h·clamp(safety·err^(−1/k), minFactor, 1); a non-finite error shrinks by minFactor.
                        Dual shrink = double.IsFinite(err.Value)
                            ? Clamp(Dual.From(control.Safety) * Dual.Pow(err, -1.0 / k), control.MinFactor, 1.0)
                            : Dual.From(control.MinFactor);
                        h = hTry * shrink;
                        continue;
                    }
                    // safety·exp((β₂·log err_prev − β₁·log err)/k), clamped; the memory is floored.
                    Dual logError = Dual.Log(err);
                    factor = err.Value == 0 ? Dual.From(control.MaxFactor)
                        : Clamp(Dual.From(control.Safety) * Dual.Exp((Dual.From(control.Beta2) * logPrevious
                            - Dual.From(control.Beta1) * logError) / Dual.From(k)), control.MinFactor, control.MaxFactor);
                    logPrevious = logError.Value > logFloor ? logError : Dual.From(logFloor);
                }
                accepted++;
                (z, zNew) = (zNew, z);
                t = clipped ? tOut : t + hTry;
                if (adaptive)
                {
                    Dual hNext = hTry * factor;
                    if (clipped && Math.Abs(hNext.Value) < Math.Abs(h.Value)) hNext = h;
                    h = Dual.From(direction) * Clamp(Dual.Abs(hNext), options.MinStep, options.MaxStep);
                }
                if (clipped)
                {
                    Write(z, outputs, tangents, output);
                    break;
                }
            }
        }
        return new Result(outputs, tangents, accepted, rejected);
    }

    /// <summary>√(Σ (errorⱼ/scⱼ)² / n), scⱼ = atol + rtol·max(|zⱼ|, |zNewⱼ|).</summary>
    private static Dual RmsNorm(Dual[] error, Dual[] z, Dual[] zNew, OdeOptions options)
    {
        Dual sum = Dual.From(0);
        for (int j = 0; j < error.Length; j++)
        {
            Dual r = error[j] / Scale(z[j], zNew[j], options);
            sum += r * r;
        }
        return Dual.Sqrt(sum / Dual.From(error.Length));
    }

    /// <summary>DOP853's combined norm E₅ / √(n·(E₅ + 0.01·E₃)).</summary>
    private static Dual Dop853Norm(Dual[] error5, Dual[] error3, Dual[] z, Dual[] zNew, OdeOptions options)
    {
        Dual e5 = Dual.From(0), e3 = Dual.From(0);
        for (int j = 0; j < error5.Length; j++)
        {
            Dual sc = Scale(z[j], zNew[j], options);
            Dual r5 = error5[j] / sc, r3 = error3[j] / sc;
            e5 += r5 * r5;
            e3 += r3 * r3;
        }
        Dual denominator = e5 + Dual.From(0.01) * e3;
        if (denominator.Value <= 0) denominator = Dual.From(1);
        return e5 / Dual.Sqrt(Dual.From(error5.Length) * denominator);
    }

    private static Dual Scale(Dual z, Dual zNew, OdeOptions options)
    {
        Dual larger = Math.Abs(z.Value) >= Math.Abs(zNew.Value) ? Dual.Abs(z) : Dual.Abs(zNew);
        return Dual.From(options.AbsoluteTolerance) + Dual.From(options.RelativeTolerance) * larger;
    }

    /// <summary>Math.Clamp on the value; a clamped result is a constant.</summary>
    private static Dual Clamp(Dual x, double min, double max) =>
        x.Value < min ? Dual.From(min) : x.Value > max ? Dual.From(max) : x;

    private static void Write(Dual[] z, double[] outputs, double[] tangents, int output)
    {
        for (int j = 0; j < z.Length; j++)
        {
            outputs[output * z.Length + j] = z[j].Value;
            tangents[output * z.Length + j] = z[j].Tangent;
        }
    }
}
