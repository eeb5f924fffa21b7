using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gpu;
using AcaKernels.Gpu.FixedStep;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.GpuBench.Check;

/// <summary>
/// Before any timing: each GPU workload on the first trajectories against the CPU ensemble engine
/// (<see cref="EnsembleSolver{T, TDynamics}"/> over the generated CPU struct, float32, same options), and the Dopri5
/// forward + ACA once more in float64.
/// </summary>
/// <remarks>
/// Limits, |gpu − cpu| ≤ limit·max(1, |cpu|): states 1e-4, gradients 1e-3, the float32 rows of the GPU tests'
/// tolerance table (tests/AcaKernels.Gpu.Tests/Support/Tolerances.cs): float's ulp is 6e-8, a solve accumulates a few
/// thousand roundings (1000 RK4 steps; a device contracts a·b + c where .NET does not) amplified ~e^0.9 by Lorenz over
/// [0, 1], ~1e-5 at worst, while a wrong stage, coefficient or gradient term moves results by ≥ 1e-3. The fixed-step
/// RK4 kernel is compared with the CPU engine's RK4 (its generic stepper: a different order of the same sums). The
/// float64 rows: states 1e-9, gradients 1e-8, the table's float64 rows (a device's ulp-level differences amplified by the
/// error estimate's cancellation stay ~1e-13; a changed accept/reject decision moves results by ~rtol).
/// </remarks>
internal static class CorrectnessCheck
{
    /// <summary>Runs the checks; returns whether all passed and the most accepted steps a Dopri5 trajectory took, in
    /// float32 and in float64.</summary>
    public static (bool Passed, int MaxSteps, int MaxSteps64) Run(GpuDevice device, CheckSettings s)
    {
        int B = s.CheckTrajectories;
        var work = new LorenzEnsemble(B);
        double h = 1.0 / s.Steps;
        bool passed = true;

        // Fixed-step RK4: the GPU kernel against the CPU engine's RK4.
        using (var gpu = new GpuFixedStepSolver<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(B, device))
        using (var cpu = new EnsembleSolver<float, Lorenz.RhsSingleOde>(B, new OdeOptions { Method = RungeKuttaMethod.Rk4, FixedStep = h, Gradient = GradientMethod.None }))
        {
            var finals = new float[3 * B];
            int failed = gpu.Solve(work.ByComponent, work.Theta, 0, h, s.Steps, finals, new OdeStatus[B]);
            var outputs = new float[2 * 3 * B];
            cpu.Solve(work.ByTrajectory, work.Theta, work.Times, outputs, new SolveResult[B]).ThrowIfFailed();
            passed &= failed == 0;
            passed &= Comparison.Report($"rk4 fixed, {s.Steps} steps, z(1)", Comparison.Finals(outputs, B), Comparison.ByTrajectory(finals, B), 1e-4);
        }

        // Tsit5 with a constant step through the ensemble solver.
        var tsit5 = new OdeOptions { Method = RungeKuttaMethod.Tsitouras5, FixedStep = h, Gradient = GradientMethod.None };
        using (var gpu = new GpuEnsembleSolver<float, Lorenz.RhsSingleOde.Gpu.Tsitouras5>(B, device, tsit5,
            new GpuEnsembleOptions { KernelForm = s.KernelForm }))
        using (var cpu = new EnsembleSolver<float, Lorenz.RhsSingleOde>(B, tsit5))
        {
            var (g, c) = (new float[2 * 3 * B], new float[2 * 3 * B]);
            passed &= gpu.Solve(work.ByTrajectory, work.Theta, work.Times, g, new SolveResult[B]).IsSuccess;
            cpu.Solve(work.ByTrajectory, work.Theta, work.Times, c, new SolveResult[B]).ThrowIfFailed();
            passed &= Comparison.Report($"tsit5 fixed, {s.Steps} steps, z(1)", Comparison.Finals(c, B), Comparison.Finals(g, B), 1e-4);
            using var fused = new GpuFixedStepSolver<float, Lorenz.RhsSingleOde.Gpu.Tsitouras5>(B, device, method: FixedStepMethod.StepperTableau);
            var finals = new float[3 * B];
            passed &= fused.Solve(work.ByComponent, work.Theta, 0, h, s.Steps, finals, new OdeStatus[B]) == 0;
            passed &= Comparison.Report($"tsit5 fixed (fused kernel), {s.Steps} steps, z(1)", Comparison.Finals(c, B), Comparison.ByTrajectory(finals, B), 1e-4);
        }

        // Adaptive Dopri5 with checkpoints and the ACA gradient, in float32, then in float64 (issue 9: measure both
        // precisions) against the CPU engine in float64.
        var dopri5 = new OdeOptions { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };
        (bool passed32, int maxSteps) = Dopri5<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5, Lorenz.RhsSingleOde>(device, s, dopri5,
            work.Times, new(work.ByTrajectory, work.Theta, work.Seeds), "", stateLimit: 1e-4, gradientLimit: 1e-3);
        (bool passed64, int maxSteps64) = Dopri5<double, Lorenz.RhsOde.Gpu.DormandPrince5, Lorenz.RhsOde>(device, s, dopri5,
            work.Times, new(work.ByTrajectory64, work.Theta64, work.Seeds64), "float64 ", stateLimit: 1e-9, gradientLimit: 1e-8);
        passed &= passed32 & passed64;
        Console.WriteLine($"  dopri5: at most {maxSteps} accepted steps per trajectory in float32, {maxSteps64} in float64");
        return (passed, maxSteps, maxSteps64);
    }

    /// <summary>The Dopri5 forward solve with checkpoints and its ACA gradient on the GPU against the CPU engine, in
    /// precision <typeparamref name="T"/>, for any system (n and m from <paramref name="inputs"/>; <paramref name="label"/>
    /// names it in the lines: "", "float64 ", "neural ODE "); returns whether all passed and the most accepted steps a
    /// trajectory took.</summary>
    public static (bool Passed, int MaxSteps) Dopri5<T, TStepper, TDynamics>(GpuDevice device, CheckSettings s, OdeOptions options,
        double[] times, EnsembleInputs<T> inputs, string label, double stateLimit, double gradientLimit)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStepper : struct, IGpuStepper<T>
        where TDynamics : IOdeDynamics<T>
    {
        int B = s.CheckTrajectories, n = inputs.StateSize(B), m = inputs.Theta.Length;
        using var gpu = new GpuEnsembleSolver<T, TStepper>(B, device, options, new GpuEnsembleOptions { CheckpointCapacity = 4096, KernelForm = s.KernelForm });
        using var cpu = new EnsembleSolver<T, TDynamics>(B, options);
        var (g, c) = (new T[2 * n * B], new T[2 * n * B]);
        var results = new SolveResult[B];
        EnsembleResult solved = gpu.Solve(inputs.Z0, inputs.Theta, times, g, results);
        cpu.Solve(inputs.Z0, inputs.Theta, times, c, new SolveResult[B]).ThrowIfFailed();
        if (!solved.IsSuccess) Console.WriteLine($"  dopri5 {label}on the GPU: {solved.Describe()}");
        bool passed = solved.IsSuccess;
        int maxSteps = results.Max(r => r.Statistics.AcceptedSteps);
        passed &= Comparison.Report($"dopri5 {label}rtol {s.RelativeTolerance:G2}, z(1)", Wide(Comparison.Finals(c, B, n)), Wide(Comparison.Finals(g, B, n)), stateLimit);

        var (gz, cz, gp, cp) = (new T[n * B], new T[n * B], new T[m], new T[m]);
        passed &= gpu.Gradient(inputs.Seeds, gz, gp, new GradientResult[B]).IsSuccess;
        cpu.Gradient(inputs.Seeds, cz, cp, new GradientResult[B]).ThrowIfFailed();
        passed &= Comparison.Report($"dopri5 {label}ACA dL/dz0", Wide(cz), Wide(gz), gradientLimit);
        passed &= Comparison.Report($"dopri5 {label}ACA dL/dtheta (sum over {B})", Wide(cp), Wide(gp), gradientLimit);
        return (passed, maxSteps);
    }

    private static double[] Wide<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(values, v => double.CreateTruncating(v));
}
