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

    /// <summary>Every coefficient the hot loop multiplies by, broadcast to eight lanes once, one 64-byte row each.</summary>
    /// <remarks>RyuJIT keeps a <c>Vector512.Create(c)</c> used more than once in a register (<c>vbroadcastsd</c>, hoisted),
    /// where GCC folds it into the FMA as a <c>{1to8}</c> memory operand; read from this table each use can be a
    /// full-width memory operand of its FMA instead, holding no register. Same values, so the same bits. With .NET 10 it
    /// takes rows read by <c>LoadAligned</c> (<see cref="L"/>: the JIT neither hoists nor CSEs that intrinsic, where it
    /// reads a vector field early into a register) and the table's address in a register (<see cref="_broadcasts"/>).
    /// RESULTS §37.</remarks>
    [StructLayout(LayoutKind.Sequential)]
    private struct Broadcasts
    {
        public V A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65;
        public V B1, B3, B4, B5, B6, E1, E3, E4, E5, E6, E7;
        public V T1, Atol, Rtol, Three, Half, One, Safety, MinFactor, MaxFactor, Beta1, Beta2, InverseOrder, RejectExponent;
        public V LogErrorFloor, Infinity;
    }

    /// <summary>The table, 64-byte aligned native memory filled once and never freed (a process-lifetime constant).</summary>
    private static readonly Broadcasts* K = CreateBroadcasts();

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
    // The table's address from an instance field, not the static: a static readonly pointer is a JIT-time constant,
    // and each use would then load its own 64-bit immediate address; from a field it is one register plus offsets.
    private readonly Broadcasts* _broadcasts = K;
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
        Broadcasts* k = _broadcasts;
        V t = g.T, h = g.H;
        V x = g.X, y = g.Y, z = g.Z, k1x = g.Kx, k1y = g.Ky, k1z = g.Kz;
        V clipped = Vector512.GreaterThanOrEqual(t + h - L(&k->T1), V.Zero);
        V hTry = Vector512.ConditionalSelect(clipped, L(&k->T1) - t, (t + h) - t);

        F(Stage(hTry, x, L(&k->A21) * k1x), Stage(hTry, y, L(&k->A21) * k1y), Stage(hTry, z, L(&k->A21) * k1z), sigma, rho, beta,
            out V k2x, out V k2y, out V k2z);
        F(Stage(hTry, x, Sum(&k->A31, k1x, &k->A32, k2x)), Stage(hTry, y, Sum(&k->A31, k1y, &k->A32, k2y)), Stage(hTry, z, Sum(&k->A31, k1z, &k->A32, k2z)),
            sigma, rho, beta, out V k3x, out V k3y, out V k3z);
        F(Stage(hTry, x, Sum(&k->A41, k1x, &k->A42, k2x, &k->A43, k3x)), Stage(hTry, y, Sum(&k->A41, k1y, &k->A42, k2y, &k->A43, k3y)),
            Stage(hTry, z, Sum(&k->A41, k1z, &k->A42, k2z, &k->A43, k3z)), sigma, rho, beta, out V k4x, out V k4y, out V k4z);
        F(Stage(hTry, x, Sum(&k->A51, k1x, &k->A52, k2x, &k->A53, k3x, &k->A54, k4x)), Stage(hTry, y, Sum(&k->A51, k1y, &k->A52, k2y, &k->A53, k3y, &k->A54, k4y)),
            Stage(hTry, z, Sum(&k->A51, k1z, &k->A52, k2z, &k->A53, k3z, &k->A54, k4z)), sigma, rho, beta, out V k5x, out V k5y, out V k5z);
        F(Stage(hTry, x, Sum(&k->A61, k1x, &k->A62, k2x, &k->A63, k3x, &k->A64, k4x, &k->A65, k5x)),
            Stage(hTry, y, Sum(&k->A61, k1y, &k->A62, k2y, &k->A63, k3y, &k->A64, k4y, &k->A65, k5y)),
            Stage(hTry, z, Sum(&k->A61, k1z, &k->A62, k2z, &k->A63, k3z, &k->A64, k4z, &k->A65, k5z)), sigma, rho, beta, out V k6x, out V k6y, out V k6z);
        V nx = Stage(hTry, x, Sum(&k->B1, k1x, &k->B3, k3x, &k->B4, k4x, &k->B5, k5x, &k->B6, k6x));
        V ny = Stage(hTry, y, Sum(&k->B1, k1y, &k->B3, k3y, &k->B4, k4y, &k->B5, k5y, &k->B6, k6y));
        V nz = Stage(hTry, z, Sum(&k->B1, k1z, &k->B3, k3z, &k->B4, k4z, &k->B5, k5z, &k->B6, k6z));
        F(nx, ny, nz, sigma, rho, beta, out V k7x, out V k7y, out V k7z);
        V ex = hTry * Sum(&k->E1, k1x, &k->E3, k3x, &k->E4, k4x, &k->E5, k5x, &k->E6, k6x, &k->E7, k7x);
        V ey = hTry * Sum(&k->E1, k1y, &k->E3, k3y, &k->E4, k4y, &k->E5, k5y, &k->E6, k6y, &k->E7, k7y);
        V ez = hTry * Sum(&k->E1, k1z, &k->E3, k3z, &k->E4, k4z, &k->E5, k5z, &k->E6, k6z, &k->E7, k7z);

        // The C++'s squared RMS norm over one division: Σ (e_j·Π_{k≠j} sc_k)² / (3·(Π sc)²).
        V sx = Scale(k, x, nx), sy = Scale(k, y, ny), sz = Scale(k, z, nz);
        V sxy = sx * sy, sxyz = sxy * sz;
        V rx = ex * (sy * sz), ry = ey * (sx * sz), rz = ez * sxy;
        V err2 = (rx * rx + ry * ry + rz * rz) / (L(&k->Three) * (sxyz * sxyz));
        V accept = Vector512.LessThanOrEqual(err2, V.One) & g.Active, reject = g.Active & ~accept;
        if (record) Record(ref g, t, hTry, x, y, z, accept);
        g.Fresh &= ~accept;

        V logError = L(&k->Half) * StepMath.Log(err2);
        V acceptFactor = Vector512.ConditionalSelect(Vector512.Equals(err2, V.Zero), L(&k->MaxFactor),
            Clamp(L(&k->Safety) * StepMath.Exp((L(&k->Beta2) * g.LogPrevious - L(&k->Beta1) * logError) * L(&k->InverseOrder)), &k->MinFactor, &k->MaxFactor));
        g.LogPrevious = Vector512.ConditionalSelect(accept, Vector512.Max(logError, L(&k->LogErrorFloor)), g.LogPrevious);
        V hNext = hTry * acceptFactor;
        // A step shortened to land on t = 1 says nothing about the step the error allows.
        hNext = Vector512.ConditionalSelect(clipped & Vector512.LessThan(Vector512.Abs(hNext), Vector512.Abs(h)), h, hNext);
        V hRejected = hTry;
        if (reject.ExtractMostSignificantBits() != 0)
        {
            V finite = Vector512.LessThan(Vector512.Abs(err2), L(&k->Infinity));
            V factor = Clamp(L(&k->Safety) * StepMath.Exp(StepMath.Log(err2) * L(&k->RejectExponent)), &k->MinFactor, &k->One);
            hRejected = hTry * Vector512.ConditionalSelect(finite, factor, L(&k->MinFactor));
            g.Rejected += reject & V.One;
        }
        g.H = Vector512.ConditionalSelect(accept, Vector512.Abs(hNext), hRejected);

        V tNext = Vector512.ConditionalSelect(clipped, L(&k->T1), t + hTry);
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
        Broadcasts* c = _broadcasts;
        V h = Vector512.LoadAligned(slot + Lanes);
        V x = Vector512.LoadAligned(slot + 2 * Lanes), y = Vector512.LoadAligned(slot + 3 * Lanes), z = Vector512.LoadAligned(slot + 4 * Lanes);
        F(x, y, z, sigma, rho, beta, out V k1x, out V k1y, out V k1z);
        V y2x = Stage(h, x, L(&c->A21) * k1x), y2y = Stage(h, y, L(&c->A21) * k1y), y2z = Stage(h, z, L(&c->A21) * k1z);
        F(y2x, y2y, y2z, sigma, rho, beta, out V k2x, out V k2y, out V k2z);
        V y3x = Stage(h, x, Sum(&c->A31, k1x, &c->A32, k2x)), y3y = Stage(h, y, Sum(&c->A31, k1y, &c->A32, k2y)), y3z = Stage(h, z, Sum(&c->A31, k1z, &c->A32, k2z));
        F(y3x, y3y, y3z, sigma, rho, beta, out V k3x, out V k3y, out V k3z);
        V y4x = Stage(h, x, Sum(&c->A41, k1x, &c->A42, k2x, &c->A43, k3x)), y4y = Stage(h, y, Sum(&c->A41, k1y, &c->A42, k2y, &c->A43, k3y));
        V y4z = Stage(h, z, Sum(&c->A41, k1z, &c->A42, k2z, &c->A43, k3z));
        F(y4x, y4y, y4z, sigma, rho, beta, out V k4x, out V k4y, out V k4z);
        V y5x = Stage(h, x, Sum(&c->A51, k1x, &c->A52, k2x, &c->A53, k3x, &c->A54, k4x)), y5y = Stage(h, y, Sum(&c->A51, k1y, &c->A52, k2y, &c->A53, k3y, &c->A54, k4y));
        V y5z = Stage(h, z, Sum(&c->A51, k1z, &c->A52, k2z, &c->A53, k3z, &c->A54, k4z));
        F(y5x, y5y, y5z, sigma, rho, beta, out V k5x, out V k5y, out V k5z);
        V y6x = Stage(h, x, Sum(&c->A61, k1x, &c->A62, k2x, &c->A63, k3x, &c->A64, k4x, &c->A65, k5x));
        V y6y = Stage(h, y, Sum(&c->A61, k1y, &c->A62, k2y, &c->A63, k3y, &c->A64, k4y, &c->A65, k5y));
        V y6z = Stage(h, z, Sum(&c->A61, k1z, &c->A62, k2z, &c->A63, k3z, &c->A64, k4z, &c->A65, k5z));

        V a0x = ax, a0y = ay, a0z = az;
        V hb1 = h * L(&c->B1), hb3 = h * L(&c->B3), hb4 = h * L(&c->B4), hb5 = h * L(&c->B5), hb6 = h * L(&c->B6);
        V kb1x = hb1 * a0x, kb1y = hb1 * a0y, kb1z = hb1 * a0z;
        V kb2x = V.Zero, kb2y = V.Zero, kb2z = V.Zero; // b₂ = 0
        V kb3x = hb3 * a0x, kb3y = hb3 * a0y, kb3z = hb3 * a0z;
        V kb4x = hb4 * a0x, kb4y = hb4 * a0y, kb4z = hb4 * a0z;
        V kb5x = hb5 * a0x, kb5y = hb5 * a0y, kb5z = hb5 * a0z;
        V inx = a0x, iny = a0y, inz = a0z, ps = V.Zero, pr = V.Zero, pb = V.Zero;

        Vjp(y6x, y6y, y6z, hb6 * a0x, hb6 * a0y, hb6 * a0z, sigma, rho, beta, ref ps, ref pr, ref pb, out V bx, out V by, out V bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, &c->A61, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, &c->A62, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Spread(h, &c->A63, bx, by, bz, ref kb3x, ref kb3y, ref kb3z);
        Spread(h, &c->A64, bx, by, bz, ref kb4x, ref kb4y, ref kb4z);
        Spread(h, &c->A65, bx, by, bz, ref kb5x, ref kb5y, ref kb5z);
        Vjp(y5x, y5y, y5z, kb5x, kb5y, kb5z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, &c->A51, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, &c->A52, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Spread(h, &c->A53, bx, by, bz, ref kb3x, ref kb3y, ref kb3z);
        Spread(h, &c->A54, bx, by, bz, ref kb4x, ref kb4y, ref kb4z);
        Vjp(y4x, y4y, y4z, kb4x, kb4y, kb4z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, &c->A41, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, &c->A42, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Spread(h, &c->A43, bx, by, bz, ref kb3x, ref kb3y, ref kb3z);
        Vjp(y3x, y3y, y3z, kb3x, kb3y, kb3z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, &c->A31, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
        Spread(h, &c->A32, bx, by, bz, ref kb2x, ref kb2y, ref kb2z);
        Vjp(y2x, y2y, y2z, kb2x, kb2y, kb2z, sigma, rho, beta, ref ps, ref pr, ref pb, out bx, out by, out bz);
        inx += bx; iny += by; inz += bz;
        Spread(h, &c->A21, bx, by, bz, ref kb1x, ref kb1y, ref kb1z);
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

    private static Broadcasts* CreateBroadcasts()
    {
        var k = (Broadcasts*)NativeMemory.AlignedAlloc((nuint)sizeof(Broadcasts), 64);
        (k->A21, k->A31, k->A32) = (C(A21), C(A31), C(A32));
        (k->A41, k->A42, k->A43) = (C(A41), C(A42), C(A43));
        (k->A51, k->A52, k->A53, k->A54) = (C(A51), C(A52), C(A53), C(A54));
        (k->A61, k->A62, k->A63, k->A64, k->A65) = (C(A61), C(A62), C(A63), C(A64), C(A65));
        (k->B1, k->B3, k->B4, k->B5, k->B6) = (C(B1), C(B3), C(B4), C(B5), C(B6));
        (k->E1, k->E3, k->E4, k->E5, k->E6, k->E7) = (C(E1), C(E3), C(E4), C(E5), C(E6), C(E7));
        (k->T1, k->Atol, k->Rtol, k->Three, k->Half, k->One) = (C(T1), C(Atol), C(Rtol), C(3), C(0.5), C(1));
        (k->Safety, k->MinFactor, k->MaxFactor, k->Beta1, k->Beta2) = (C(Safety), C(MinFactor), C(MaxFactor), C(Beta1), C(Beta2));
        (k->InverseOrder, k->RejectExponent) = (C(1 / Order), C(-0.5 / Order));
        (k->LogErrorFloor, k->Infinity) = (C(Math.Log(1e-4)), C(double.PositiveInfinity));
        return k;
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
    private static void Spread(V h, V* a, V bx, V by, V bz, ref V kx, ref V ky, ref V kz)
    {
        V ha = h * L(a);
        kx = Vector512.FusedMultiplyAdd(ha, bx, kx);
        ky = Vector512.FusedMultiplyAdd(ha, by, ky);
        kz = Vector512.FusedMultiplyAdd(ha, bz, kz);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Stage(V h, V z, V sum) => Vector512.FusedMultiplyAdd(h, sum, z);

    // The coefficients come by address and are read where they are used (L): passed by value, a coefficient next to an
    // inlined call is spilled to a temporary by the importer, and a temporary is no memory operand.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(V* a, V k1, V* b, V k2)
    {
        V product = k1 * L(a);
        return Vector512.FusedMultiplyAdd(k2, L(b), product);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(V* a, V k1, V* b, V k2, V* c, V k3)
    {
        V partial = Sum(a, k1, b, k2);
        return Vector512.FusedMultiplyAdd(k3, L(c), partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(V* a, V k1, V* b, V k2, V* c, V k3, V* d, V k4)
    {
        V partial = Sum(a, k1, b, k2, c, k3);
        return Vector512.FusedMultiplyAdd(k4, L(d), partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(V* a, V k1, V* b, V k2, V* c, V k3, V* d, V k4, V* e, V k5)
    {
        V partial = Sum(a, k1, b, k2, c, k3, d, k4);
        return Vector512.FusedMultiplyAdd(k5, L(e), partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Sum(V* a, V k1, V* b, V k2, V* c, V k3, V* d, V k4, V* e, V k5, V* f, V k6)
    {
        V partial = Sum(a, k1, b, k2, c, k3, d, k4, e, k5);
        return Vector512.FusedMultiplyAdd(k6, L(f), partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Scale(Broadcasts* k, V z, V zNew) => L(&k->Atol) + L(&k->Rtol) * Vector512.Max(Vector512.Abs(z), Vector512.Abs(zNew));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Clamp(V x, V* low, V* high) => Vector512.Min(Vector512.Max(x, L(low)), L(high));

    private static V Rms(V x, V y, V z) => Vector512.Sqrt((x * x + y * y + z * z) / C(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V C(double value) => Vector512.Create(value);

    /// <summary>A row of the coefficient table. <c>LoadAligned</c>, not a field read: .NET 10 folds the intrinsic into the
    /// FMA that uses it as a memory operand, where it evaluates a plain field read of a vector early into a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V L(V* row) => Vector512.LoadAligned((double*)row);

    /// <summary>A lane mask (all bits set where <paramref name="bits"/> has the lane's bit) from eight lane bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V MaskOf(byte bits)
    {
        Vector512<long> laneBits = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        return Vector512.Equals(Vector512.Create((long)bits) & laneBits, laneBits).AsDouble();
    }
}
