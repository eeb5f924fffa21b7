using System.Numerics;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The fixed-step RK4 ensemble kernel (<see cref="GpuFixedStepSolver{T, TStepper}"/>) against an independent RK4
/// written here in plain C# over its own Lorenz right-hand side: Lorenz, t ∈ [0, 1], 1000 steps of h = 0.001 (the
/// DiffEqGPU benchmark's workload), float32 and float64, θ shared or per trajectory.
/// </summary>
/// <remarks>
/// <para>The reference writes RK4's sums by the step-sum spec on <c>ButcherTableau</c> (the tableau's weights rounded to
/// T, stage inputs fma(h, a·k, z), S = ⅙k₁ then fma(b, k, S), z ← fma(h, S, z), explicit fused multiply-adds), the spec
/// every engine follows; the last test compares with the CPU engine's own RK4.</para>
/// <para>Tolerances, |gpu − ref| ≤ tol·max(1, |ref|): on the CPU accelerator 0 — the kernel runs as .NET code and does
/// the reference's operations in the reference's order, each rounded to T, so the bits are the same. On OpenCL/CUDA the
/// step sums are the same explicit FMAs, but the device compiler may still contract a·b + c inside f (OpenCL C's
/// default), changing each of f's ~10 roundings per stage by up to an ulp; over 1000 steps those add up to
/// ~1000·40·ulp in the worst case and ~√ of it typically, amplified at most e^0.9 ≈ 2.5 by Lorenz's divergence over
/// t ∈ [0, 1]: float32 (ulp 6e-8 relative) stays below ~1e-5 typically, so 1e-4 holds with margin while a wrong
/// coefficient or a missed stage (an O(h) or O(1) error, ≥ 1e-3) fails; float64 (ulp 1.1e-16) 1e-11 by the same count.</para>
/// </remarks>
public sealed class FixedStepRk4Tests
{
    private const int Steps = 1000;
    private const double H = 0.001;

    public static TheoryData<GpuBackend, int> Cases()
    {
        var data = new TheoryData<GpuBackend, int>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (int b in new[] { 1, 7, 1000 }) data.Add(backend, b);
        return data;
    }

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LorenzSingle_SharedTheta_MatchesIndependentRk4(GpuBackend backend, int trajectories)
    {
        float[] z0 = InitialStates<float>(trajectories, seed: 11);
        float[] theta = [10f, 28f, 8f / 3f];
        float[] finals = Solve<float, Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, trajectories, z0, theta, shared: true, out OdeStatus[] status);
        Assert.All(status, s => Assert.Equal(OdeStatus.Success, s));
        FixedStepFinals.AssertClose(Reference(z0, theta, trajectories, shared: true), finals, trajectories, backend == GpuBackend.Cpu ? 0 : 1e-4, "reference");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LorenzDouble_PerTrajectoryTheta_MatchesIndependentRk4(GpuBackend backend, int trajectories)
    {
        double[] z0 = InitialStates<double>(trajectories, seed: 12);
        double[] theta = PerTrajectoryTheta<double>(trajectories, seed: 13);
        double[] finals = Solve<double, Systems.Lorenz.RhsOde.Gpu.DormandPrince5>(backend, trajectories, z0, theta, shared: false, out OdeStatus[] status);
        Assert.All(status, s => Assert.Equal(OdeStatus.Success, s));
        FixedStepFinals.AssertClose(Reference(z0, theta, trajectories, shared: false), finals, trajectories, backend == GpuBackend.Cpu ? 0 : 1e-11, "reference");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzSingle_PoisonedTrajectory_FailsAlone(GpuBackend backend)
    {
        const int B = 33;
        float[] z0 = InitialStates<float>(B, seed: 14);
        float[] theta = PerTrajectoryTheta<float>(B, seed: 15);
        z0[1 * B + 5] = float.NaN;      // y₀ of trajectory 5
        theta[2 * B + 20] = float.PositiveInfinity; // β of trajectory 20
        float[] finals = Solve<float, Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, B, z0, theta, shared: false, out OdeStatus[] status);
        for (int b = 0; b < B; b++) Assert.Equal(b is 5 or 20 ? OdeStatus.NonFiniteState : OdeStatus.Success, status[b]);
        FixedStepFinals.AssertClose(Reference(z0, theta, B, shared: false), finals, B, backend == GpuBackend.Cpu ? 0 : 1e-4, "reference", skip: [5, 20]);
    }

    /// <summary>
    /// Against the CPU ensemble engine's RK4 (<see cref="OdeOptions.FixedStep"/>, the generic stepper over ClassicRk4's
    /// tableau): both follow the step-sum spec. On the CPU accelerator 1e-6: the engine accumulates t and clips its last
    /// step onto t = 1 (a step an ulp of t off 0.001, or a 1001st step of ~1e-16; Lorenz's f does not read t, so only
    /// that step's size matters, ~1e-13 relative); float32's rounding accumulated over 1000 steps is ~1e-5, so a kernel
    /// writing its sums in any other order (the multiply + add it had before) fails here. OpenCL: 1e-4 as above.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzSingle_MatchesCpuEngineRk4(GpuBackend backend)
    {
        const int B = 257;
        float[] z0 = InitialStates<float>(B, seed: 16);
        float[] theta = PerTrajectoryTheta<float>(B, seed: 17);
        float[] finals = Solve<float, Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5>(backend, B, z0, theta, shared: false, out OdeStatus[] status);
        Assert.All(status, s => Assert.Equal(OdeStatus.Success, s));
        FixedStepFinals.AssertClose(FixedStepFinals.CpuEngineLorenz(RungeKuttaMethod.Rk4, B, z0, theta, H, Steps), finals, B,
            backend == GpuBackend.Cpu ? 1e-6 : 1e-4, "CPU engine");
    }

    [Fact]
    public void Solver_WrongLengths_SayWhatIsExpected()
    {
        using var solver = new GpuFixedStepSolver<float, Systems.Lorenz.RhsSingleOde.Gpu.DormandPrince5>(4, TestBackends.Device(GpuBackend.Cpu));
        var z0Error = Assert.Throws<ArgumentException>(() => solver.Upload(new float[11], new float[3]));
        Assert.Contains("n·B = 3·4 = 12", z0Error.Message);
        var thetaError = Assert.Throws<ArgumentException>(() => solver.Upload(new float[12], new float[4]));
        Assert.Contains("m = 3", thetaError.Message);
        Assert.Throws<InvalidOperationException>(() => solver.Run(0, H, Steps));
        solver.Upload(new float[12], new float[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.Run(0, 0, Steps));
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.Run(double.NaN, H, Steps));
        Assert.Throws<InvalidOperationException>(() => solver.Download(new float[12], new OdeStatus[4]));
        solver.Run(0, H, 1);
        Assert.Throws<ArgumentException>(() => solver.Download(new float[12], new OdeStatus[3]));
    }

    private static T[] Solve<T, TStepper>(GpuBackend backend, int trajectories, T[] z0, T[] theta, bool shared, out OdeStatus[] status)
        where T : unmanaged, IFloatingPointIeee754<T> where TStepper : struct, IGpuStepper<T>
    {
        using var solver = new GpuFixedStepSolver<T, TStepper>(trajectories, TestBackends.Device(backend), shared);
        var finals = new T[3 * trajectories];
        status = new OdeStatus[trajectories];
        solver.Solve(z0, theta, 0.0, H, Steps, finals, status);
        return finals;
    }

    /// <summary>z₀ near the attractor's start (1, 1, 1) ± 10 %, [component][trajectory].</summary>
    private static T[] InitialStates<T>(int trajectories, int seed) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var z0 = new T[3 * trajectories];
        for (int i = 0; i < z0.Length; i++) z0[i] = T.CreateTruncating(1.0 + 0.1 * (2 * random.NextDouble() - 1));
        return z0;
    }

    /// <summary>(σ, ρ, β) = (10, 28, 8/3) ± 5 % per trajectory, [parameter][trajectory].</summary>
    private static T[] PerTrajectoryTheta<T>(int trajectories, int seed) where T : IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        double[] classic = [10, 28, 8.0 / 3];
        var theta = new T[3 * trajectories];
        for (int j = 0; j < 3; j++)
            for (int b = 0; b < trajectories; b++) theta[j * trajectories + b] = T.CreateTruncating(classic[j] * (1 + 0.05 * (2 * random.NextDouble() - 1)));
        return theta;
    }

    /// <summary>The independent reference: classical RK4 on Lorenz, one trajectory at a time, in T, its sums by the
    /// step-sum spec (see the class remarks; the weight 1 of k₃'s stage input is exact and left out).</summary>
    private static T[] Reference<T>(T[] z0, T[] theta, int trajectories, bool shared) where T : IFloatingPointIeee754<T>
    {
        var finals = new T[3 * trajectories];
        T h = T.CreateTruncating(H), half = T.CreateTruncating(0.5), third = T.CreateTruncating(1.0 / 3), sixth = T.CreateTruncating(1.0 / 6);
        for (int b = 0; b < trajectories; b++)
        {
            T[] p = shared ? theta : [theta[b], theta[trajectories + b], theta[2 * trajectories + b]];
            T[] z = [z0[b], z0[trajectories + b], z0[2 * trajectories + b]];
            T[] k1 = new T[3], k2 = new T[3], k3 = new T[3], k4 = new T[3], arg = new T[3];
            for (int i = 0; i < Steps; i++)
            {
                Lorenz(z, p, k1);
                for (int j = 0; j < 3; j++) arg[j] = T.FusedMultiplyAdd(h, half * k1[j], z[j]);
                Lorenz(arg, p, k2);
                for (int j = 0; j < 3; j++) arg[j] = T.FusedMultiplyAdd(h, half * k2[j], z[j]);
                Lorenz(arg, p, k3);
                for (int j = 0; j < 3; j++) arg[j] = T.FusedMultiplyAdd(h, k3[j], z[j]);
                Lorenz(arg, p, k4);
                for (int j = 0; j < 3; j++)
                {
                    T sum = sixth * k1[j];
                    sum = T.FusedMultiplyAdd(third, k2[j], sum);
                    sum = T.FusedMultiplyAdd(third, k3[j], sum);
                    sum = T.FusedMultiplyAdd(sixth, k4[j], sum);
                    z[j] = T.FusedMultiplyAdd(h, sum, z[j]);
                }
            }
            for (int j = 0; j < 3; j++) finals[j * trajectories + b] = z[j];
        }
        return finals;
    }

    private static void Lorenz<T>(T[] z, T[] p, T[] dz) where T : IFloatingPointIeee754<T>
    {
        dz[0] = p[0] * (z[1] - z[0]);
        dz[1] = z[0] * (p[1] - z[2]) - z[1];
        dz[2] = z[0] * z[1] - p[2] * z[2];
    }
}
