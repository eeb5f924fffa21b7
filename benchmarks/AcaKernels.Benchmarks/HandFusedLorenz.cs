using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AcaKernels.Control;
using V = System.Runtime.Intrinsics.Vector512<double>;

namespace AcaKernels.Benchmarks;

/// <summary>
/// benchmarks/native/lorenz_ensemble_avx512.cpp's engine written by hand in C#: the same algorithm (Lorenz-63,
/// Dopri5, rtol 1e-6, atol 1e-8, the C++'s one-division error norm, PI controller, clipping at t = 1, FSAL, Hairer's
/// first step; ACA checkpoints streamed per step, the backward sweep with the hand-written VJP of f), two groups of
/// eight lanes, every stage, the controller and the state update of both groups in one loop body, the engine state
/// in one struct per group. It answers one question the comparison with the C++ cannot: how much of the lane
/// engine's distance to the C++ is the engine (its generality: any system, any tableau, output times, statistics,
/// statuses, the stiffness test, refills through a source) and how much is the language and RyuJIT on the very same
/// loop. Not a product path: Lorenz only, one thread, no failure handling. Run by `--hand-fused-lorenz`.
/// </summary>
internal sealed unsafe class HandFusedLorenz : IDisposable
{
    private const int Lanes = 8, Groups = 2;
    private const double T1 = 1.0, Atol = 1e-8, Rtol = 1e-6;
    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 10, Beta1 = 0.7, Beta2 = 0.4, Order = 5;

    // Dormand-Prince 5(4): the C++'s lorenz_dopri5_scalar.hpp constants.
    private const double A21 = 1.0 / 5, A31 = 3.0 / 40, A32 = 9.0 / 40, A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525,
        E7 = -1.0 / 40;

    // One checkpoint slot per group and step: t, h and z of eight lanes (40 doubles, 320 bytes, cache-line aligned).
    private const int SlotDoubles = 5 * Lanes;

    /// <summary>What one lane group carries from one trial step to the next. Masks are all bits set for true.</summary>
    private struct Group
    {
        public V T, H, LogPrevious, Accepted, Rejected; // step counts as doubles: one masked add per step
        public V X, Y, Z, Kx, Ky, Kz;                   // K = f(z): FSAL
        public V Active, Fresh;                         // Fresh: no step of the lane's trajectory accepted yet
    }

    private readonly double[] _z0;
    private readonly double _sigma, _rho, _beta;
    private readonly V _sigmaV, _rhoV, _betaV; // broadcast once: Step is a call of its own (too large to inline)
    private readonly int _trajectories;
    private readonly int[] _trajectoryOnLane = new int[Groups * Lanes], _lastOnLane = new int[Groups * Lanes];
    private readonly int[] _previousOnLane;
    private double* _slots;
    private byte* _acceptedMasks, _firstMasks;
    private long _slotCapacity, _slotCount;
    private int _next;

    /// <summary>Results of the last solve, in trajectory order.</summary>
    public double[] ZEnd { get; }

    /// <summary>∂L/∂z₀ of the last gradient, L = Σ z(1).</summary>
    public double[] GradZ0 { get; }

    /// <summary>∂L/∂θ of the last gradient, summed over trajectories.</summary>
    public double[] GradTheta { get; } = new double[3];

    /// <summary>Accepted and rejected steps of each trajectory in the last solve.</summary>
    public int[] AcceptedSteps { get; }

    /// <inheritdoc cref="AcceptedSteps"/>
    public int[] RejectedSteps { get; }

    public HandFusedLorenz(double[] z0, double sigma, double rho, double beta)
    {
        _z0 = z0;
        (_sigma, _rho, _beta) = (sigma, rho, beta);
        (_sigmaV, _rhoV, _betaV) = (Vector512.Create(sigma), Vector512.Create(rho), Vector512.Create(beta));
        _trajectories = z0.Length / 3;
        _previousOnLane = new int[_trajectories];
        ZEnd = new double[3 * _trajectories];
        GradZ0 = new double[3 * _trajectories];
        AcceptedSteps = new int[_trajectories];
        RejectedSteps = new int[_trajectories];
        Grow(1 << 16);
    }

    /// <summary>Solves every trajectory; with <paramref name="record"/>, keeps the checkpoints for <see cref="Gradient"/>.</summary>
    public void Solve(bool record)
    {
        Group a = default, b = default;
        _next = 0;
        _slotCount = 0;
        _lastOnLane.AsSpan().Fill(-1);
        Refill(ref a, 0, 0xFF);
        Refill(ref b, Lanes, 0xFF);
        while (((a.Active | b.Active).ExtractMostSignificantBits()) != 0)
        {
            if (record && _slotCount + Groups > _slotCapacity) Grow(2 * _slotCapacity);
            // Both groups' steps back to back: RyuJIT keeps source order, the out-of-order core overlaps the chains.
            uint doneA = Step(ref a, record);
            uint doneB = Step(ref b, record);
            if ((doneA | doneB) != 0)
            {
                if (doneA != 0) Finish(ref a, 0, doneA);
                if (doneB != 0) Finish(ref b, Lanes, doneB);
            }
        }
    }

    /// <summary>The ACA backward sweep over the last recorded solve, seeds ∂L/∂z(1) = 1.</summary>
    public void Gradient()
    {
        V one = V.One;
        V ax = one, ay = one, az = one, bx = one, by = one, bz = one;
        V gaS = V.Zero, gaR = V.Zero, gaB = V.Zero, gbS = V.Zero, gbR = V.Zero, gbB = V.Zero;
        V sigma = Vector512.Create(_sigma), rho = Vector512.Create(_rho), beta = Vector512.Create(_beta);
        Span<int> current = stackalloc int[Groups * Lanes];
        _lastOnLane.CopyTo(current);
        for (long k = _slotCount - Groups; k >= 0; k -= Groups)
        {
            StepVjp(k, sigma, rho, beta, ref ax, ref ay, ref az, ref gaS, ref gaR, ref gaB);
            StepVjp(k + 1, sigma, rho, beta, ref bx, ref by, ref bz, ref gbS, ref gbR, ref gbB);
            if ((_firstMasks[k] | _firstMasks[k + 1]) != 0)
            {
                EndTrajectories(_firstMasks[k], 0, ref ax, ref ay, ref az, current);
                EndTrajectories(_firstMasks[k + 1], Lanes, ref bx, ref by, ref bz, current);
            }
        }
        GradTheta[0] = Vector512.Sum(gaS) + Vector512.Sum(gbS);
        GradTheta[1] = Vector512.Sum(gaR) + Vector512.Sum(gbR);
        GradTheta[2] = Vector512.Sum(gaB) + Vector512.Sum(gbB);
    }

    public void Dispose() => FreeCheckpoints();

    /// <summary>Frees the checkpoint slots and their masks (idempotent: the pointers are cleared).</summary>
    private void FreeCheckpoints()
    {
        NativeMemory.AlignedFree(_slots);
        NativeMemory.Free(_acceptedMasks);
        NativeMemory.Free(_firstMasks);
        _slots = null;
        _acceptedMasks = null;
        _firstMasks = null;
    }

    /// <summary>One trial step in every lane of <paramref name="g"/>; returns the lanes whose trajectory reached t = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Step(ref Group g, bool record)
    {
        V sigma = _sigmaV, rho = _rhoV, beta = _betaV;
        V t = g.T, h = g.H, t1 = Vector512.Create(T1);
        V x = g.X, y = g.Y, z = g.Z, k1x = g.Kx, k1y = g.Ky, k1z = g.Kz;
        // As StepRule.StepToTry: land on t1 when the step reaches it or ends short of it by at most 1e-4·h (rounding).
        V clipped = Vector512.GreaterThanOrEqual(t + h - t1, Vector512.Abs(h) * Vector512.Create(-1e-4));
        V hTry = Vector512.ConditionalSelect(clipped, t1 - t, (t + h) - t);

        F(Stage(hTry, x, C(A21) * k1x), Stage(hTry, y, C(A21) * k1y), Stage(hTry, z, C(A21) * k1z), sigma, rho, beta,
            out V k2x, out V k2y, out V k2z);
        F(Stage(hTry, x, Sum(A31, k1x, A32, k2x)), Stage(hTry, y, Sum(A31, k1y, A32, k2y)), Stage(hTry, z, Sum(A31, k1z, A32, k2z)),
            sigma, rho, beta, out V k3x, out V k3y, out V k3z);
        F(Stage(hTry, x, Sum(A41, k1x, A42, k2x, A43, k3x)), Stage(hTry, y, Sum(A41, k1y, A42, k2y, A43, k3y)),
            Stage(hTry, z, Sum(A41, k1z, A42, k2z, A43, k3z)), sigma, rho, beta, out V k4x, out V k4y, out V k4z);
        F(Stage(hTry, x, Sum(A51, k1x, A52, k2x, A53, k3x, A54, k4x)), Stage(hTry, y, Sum(A51, k1y, A52, k2y, A53, k3y, A54, k4y)),
            Stage(hTry, z, Sum(A51, k1z, A52, k2z, A53, k3z, A54, k4z)), sigma, rho, beta, out V k5x, out V k5y, out V k5z);
        F(Stage(hTry, x, Sum(A61, k1x, A62, k2x, A63, k3x, A64, k4x, A65, k5x)),
            Stage(hTry, y, Sum(A61, k1y, A62, k2y, A63, k3y, A64, k4y, A65, k5y)),
            Stage(hTry, z, Sum(A61, k1z, A62, k2z, A63, k3z, A64, k4z, A65, k5z)), sigma, rho, beta, out V k6x, out V k6y, out V k6z);
        V nx = Stage(hTry, x, Sum(B1, k1x, B3, k3x, B4, k4x, B5, k5x, B6, k6x));
        V ny = Stage(hTry, y, Sum(B1, k1y, B3, k3y, B4, k4y, B5, k5y, B6, k6y));
        V nz = Stage(hTry, z, Sum(B1, k1z, B3, k3z, B4, k4z, B5, k5z, B6, k6z));
        F(nx, ny, nz, sigma, rho, beta, out V k7x, out V k7y, out V k7z);
        V ex = hTry * Vector512.FusedMultiplyAdd(C(E7), k7x, Sum(E1, k1x, E3, k3x, E4, k4x, E5, k5x, E6, k6x));
        V ey = hTry * Vector512.FusedMultiplyAdd(C(E7), k7y, Sum(E1, k1y, E3, k3y, E4, k4y, E5, k5y, E6, k6y));
        V ez = hTry * Vector512.FusedMultiplyAdd(C(E7), k7z, Sum(E1, k1z, E3, k3z, E4, k4z, E5, k5z, E6, k6z));

        // The C++'s squared RMS norm over one division: Σ (e_j·Π_{k≠j} sc_k)² / (3·(Π sc)²).
        V sx = Scale(x, nx), sy = Scale(y, ny), sz = Scale(z, nz);
        V sxy = sx * sy, sxyz = sxy * sz;
        V rx = ex * (sy * sz), ry = ey * (sx * sz), rz = ez * sxy;
        V err2 = (rx * rx + ry * ry + rz * rz) / (C(3) * (sxyz * sxyz));
        V accept = Vector512.LessThanOrEqual(err2, V.One) & g.Active, reject = g.Active & ~accept;
        if (record) Record(ref g, t, hTry, x, y, z, accept);
        g.Fresh &= ~accept;

        V logError = C(0.5) * StepMath.Log(err2);
        V acceptFactor = Vector512.ConditionalSelect(Vector512.Equals(err2, V.Zero), C(MaxFactor),
            Clamp(C(Safety) * StepMath.Exp((C(Beta2) * g.LogPrevious - C(Beta1) * logError) * C(1 / Order)), MinFactor, MaxFactor));
        g.LogPrevious = Vector512.ConditionalSelect(accept, Vector512.Max(logError, C(Math.Log(1e-4))), g.LogPrevious);
        V hNext = hTry * acceptFactor;
        // A step shortened to land on t = 1 says nothing about the step the error allows.
        hNext = Vector512.ConditionalSelect(clipped & Vector512.LessThan(Vector512.Abs(hNext), Vector512.Abs(h)), h, hNext);
        V hRejected = hTry;
        if (reject.ExtractMostSignificantBits() != 0)
        {
            V finite = Vector512.LessThan(Vector512.Abs(err2), C(double.PositiveInfinity));
            V factor = Clamp(C(Safety) * StepMath.Exp(StepMath.Log(err2) * C(-0.5 / Order)), MinFactor, 1);
            hRejected = hTry * Vector512.ConditionalSelect(finite, factor, C(MinFactor));
            g.Rejected += reject & V.One;
        }
        g.H = Vector512.ConditionalSelect(accept, Vector512.Abs(hNext), hRejected);

        V tNext = Vector512.ConditionalSelect(clipped, t1, t + hTry);
        // FSAL: k7 = f(t + h, zNew), unless clipping moved t by rounding (then f is evaluated again, as the C++ does).
        V reevaluate = accept & ~Vector512.Equals(tNext, t + hTry);
        if (reevaluate.ExtractMostSignificantBits() != 0)
        {
            F(nx, ny, nz, sigma, rho, beta, out V fx, out V fy, out V fz);
            k7x = Vector512.ConditionalSelect(reevaluate, fx, k7x);
            k7y = Vector512.ConditionalSelect(reevaluate, fy, k7y);
            k7z = Vector512.ConditionalSelect(reevaluate, fz, k7z);
        }
        g.Kx = Vector512.ConditionalSelect(accept, k7x, k1x);
        g.Ky = Vector512.ConditionalSelect(accept, k7y, k1y);
        g.Kz = Vector512.ConditionalSelect(accept, k7z, k1z);
        g.X = Vector512.ConditionalSelect(accept, nx, x);
        g.Y = Vector512.ConditionalSelect(accept, ny, y);
        g.Z = Vector512.ConditionalSelect(accept, nz, z);
        g.T = Vector512.ConditionalSelect(accept, tNext, t);
        g.Accepted += accept & V.One;
        return (uint)(accept & clipped).ExtractMostSignificantBits();
    }

    /// <summary>Streams the step's start (t, h, z) into the next slot, with its accepted and first-step lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(ref Group g, V t, V hTry, V x, V y, V z, V accept)
    {
        long k = _slotCount++;
        double* slot = _slots + k * SlotDoubles;
        Vector512.StoreAlignedNonTemporal(t, slot);
        Vector512.StoreAlignedNonTemporal(hTry, slot + Lanes);
        Vector512.StoreAlignedNonTemporal(x, slot + 2 * Lanes);
        Vector512.StoreAlignedNonTemporal(y, slot + 3 * Lanes);
        Vector512.StoreAlignedNonTemporal(z, slot + 4 * Lanes);
        _acceptedMasks[k] = (byte)accept.ExtractMostSignificantBits();
        _firstMasks[k] = (byte)(accept & g.Fresh).ExtractMostSignificantBits();
    }

    /// <summary>Replays the step of slot <paramref name="k"/> and pulls the adjoint (ax, ay, az) back through it in the
    /// lanes that accepted it; ∂L/∂θ of those lanes added to (gs, gr, gb). Stage 7 does not reach zNew: skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StepVjp(long k, V sigma, V rho, V beta, ref V ax, ref V ay, ref V az, ref V gs, ref V gr, ref V gb)
    {
        double* slot = _slots + k * SlotDoubles;
        V h = Vector512.LoadAligned(slot + Lanes);
        V x = Vector512.LoadAligned(slot + 2 * Lanes), y = Vector512.LoadAligned(slot + 3 * Lanes), z = Vector512.LoadAligned(slot + 4 * Lanes);
        F(x, y, z, sigma, rho, beta, out V k1x, out V k1y, out V k1z);
        V y2x = Stage(h, x, C(A21) * k1x), y2y = Stage(h, y, C(A21) * k1y), y2z = Stage(h, z, C(A21) * k1z);
        F(y2x, y2y, y2z, sigma, rho, beta, out V k2x, out V k2y, out V k2z);
        V y3x = Stage(h, x, Sum(A31, k1x, A32, k2x)), y3y = Stage(h, y, Sum(A31, k1y, A32, k2y)), y3z = Stage(h, z, Sum(A31, k1z, A32, k2z));
        F(y3x, y3y, y3z, sigma, rho, beta, out V k3x, out V k3y, out V k3z);
        V y4x = Stage(h, x, Sum(A41, k1x, A42, k2x, A43, k3x)), y4y = Stage(h, y, Sum(A41, k1y, A42, k2y, A43, k3y));
        V y4z = Stage(h, z, Sum(A41, k1z, A42, k2z, A43, k3z));
        F(y4x, y4y, y4z, sigma, rho, beta, out V k4x, out V k4y, out V k4z);
        V y5x = Stage(h, x, Sum(A51, k1x, A52, k2x, A53, k3x, A54, k4x)), y5y = Stage(h, y, Sum(A51, k1y, A52, k2y, A53, k3y, A54, k4y));
        V y5z = Stage(h, z, Sum(A51, k1z, A52, k2z, A53, k3z, A54, k4z));
        F(y5x, y5y, y5z, sigma, rho, beta, out V k5x, out V k5y, out V k5z);
        V y6x = Stage(h, x, Sum(A61, k1x, A62, k2x, A63, k3x, A64, k4x, A65, k5x));
        V y6y = Stage(h, y, Sum(A61, k1y, A62, k2y, A63, k3y, A64, k4y, A65, k5y));
        V y6z = Stage(h, z, Sum(A61, k1z, A62, k2z, A63, k3z, A64, k4z, A65, k5z));

        V a0x = ax, a0y = ay, a0z = az;
        V hb1 = h * C(B1), hb3 = h * C(B3), hb4 = h * C(B4), hb5 = h * C(B5), hb6 = h * C(B6);
        V kb1x = hb1 * a0x, kb1y = hb1 * a0y, kb1z = hb1 * a0z;
        V kb2x = V.Zero, kb2y = V.Zero, kb2z = V.Zero; // b₂ = 0
        V kb3x = hb3 * a0x, kb3y = hb3 * a0y, kb3z = hb3 * a0z;
        V kb4x = hb4 * a0x, kb4y = hb4 * a0y, kb4z = hb4 * a0z;
        V kb5x = hb5 * a0x, kb5y = hb5 * a0y, kb5z = hb5 * a0z;
        V inx = a0x, iny = a0y, inz = a0z, ps = V.Zero, pr = V.Zero, pb = V.Zero;

        Vjp(y6x, y6y, y6z, hb6 * a0x, hb6 * a0y, hb6 * a0z, sigma, rho, beta, ref ps, ref pr, ref pb, out V bx, out V by, out V bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, A61, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, A62, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Spread(h, A63, bx, by, bz, ref kb3x, ref kb3y, ref kb3z);
        Spread(h, A64, bx, by, bz, ref kb4x, ref kb4y, ref kb4z);
        Spread(h, A65, bx, by, bz, ref kb5x, ref kb5y, ref kb5z);
        Vjp(y5x, y5y, y5z, kb5x, kb5y, kb5z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, A51, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, A52, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Spread(h, A53, bx, by, bz, ref kb3x, ref kb3y, ref kb3z);
        Spread(h, A54, bx, by, bz, ref kb4x, ref kb4y, ref kb4z);
        Vjp(y4x, y4y, y4z, kb4x, kb4y, kb4z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, A41, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, A42, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Spread(h, A43, bx, by, bz, ref kb3x, ref kb3y, ref kb3z);
        Vjp(y3x, y3y, y3z, kb3x, kb3y, kb3z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, A31, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, A32, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Vjp(y2x, y2y, y2z, kb2x, kb2y, kb2z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, A21, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Vjp(x, y, z, kb1x, kb1y, kb1z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;

        V accepted = MaskOf(_acceptedMasks[k]);
        ax = Vector512.ConditionalSelect(accepted, inx, a0x);
        ay = Vector512.ConditionalSelect(accepted, iny, a0y);
        az = Vector512.ConditionalSelect(accepted, inz, a0z);
        gs += ps & accepted;
        gr += pr & accepted;
        gb += pb & accepted;
    }

    /// <summary>Lanes whose trajectory's first step was just passed: that trajectory's ∂L/∂z₀ is out; the lane goes on with
    /// the trajectory it ran before, from the seed 1.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EndTrajectories(byte first, int offset, ref V ax, ref V ay, ref V az, Span<int> current)
    {
        for (uint bits = first; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int j = current[offset + lane];
            GradZ0[3 * j] = ax.GetElement(lane);
            GradZ0[3 * j + 1] = ay.GetElement(lane);
            GradZ0[3 * j + 2] = az.GetElement(lane);
            ax = ax.WithElement(lane, 1.0);
            ay = ay.WithElement(lane, 1.0);
            az = az.WithElement(lane, 1.0);
            current[offset + lane] = _previousOnLane[j];
        }
    }

    /// <summary>Lanes whose trajectory ended: z(1) and the step counts out, then the next trajectories in.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Finish(ref Group g, int offset, uint done)
    {
        for (uint bits = done; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int j = _trajectoryOnLane[offset + lane];
            ZEnd[3 * j] = g.X.GetElement(lane);
            ZEnd[3 * j + 1] = g.Y.GetElement(lane);
            ZEnd[3 * j + 2] = g.Z.GetElement(lane);
            AcceptedSteps[j] = (int)g.Accepted.GetElement(lane);
            RejectedSteps[j] = (int)g.Rejected.GetElement(lane);
        }
        Refill(ref g, offset, done);
    }

    /// <summary>The next trajectories into <paramref name="lanes"/> (or the lanes retire when none is left), started
    /// together: k₁ = f(z₀) and Hairer's first step, in lanes.</summary>
    private void Refill(ref Group g, int offset, uint lanes)
    {
        uint started = 0;
        for (uint bits = lanes; bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            if (_next == _trajectories)
            {
                g.Active = g.Active.WithElement(lane, 0.0);
                continue;
            }
            int j = _next++;
            _trajectoryOnLane[offset + lane] = j;
            _previousOnLane[j] = _lastOnLane[offset + lane];
            _lastOnLane[offset + lane] = j;
            g.X = g.X.WithElement(lane, _z0[3 * j]);
            g.Y = g.Y.WithElement(lane, _z0[3 * j + 1]);
            g.Z = g.Z.WithElement(lane, _z0[3 * j + 2]);
            started |= 1u << lane;
        }
        if (started == 0) return;
        V m = MaskOf((byte)started);
        V sigma = Vector512.Create(_sigma), rho = Vector512.Create(_rho), beta = Vector512.Create(_beta);
        F(g.X, g.Y, g.Z, sigma, rho, beta, out V kx, out V ky, out V kz);
        V h = InitialStep(g.X, g.Y, g.Z, kx, ky, kz, sigma, rho, beta);
        g.Kx = Vector512.ConditionalSelect(m, kx, g.Kx);
        g.Ky = Vector512.ConditionalSelect(m, ky, g.Ky);
        g.Kz = Vector512.ConditionalSelect(m, kz, g.Kz);
        g.H = Vector512.ConditionalSelect(m, h, g.H);
        g.T = Vector512.ConditionalSelect(m, V.Zero, g.T);
        g.LogPrevious = Vector512.ConditionalSelect(m, V.Zero, g.LogPrevious);
        g.Accepted = Vector512.ConditionalSelect(m, V.Zero, g.Accepted);
        g.Rejected = Vector512.ConditionalSelect(m, V.Zero, g.Rejected);
        g.Fresh |= m;
        g.Active |= m;
    }

    /// <summary>Hairer's first step, as the C++'s lorenz::initialStep in lanes (the power lane by lane: the cold path).</summary>
    private static V InitialStep(V x, V y, V z, V k0x, V k0y, V k0z, V sigma, V rho, V beta)
    {
        V sx = C(Atol) + C(Rtol) * Vector512.Abs(x), sy = C(Atol) + C(Rtol) * Vector512.Abs(y), sz = C(Atol) + C(Rtol) * Vector512.Abs(z);
        V d0 = Rms(x / sx, y / sy, z / sz), d1 = Rms(k0x / sx, k0y / sy, k0z / sz);
        V tiny = C(1e-5);
        V h0 = Vector512.ConditionalSelect(Vector512.LessThan(d0, tiny) | Vector512.LessThan(d1, tiny), C(1e-6), C(0.01) * d0 / d1);
        F(x + h0 * k0x, y + h0 * k0y, z + h0 * k0z, sigma, rho, beta, out V k1x, out V k1y, out V k1z);
        V d2 = Rms((k1x - k0x) / sx, (k1y - k0y) / sy, (k1z - k0z) / sz) / h0;
        V dMax = Vector512.Max(d1, d2), power = V.Zero;
        for (int lane = 0; lane < Lanes; lane++) power = power.WithElement(lane, Math.Pow(0.01 / dMax.GetElement(lane), 1.0 / Order));
        V h1 = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(dMax, C(1e-15)), Vector512.Max(C(1e-6), h0 * C(1e-3)), power);
        V h = Vector512.ConditionalSelect(Vector512.LessThan(C(100) * h0, h1), C(100) * h0, h1);
        V usable = Vector512.LessThan(Vector512.Abs(h), C(double.PositiveInfinity)) & Vector512.LessThan(V.Zero, h);
        return Vector512.ConditionalSelect(usable, h, C(1e-6));
    }

    private void Grow(long capacity)
    {
        double* slots = (double*)NativeMemory.AlignedAlloc((nuint)(capacity * SlotDoubles * sizeof(double)), 64);
        byte* accepted = (byte*)NativeMemory.Alloc((nuint)capacity), first = (byte*)NativeMemory.Alloc((nuint)capacity);
        if (_slots is not null)
        {
            Buffer.MemoryCopy(_slots, slots, capacity * SlotDoubles * sizeof(double), _slotCount * SlotDoubles * sizeof(double));
            Buffer.MemoryCopy(_acceptedMasks, accepted, capacity, _slotCount);
            Buffer.MemoryCopy(_firstMasks, first, capacity, _slotCount);
            FreeCheckpoints();
        }
        _slots = slots;
        _acceptedMasks = accepted;
        _firstMasks = first;
        _slotCapacity = capacity;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void F(V x, V y, V z, V sigma, V rho, V beta, out V fx, out V fy, out V fz)
    {
        fx = sigma * (y - x);
        fy = x * (rho - z) - y;
        fz = x * y - beta * z;
    }

    /// <summary>vᵀ∂f/∂u at u into (bx, by, bz); vᵀ∂f/∂θ added to (gs, gr, gb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Vjp(V x, V y, V z, V vx, V vy, V vz, V sigma, V rho, V beta, ref V gs, ref V gr, ref V gb,
        out V bx, out V by, out V bz)
    {
        gs += (y - x) * vx;
        gr += x * vy;
        gb -= z * vz;
        bx = -(sigma * vx) + (rho - z) * vy + y * vz;
        by = sigma * vx - vy + x * vz;
        bz = -(x * vy) - beta * vz;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spread(V h, double a, V bx, V by, V bz, ref V kx, ref V ky, ref V kz)
    {
        V ha = h * C(a);
        kx = Vector512.FusedMultiplyAdd(ha, bx, kx);
        ky = Vector512.FusedMultiplyAdd(ha, by, ky);
        kz = Vector512.FusedMultiplyAdd(ha, bz, kz);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Stage(V h, V z, V sum) => Vector512.FusedMultiplyAdd(h, sum, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(double a, V k1, double b, V k2) => Vector512.FusedMultiplyAdd(C(b), k2, C(a) * k1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(double a, V k1, double b, V k2, double c, V k3) => Vector512.FusedMultiplyAdd(C(c), k3, Sum(a, k1, b, k2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(double a, V k1, double b, V k2, double c, V k3, double d, V k4) =>
        Vector512.FusedMultiplyAdd(C(d), k4, Sum(a, k1, b, k2, c, k3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(double a, V k1, double b, V k2, double c, V k3, double d, V k4, double e, V k5) =>
        Vector512.FusedMultiplyAdd(C(e), k5, Sum(a, k1, b, k2, c, k3, d, k4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Scale(V z, V zNew) => C(Atol) + C(Rtol) * Vector512.Max(Vector512.Abs(z), Vector512.Abs(zNew));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Clamp(V x, double low, double high) => Vector512.Min(Vector512.Max(x, C(low)), C(high));

    private static V Rms(V x, V y, V z) => Vector512.Sqrt((x * x + y * y + z * z) / C(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V C(double value) => Vector512.Create(value);

    /// <summary>A lane mask (all bits set where <paramref name="bits"/> has the lane's bit) from eight lane bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V MaskOf(byte bits)
    {
        Vector512<long> laneBits = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        return Vector512.Equals(Vector512.Create((long)bits) & laneBits, laneBits).AsDouble();
    }
}
