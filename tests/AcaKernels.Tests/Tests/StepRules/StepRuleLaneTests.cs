using System.Runtime.Intrinsics;
using AcaKernels.Control;
using AcaKernels.Tests.Ensembles;

namespace AcaKernels.Tests.StepRules;

/// <summary>
/// The step logic's two forms agree bit for bit lane by lane (the ensemble's lanes take the same steps as a single
/// solver), and the controller's own exp/log are accurate against Math's.
/// </summary>
public sealed class StepRuleLaneTests
{
    private const int Draws = 20_000; // 160,000 lanes per function: every exponent range and many mantissas

    /// <summary>Random doubles spread over many magnitudes: sign·10^u with u uniform in [lo, hi].</summary>
    private static double[] Magnitudes(Random random, int count, double lo, double hi, bool signed)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            double v = Math.Pow(10, lo + (hi - lo) * random.NextDouble());
            x[i] = signed && random.Next(2) == 0 ? -v : v;
        }
        return x;
    }

    private static void SameBits(ReadOnlySpan<double> x, Func<double, double> scalar, Func<Vector512<double>, Vector512<double>> lanes, string what)
    {
        for (int i = 0; i + 8 <= x.Length; i += 8)
        {
            Vector512<double> v = lanes(Vector512.Create(x.Slice(i, 8)));
            for (int l = 0; l < 8; l++)
            {
                double expected = scalar(x[i + l]), actual = v.GetElement(l);
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
                    Assert.Fail($"{what}({x[i + l]:R}): scalar {expected:R}, lane {l} {actual:R}.");
            }
        }
    }

    [Fact]
    public void Exp_LanesEqualScalarBitwise_AndMathWithinItsBound()
    {
        var random = new Random(8101);
        double[] x = new double[Draws * 8];
        for (int i = 0; i < x.Length; i++) x[i] = -708 + 1417 * random.NextDouble();
        for (int i = 0; i < 64; i++) x[i] = 1e-300 * (i - 32); // around 0, where r is tiny
        for (int i = 64; i < 8192; i++) x[i] = -50 + 100 * random.NextDouble(); // where a step factor's exponent lies
        SameBits(x, StepMath.Exp, StepMath.Exp, "Exp");
        // The reduction r = x − n·(ln2/16) uses ln2/16 rounded (≤ 3.5e-18 off): n·3.5e-18 ≤ 5.7e-14 at |x| = 709
        // (n ≤ 16 370), 4e-15 at |x| = 50; the degree-6 polynomial truncates at 4.4e-16; a few roundings of
        // 1.1e-16 each come on top. Hence 1e-13 over the whole domain and 1e-15 + |x|·1e-16 in general.
        foreach (double v in x)
        {
            double relative = Math.Abs(StepMath.Exp(v) / Math.Exp(v) - 1);
            Assert.True(relative < 1e-15 + Math.Abs(v) * 1e-16, $"Exp({v:R}) = {StepMath.Exp(v):R}, Math {Math.Exp(v):R}.");
        }
        // Outside [−708, 709] the argument is clamped: finite, never 0 or ∞ (a step factor is clamped anyway).
        Assert.Equal(Math.Exp(-708), StepMath.Exp(-1e6), 1e-13 * Math.Exp(-708));
        Assert.True(double.IsFinite(StepMath.Exp(1e6)));
    }

    [Fact]
    public void Log_LanesEqualScalarBitwise_AndMathWithinItsAbsoluteBound()
    {
        var random = new Random(8102);
        double[] x = Magnitudes(random, Draws * 8, -323, 308, signed: false);
        x[0] = 1.0;
        x[1] = 4.9e-324;
        x[2] = double.MaxValue;
        x[3] = StepSizeController.PreviousErrorFloor;
        for (int i = 8; i < 8192; i++) x[i] = 0.5 + 1.5 * random.NextDouble(); // around 1, where ln x → 0
        SameBits(x, StepMath.Log, StepMath.Log, "Log");
        foreach (double v in x)
        {
            double exact = Math.Log(v), got = StepMath.Log(v);
            // Absolute, because the controller's factor exp(−(β/k)·ln err) has relative error (β/k)·|Δ ln err|: the
            // polynomial truncates at 7e-17 (|r| ≤ 0.0304, next term r¹⁰/10), its roundings are ~1e-18, then e·ln 2
            // uses ln 2 rounded (2.3e-17 off, times |e| ≤ 1 075) and the final sums round at half an ulp of their
            // value (1.1e-16·|ln x|): 5e-16 + 3e-16·|ln x| with margin.
            Assert.True(Math.Abs(got - exact) <= 5e-16 + 3e-16 * Math.Abs(exact), $"Log({v:R}) = {got:R}, Math {exact:R}.");
        }
    }

    [Fact]
    public void Log_AtTheTableBoundariesAndOutsideItsDomain_LanesEqualScalarBitwise()
    {
        // The table index is the top 4 mantissa bits: every sixteenth of [1, 2) and its neighbours, in normal and
        // subnormal x (whose mantissa is renormalised first). For the inputs the contract leaves unspecified (0, −0,
        // negatives, ∞, NaN) the two forms still give the same bits, so a lane never differs from the scalar solver
        // whatever it is fed.
        var x = new List<double>();
        foreach (int exponent in new[] { -1074, -1060, -1030, -1022, -1021, -300, -60, -1, 0, 1, 60, 300, 1023 })
            for (long sixteenth = 0; sixteenth < 16; sixteenth++)
                for (long delta = -1; delta <= 1; delta++)
                    x.Add(Math.ScaleB(BitConverter.Int64BitsToDouble(0x3FF0_0000_0000_0000L + (sixteenth << 48) + delta), exponent));
        x.AddRange([0.0, -0.0, -1.0, -1e-310, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon,
            Math.BitDecrement(1.0), 1.0, Math.BitIncrement(1.0), Math.BitDecrement(2.0), 2.0, 0.5]);
        while (x.Count % 8 != 0) x.Add(1.0);
        SameBits(x.ToArray(), StepMath.Log, StepMath.Log, "Log");
    }

    [Fact]
    public void AcceptAndRejectFactors_MatchPowWithin1e14Relative()
    {
        // The factor is what the approximations feed: safety·err^(−β₁/k)·err_prev^(β₂/k) against Math.Pow. Errors
        // 1e-12 … 1e4 give exponents |x| ≤ 6: exp ≤ 1.6e-15, log ≤ 5e-16 + 3e-16·28 absolute times β/k ≤ 0.14, the fma
        // and the final products a few 1.1e-16 more: 1e-14 with margin (the last bits of a step factor have no meaning).
        var random = new Random(8108);
        foreach (int k in new[] { 2, 4, 5, 8 })
        {
            var gains = ControllerGains.Of(StepSizeController.ProportionalIntegral, k);
            for (int draw = 0; draw < 5000; draw++)
            {
                double error = Math.Pow(10, -12 + 16 * random.NextDouble()), previous = Math.Pow(10, -4 + 4 * random.NextDouble());
                double got = StepRule.UnclampedAcceptFactor(gains, StepMath.Log(error), StepMath.Log(previous));
                double want = gains.Safety * Math.Pow(error, -gains.Beta1 / k) * Math.Pow(previous, gains.Beta2 / k);
                Assert.True(Math.Abs(got / want - 1) < 1e-14, $"k = {k}, err {error:R}, prev {previous:R}: {got:R} vs {want:R}.");
                double reject = StepRule.UnclampedRejectFactor(gains, error);
                Assert.True(Math.Abs(reject / (gains.Safety * Math.Pow(error, -1.0 / k)) - 1) < 1e-14, $"reject, err {error:R}.");
            }
        }
    }

    [Fact]
    public void ControllerAndClipping_LanesEqualScalarBitwise()
    {
        var random = new Random(8103);
        var gains = ControllerGains.Of(StepSizeController.ProportionalIntegral, 5);
        double floor = ControllerGains.LogErrorFloor;
        for (int draw = 0; draw < Draws; draw++)
        {
            // Errors from 1e-12 to 1e4, with exact 0, 1, NaN and ∞ mixed in.
            double[] err = Magnitudes(random, 8, -12, 4, signed: false);
            if (draw % 7 == 0) err[draw % 8] = 0;
            if (draw % 11 == 0) err[(draw + 3) % 8] = 1.0;
            if (draw % 13 == 0) err[(draw + 5) % 8] = double.NaN;
            if (draw % 17 == 0) err[(draw + 6) % 8] = double.PositiveInfinity;
            double[] logPrev = Magnitudes(random, 8, -3, 1, signed: true);
            double[] t = Magnitudes(random, 8, -3, 9, signed: true);
            double[] h = Magnitudes(random, 8, -12, 0, signed: false);
            double[] direction = new double[8], tOut = new double[8], hPrev = new double[8];
            bool[] clippedIn = new bool[8];
            for (int l = 0; l < 8; l++)
            {
                direction[l] = random.Next(2) == 0 ? 1.0 : -1.0;
                h[l] *= direction[l];
                // Outputs just before, at and after t + h, so both branches of the clip are taken.
                tOut[l] = t[l] + h[l] * (0.5 + random.NextDouble());
                hPrev[l] = h[l] * (0.5 + random.NextDouble());
                clippedIn[l] = random.Next(2) == 0;
            }
            var vErr = Vector512.Create(err);
            Vector512<double> vLog = StepMath.Log(vErr);
            Vector512<double> vFactor = StepRule.AcceptFactor(gains, vErr, vLog, Vector512.Create(logPrev));
            Vector512<double> vFactorHoisted = StepRule.AcceptFactor(gains, Vector512.Create(-(gains.Beta1 / gains.K)),
                Vector512.Create(gains.Beta2 / gains.K), Vector512.Equals(vErr, Vector512<double>.Zero), vLog, Vector512.Create(logPrev));
            Bits.Equal(Elements(vFactor), Elements(vFactorHoisted), "AcceptFactor with the gains divided out once");
            Vector512<double> vNextLog = StepRule.NextLogPreviousError(vErr, vLog, Vector512.Create(floor));
            Vector512<double> vReject = StepRule.RejectFactor(gains, vErr);
            Vector512<double> vTry = StepRule.StepToTry(Vector512.Create(t), Vector512.Create(h), Vector512.Create(tOut),
                Vector512.Create(direction), out Vector512<double> vClipped);
            Vector512<double> vClippedIn = Vector512.Create(clippedIn.Select(c => c ? BitConverter.Int64BitsToDouble(-1) : 0.0).ToArray());
            Vector512<double> vNext = StepRule.NextStep(vTry, vFactor, vClippedIn, Vector512.Create(hPrev), Vector512.Create(direction),
                Vector512.Create(1e-10), Vector512.Create(0.5));
            Vector512<double> vShrunk = StepRule.ShrunkStep(gains, Vector512.Create(t), vTry, vErr, Vector512.Create(1e-10), out Vector512<double> vCan);
            Vector512<double> vAccept = StepRule.Accepts(vErr);
            Vector512<double> vFsal = StepRule.ReusesLastStage(true, Vector512.Create(t), vTry, Vector512.Create(tOut));
            for (int l = 0; l < 8; l++)
            {
                double logErr = StepMath.Log(err[l]);
                double factor = StepRule.AcceptFactor(gains, err[l], logErr, logPrev[l]);
                double hTry = StepRule.StepToTry(t[l], h[l], tOut[l], direction[l], out bool clipped);
                double shrunk = StepRule.ShrunkStep(gains, t[l], hTry, err[l], 1e-10, out bool can);
                Same(factor, vFactor, l, "AcceptFactor", err[l]);
                Same(StepRule.NextLogPreviousError(err[l], logErr, floor), vNextLog, l, "NextLogPreviousError", err[l]);
                Same(StepRule.RejectFactor(gains, err[l]), vReject, l, "RejectFactor", err[l]);
                Same(hTry, vTry, l, "StepToTry", t[l]);
                Same(StepRule.NextStep(hTry, factor, clippedIn[l], hPrev[l], direction[l], 1e-10, 0.5), vNext, l, "NextStep", err[l]);
                Same(shrunk, vShrunk, l, "ShrunkStep", err[l]);
                Assert.Equal(clipped, vClipped.AsInt64().GetElement(l) != 0);
                Assert.Equal(can, vCan.AsInt64().GetElement(l) != 0);
                Assert.Equal(StepRule.Accepts(err[l]), vAccept.AsInt64().GetElement(l) != 0);
                Assert.Equal(StepRule.ReusesLastStage(true, t[l], hTry, tOut[l]), vFsal.AsInt64().GetElement(l) != 0);
            }
        }
    }

    [Fact]
    public void ErrorNorms_LanesEqualScalarBitwise()
    {
        var random = new Random(8104);
        const int n = 5;
        double[] atol = [1e-8, 1e-6, 1e-9, 1e-8, 1e-3], rtol = [1e-6, 1e-6, 1e-4, 1e-8, 1e-6];
        for (int draw = 0; draw < 2000; draw++)
        {
            // SoA: [j·8 + lane].
            double[] e5 = Magnitudes(random, n * 8, -14, 0, true), e3 = Magnitudes(random, n * 8, -14, 0, true);
            double[] z = Magnitudes(random, n * 8, -6, 6, true), zNew = Magnitudes(random, n * 8, -6, 6, true);
            if (draw % 9 == 0) zNew[random.Next(n * 8)] = double.NaN;
            if (draw % 10 == 0) e5[random.Next(n * 8)] = double.PositiveInfinity;
            var v5 = Lanes(e5); var v3 = Lanes(e3); var vz = Lanes(z); var vzNew = Lanes(zNew);
            Vector512<double> rms = ErrorNorm.Rms(v5, vz, vzNew, atol, rtol);
            Vector512<double> rmsWithLog = ErrorNorm.RmsAndLog(v5, vz, vzNew, atol, rtol, out Vector512<double> logRms);
            // The lane engine's form, its constants prepared once: the same bits as the per-call form.
            Vector512<double> hoisted = ErrorNorm.RmsAndLog(v5, vz, vzNew, Broadcast(atol), Broadcast(rtol),
                Vector512.Create(ErrorNorm.MinusHalfLogLength(n)), out Vector512<double> hoistedLog);
            Bits.Equal(Elements(rmsWithLog), Elements(hoisted), $"RmsAndLog with hoisted constants, draw {draw}");
            Bits.Equal(Elements(logRms), Elements(hoistedLog), $"RmsAndLog's log with hoisted constants, draw {draw}");
            Vector512<double> dop = ErrorNorm.Dop853(v5, v3, vz, vzNew, atol, rtol);
            for (int l = 0; l < 8; l++)
            {
                double[] a = Lane(e5, l), b = Lane(e3, l), c = Lane(z, l), d = Lane(zNew, l);
                Same(ErrorNorm.Rms<double>(a, c, d, atol, rtol), rms, l, "Rms", draw);
                double scalarRms = ErrorNorm.RmsAndLog<double>(a, c, d, atol, rtol, out double scalarLog);
                Same(scalarRms, rmsWithLog, l, "RmsAndLog", draw);
                Same(scalarLog, logRms, l, "RmsAndLog's log", draw);
                Same(ErrorNorm.Rms<double>(a, c, d, atol, rtol), rmsWithLog, l, "RmsAndLog against Rms", draw);
                // ½·ln Σ − ½·ln n against ln of the norm: the two logs' bounds (5e-16 + 3e-16·|ln|, halved) plus the
                // fma's and the root's roundings; the norms here span 1e-14 … 1e8 (|ln| ≤ 33).
                if (double.IsFinite(scalarRms) && scalarRms > 0)
                    Assert.True(Math.Abs(scalarLog - Math.Log(scalarRms)) <= 1e-15 + 3e-16 * Math.Abs(Math.Log(scalarRms)),
                        $"draw {draw} lane {l}: {scalarLog:R} vs {Math.Log(scalarRms):R}.");
                Same(ErrorNorm.Dop853<double>(a, b, c, d, atol, rtol), dop, l, "Dop853", draw);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(64)]
    public void SumOfSquaresAndLog_ByRefs_EqualsTheSpanFormBitwise(int n)
    {
        // The lane engine's form (refs, n a constant) against the span form every lane test checks against the scalar
        // integrator: sums, logs and their NaN/∞ lanes bit for bit. Every other draw spans tiny to huge magnitudes (many
        // sums then overflow), the others a solver's usual range (finite sums, so a reordering would show).
        var random = new Random(2800 + n);
        double[] atol = Magnitudes(random, n, -12, -3, false), rtol = Magnitudes(random, n, -10, -2, false);
        Vector512<double>[] atolV = Broadcast(atol), rtolV = Broadcast(rtol);
        var minusHalfLogN = Vector512.Create(ErrorNorm.MinusHalfLogLength(n));
        for (int draw = 0; draw < 500; draw++)
        {
            double range = draw % 2 == 0 ? 300 : 6;
            double[] e = Magnitudes(random, n * 8, -2 * range, 0, true), z = Magnitudes(random, n * 8, -range, range, true);
            double[] zNew = Magnitudes(random, n * 8, -range, range, true);
            if (draw % 7 == 0) zNew[random.Next(n * 8)] = double.NaN;
            if (draw % 11 == 0) e[random.Next(n * 8)] = double.NegativeInfinity;
            Vector512<double>[] ve = Lanes(e), vz = Lanes(z), vzNew = Lanes(zNew);
            Vector512<double> bySpans = ErrorNorm.SumOfSquaresAndLog(ve, vz, vzNew, atolV, rtolV, minusHalfLogN, out Vector512<double> logBySpans);
            Vector512<double> byRefs = ErrorNorm.SumOfSquares(ref ve[0], ref vz[0], ref vzNew[0], ref atolV[0], ref rtolV[0], n);
            Vector512<double> logByRefs = ErrorNorm.LogFromSumOfSquares(byRefs, minusHalfLogN);
            Bits.Equal(Elements(bySpans), Elements(byRefs), $"sum of squares by refs, n = {n}, draw {draw}");
            Bits.Equal(Elements(logBySpans), Elements(logByRefs), $"log by refs, n = {n}, draw {draw}");
        }
    }

    [Theory]
    [InlineData(1.0)] // the acceptance test err ≤ 1
    [InlineData(StepSizeController.PreviousErrorFloor)] // the previous-error floor err > 1e-4
    [InlineData(0.0)] // err = 0 (AcceptFactor's largest factor)
    [InlineData(3.25)]
    [InlineData(1e-300)]
    public void SumOfSquaresBound_DecidesAsTheNormDoes(double norm)
    {
        // The lane engine decides err ≤ norm as s ≤ bound on the sum of squares s (err = √(s/n), both correctly
        // rounded). For n = 1 … 12, every s ≥ 0 within 4,000 ulps of the bound, and random s over the whole range
        // (plus 0, the smallest subnormals, ∞, NaN): the two tests agree, scalar and vector.
        var random = new Random(8106);
        for (int n = 1; n <= 12; n++)
        {
            double bound = ErrorNorm.SumOfSquaresBound(norm, n);
            Assert.True(Math.Sqrt(bound / n) <= norm);
            Assert.True(Math.Sqrt(Math.BitIncrement(bound) / n) > norm);
            var sums = new List<double> { 0.0, double.PositiveInfinity, double.NaN, double.Epsilon, 2 * double.Epsilon, 7 * double.Epsilon };
            double s = bound;
            for (int i = 0; i < 4000; i++) s = Math.BitDecrement(s);
            for (int i = 0; i < 8000; i++, s = Math.BitIncrement(s))
                if (s >= 0) sums.Add(s); // a sum of squares is never negative (near a bound of 0, the steps below it are)
            for (int i = 0; i < 5000; i++) sums.Add(Math.Pow(10, random.NextDouble() * 630 - 323));
            Vector512<double> bounds = Vector512.Create(bound), norms = Vector512.Create(norm), length = Vector512.Create((double)n);
            foreach (double x in sums)
            {
                double rms = Math.Sqrt(x / n);
                Assert.True((rms <= norm) == (x <= bound), $"n = {n}, sum {x:R}, bound {bound:R}");
                Assert.True((rms > norm) == (x > bound), $"n = {n}, sum {x:R}, bound {bound:R}");
                Vector512<double> vx = Vector512.Create(x);
                Assert.Equal(Vector512.LessThanOrEqual(Vector512.Sqrt(vx / length), norms), Vector512.LessThanOrEqual(vx, bounds));
            }
        }
    }

    [Fact]
    public void StiffLanes_DecideAsTheDivisionDoes()
    {
        // The lane engine's stiffness decision without the division (numerator against 10.5·d and 10.6·d, dividing only
        // in between) against fl(numerator / d) > 10.5625: quotients within a few ulps of the threshold (where the
        // division is taken), just past 10.5·d and 10.6·d and far from them (where the multiplications decide the whole
        // vector), denominators from subnormal to near overflow, and 0, ∞, NaN in either place. Every lane equal.
        var random = new Random(8107);
        double[] specials = [0.0, double.Epsilon, 1e-310, double.MaxValue, double.PositiveInfinity, double.NaN, 1.0];
        var num = new double[8];
        var den = new double[8];
        for (int draw = 0; draw < 50_000; draw++)
        {
            for (int l = 0; l < 8; l++)
            {
                int kind = random.Next(10);
                double d = kind == 0 ? specials[random.Next(specials.Length)] : Math.Pow(10, random.NextDouble() * 630 - 323);
                double x;
                if (draw % 2 == 0)
                {
                    // Near the threshold: most vectors hold a lane in the band and take the division.
                    double q = StiffnessDetector.ThresholdSquared * (1 + (random.NextDouble() - 0.5) * Math.Pow(10, -random.Next(1, 17)));
                    x = kind == 1 ? specials[random.Next(specials.Length)] : q * d;
                    for (int step = random.Next(-3, 4); step > 0; step--) x = Math.BitIncrement(x);
                    for (int step = random.Next(-3, 4); step < 0; step++) x = Math.BitDecrement(x);
                }
                else
                {
                    // Just past the band's edges or far from it: the multiplications decide the whole vector.
                    x = (kind % 3) switch
                    {
                        0 => Math.BitIncrement(10.6 * d),
                        1 => Math.BitDecrement(10.5 * d),
                        _ => StiffnessDetector.ThresholdSquared * d * Math.Pow(10, random.NextDouble() * 6 - 3),
                    };
                    if (random.Next(2) == 0) x = Math.BitIncrement(x);
                }
                (num[l], den[l]) = (x, d);
            }
            Vector512<double> vNum = Vector512.Create(num), vDen = Vector512.Create(den);
            Vector512<long> stiff = StiffnessDetector.StiffLanes(vNum, vDen);
            for (int l = 0; l < 8; l++)
            {
                bool expected = den[l] > 0 && num[l] / den[l] > StiffnessDetector.ThresholdSquared;
                Assert.True(expected == (stiff.GetElement(l) != 0), $"draw {draw} lane {l}: {num[l]:R} / {den[l]:R}");
            }
        }
    }

    [Fact]
    public void StiffnessTest_LanesFollowTheScalarDetector()
    {
        // Random ρ around the threshold (and NaN, "no information"), random lanes observing: after every step each
        // lane's three counters equal a scalar StiffnessDetector fed the same ρ sequence.
        var random = new Random(8105);
        var scalar = new StiffnessDetector[8];
        Vector512<long> stiff = Vector512<long>.Zero, nonStiff = Vector512<long>.Zero, detected = Vector512<long>.Zero;
        int detections = 0;
        for (int step = 0; step < 20_000; step++)
        {
            var rho = new double[8];
            var observe = new long[8];
            for (int l = 0; l < 8; l++)
            {
                // Runs of stiff steps in some lanes: lane l is stiff with probability depending on a slow phase.
                double pStiff = 0.5 + 0.45 * Math.Sin(step / (40.0 + 7 * l));
                rho[l] = random.NextDouble() < pStiff ? StiffnessDetector.Threshold + random.NextDouble() : StiffnessDetector.Threshold * random.NextDouble();
                if (random.Next(50) == 0) rho[l] = double.NaN;
                observe[l] = random.Next(5) == 0 ? 0 : -1;
                if (observe[l] != 0) scalar[l].Observe(rho[l]);
            }
            StiffnessDetector.ObserveLanes(Vector512.Create(rho), Vector512.Create(observe), ref stiff, ref nonStiff, ref detected);
            for (int l = 0; l < 8; l++)
            {
                var lane = StiffnessDetector.FromState((int)stiff.GetElement(l), (int)nonStiff.GetElement(l), detected.GetElement(l) != 0);
                Assert.Equal(scalar[l], lane);
                if (scalar[l].Detected) detections++;
            }
        }
        Assert.True(detections > 0, "the sequence must reach the detection");
    }

    [Fact]
    public void StiffnessRatio_LanesEqualScalarBitwise()
    {
        var random = new Random(8106);
        const int n = 4, stages = 7;
        for (int draw = 0; draw < 2000; draw++)
        {
            double[] k = Magnitudes(random, stages * n * 8, -3, 3, signed: true); // [l·n + j][lane]
            if (draw % 50 == 0) Array.Clear(k); // 0/0: no information, NaN in both forms
            Vector512<double> lanes = StiffnessDetector.Ratio(Lanes(k), n);
            for (int l = 0; l < 8; l++) Same(StiffnessDetector.Ratio<double>(Lane(k, l), n), lanes, l, "Ratio", draw);
        }
    }

    [Fact]
    public void StiffnessThresholdSquared_DecidesExactlyAsTheThreshold()
    {
        // The boundary: sqrt(Threshold²) is Threshold (not above it), the next double up already rounds above it; a
        // correctly rounded square root is monotonic, so fl(√q) > Threshold ⟺ q > ThresholdSquared for every q.
        Assert.Equal(StiffnessDetector.Threshold, Math.Sqrt(StiffnessDetector.ThresholdSquared));
        Assert.True(Math.Sqrt(Math.BitIncrement(StiffnessDetector.ThresholdSquared)) > StiffnessDetector.Threshold);
        Assert.Equal(StiffnessDetector.ThresholdSquared, StiffnessDetector.Threshold * StiffnessDetector.Threshold);
        // And the vector forms: ρ² decides per lane as the scalar ρ, on random quotients near the boundary, ±1 ulp
        // around it, 0, ∞ and NaN.
        var random = new Random(8107);
        double t2 = StiffnessDetector.ThresholdSquared;
        double[] special = [t2, Math.BitIncrement(t2), Math.BitDecrement(t2), 0, double.PositiveInfinity, double.NaN, 1e-300, 1e300];
        for (int draw = 0; draw < 5000; draw++)
        {
            var q = new double[8];
            for (int l = 0; l < 8; l++)
                q[l] = random.Next(4) == 0 ? special[random.Next(special.Length)] : t2 * (1 + (random.NextDouble() - 0.5) * Math.Pow(2, -random.Next(60)));
            Vector512<long> stiffA = Vector512<long>.Zero, nonStiffA = Vector512<long>.Zero, detectedA = Vector512<long>.Zero;
            Vector512<long> stiffB = Vector512<long>.Zero, nonStiffB = Vector512<long>.Zero, detectedB = Vector512<long>.Zero;
            Vector512<double> squared = Vector512.Create(q);
            StiffnessDetector.ObserveLanes(Vector512.Sqrt(squared), Vector512<long>.AllBitsSet, ref stiffA, ref nonStiffA, ref detectedA);
            StiffnessDetector.ObserveLanesSquared(squared, Vector512<long>.AllBitsSet, ref stiffB, ref nonStiffB, ref detectedB);
            Assert.Equal(stiffA, stiffB);
            Assert.Equal(nonStiffA, nonStiffB);
        }
    }

    [Fact]
    public void StiffnessSquaredRatio_LanesAreTheScalarRatioBeforeItsRoot()
    {
        var random = new Random(8108);
        const int n = 3, stages = 7;
        for (int draw = 0; draw < 2000; draw++)
        {
            double[] k = Magnitudes(random, stages * n * 8, -3, 3, signed: true);
            if (draw % 50 == 0) Array.Clear(k);
            Vector512<double> squared = StiffnessDetector.SquaredRatio(Lanes(k), n);
            for (int l = 0; l < 8; l++)
            {
                double rho = StiffnessDetector.Ratio<double>(Lane(k, l), n);
                Assert.Equal(BitConverter.DoubleToInt64Bits(rho), BitConverter.DoubleToInt64Bits(Math.Sqrt(squared.GetElement(l))));
                Assert.Equal(rho > StiffnessDetector.Threshold, squared.GetElement(l) > StiffnessDetector.ThresholdSquared);
            }
        }
    }

    private static Vector512<double>[] Lanes(double[] soa)
    {
        var v = new Vector512<double>[soa.Length / 8];
        for (int j = 0; j < v.Length; j++) v[j] = Vector512.Create(soa.AsSpan(j * 8, 8));
        return v;
    }

    private static double[] Lane(double[] soa, int lane)
    {
        var x = new double[soa.Length / 8];
        for (int j = 0; j < x.Length; j++) x[j] = soa[j * 8 + lane];
        return x;
    }

    private static void Same(double expected, Vector512<double> lanes, int lane, string what, double input)
    {
        double actual = lanes.GetElement(lane);
        // NaN is compared as NaN (payloads may differ between forms and mean nothing here).
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            Assert.Fail($"{what} (input {input:R}), lane {lane}: scalar {expected:R}, lane form {actual:R}.");
    }

    private static Vector512<double>[] Broadcast(double[] values) => [.. values.Select(Vector512.Create)];

    private static double[] Elements(Vector512<double> v)
    {
        var elements = new double[8];
        v.CopyTo(elements);
        return elements;
    }
}
