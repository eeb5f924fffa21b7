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

        // Adaptive Dopri5 with checkpoints and the ACA gradient.
        var dopri5 = new OdeOptions { RelativeTolerance = s.RelativeTolerance, AbsoluteTolerance = s.AbsoluteTolerance };
        int maxSteps = 0, maxSteps64 = 0;
        using (var gpu = new GpuEnsembleSolver<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5>(B, device, dopri5, new GpuEnsembleOptions { CheckpointCapacity = 4096, KernelForm = s.KernelForm }))
        using (var cpu = new EnsembleSolver<float, Lorenz.RhsSingleOde>(B, dopri5))
        {
            var (g, c) = (new float[2 * 3 * B], new float[2 * 3 * B]);
            var results = new SolveResult[B];
            EnsembleResult solved = gpu.Solve(work.ByTrajectory, work.Theta, work.Times, g, results);
            cpu.Solve(work.ByTrajectory, work.Theta, work.Times, c, new SolveResult[B]).ThrowIfFailed();
            if (!solved.IsSuccess) Console.WriteLine($"  dopri5 on the GPU: {solved.Describe()}");
            passed &= solved.IsSuccess;
            foreach (SolveResult r in results) maxSteps = Math.Max(maxSteps, r.Statistics.AcceptedSteps);
            passed &= Comparison.Report($"dopri5 rtol {s.RelativeTolerance:G2}, z(1)", Comparison.Finals(c, B), Comparison.Finals(g, B), 1e-4);

            var (gz, cz, gp, cp) = (new float[3 * B], new float[3 * B], new float[3], new float[3]);
            passed &= gpu.Gradient(work.Seeds, gz, gp, new GradientResult[B]).IsSuccess;
            cpu.Gradient(work.Seeds, cz, cp, new GradientResult[B]).ThrowIfFailed();
            passed &= Comparison.Report("dopri5 ACA dL/dz0", cz, gz, 1e-3);
            passed &= Comparison.Report($"dopri5 ACA dL/dtheta (sum over {B})", cp, gp, 1e-3);
        }

        // The same Dopri5 forward + ACA in float64 (issue 9: measure both precisions), against the CPU engine in float64.
        using (var gpu = new GpuEnsembleSolver<double, Lorenz.RhsOde.Gpu.DormandPrince5>(B, device, dopri5, new GpuEnsembleOptions { CheckpointCapacity = 4096, KernelForm = s.KernelForm }))
        using (var cpu = new EnsembleSolver<double, Lorenz.RhsOde>(B, dopri5))
        {
            var (g, c) = (new double[2 * 3 * B], new double[2 * 3 * B]);
            var results = new SolveResult[B];
            EnsembleResult solved = gpu.Solve(work.ByTrajectory64, work.Theta64, work.Times, g, results);
            cpu.Solve(work.ByTrajectory64, work.Theta64, work.Times, c, new SolveResult[B]).ThrowIfFailed();
            if (!solved.IsSuccess) Console.WriteLine($"  dopri5 float64 on the GPU: {solved.Describe()}");
            passed &= solved.IsSuccess;
            foreach (SolveResult r in results) maxSteps64 = Math.Max(maxSteps64, r.Statistics.AcceptedSteps);
            passed &= Comparison.Report($"dopri5 float64 rtol {s.RelativeTolerance:G2}, z(1)", Comparison.Finals(c, B), Comparison.Finals(g, B), 1e-9);

            var (gz, cz, gp, cp) = (new double[3 * B], new double[3 * B], new double[3], new double[3]);
            passed &= gpu.Gradient(work.Seeds64, gz, gp, new GradientResult[B]).IsSuccess;
            cpu.Gradient(work.Seeds64, cz, cp, new GradientResult[B]).ThrowIfFailed();
            passed &= Comparison.Report("dopri5 float64 ACA dL/dz0", cz, gz, 1e-8);
            passed &= Comparison.Report($"dopri5 float64 ACA dL/dtheta (sum over {B})", cp, gp, 1e-8);
        }
        Console.WriteLine($"  dopri5: at most {maxSteps} accepted steps per trajectory in float32, {maxSteps64} in float64");
        return (passed, maxSteps, maxSteps64);
    }
}
