using System.Numerics;
using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Tableaus;

namespace AcaKernels.Solving;

/// <summary>Immutable settings of a solver: method, tolerances, step limits, gradient method and memory policy.</summary>
public sealed record OdeOptions
{
    /// <summary>Runge-Kutta method, one of the built-ins. Default Dormand-Prince 5(4). <see cref="Tableau"/>, when
    /// set, overrides it.</summary>
    public RungeKuttaMethod Method { get; init; } = RungeKuttaMethod.DormandPrince5;

    /// <summary>
    /// Any explicit Runge-Kutta tableau, overriding <see cref="Method"/>; null (the default) runs <see cref="Method"/>.
    /// A user-defined tableau runs on the generic stepper everywhere; declared in a static class marked
    /// <see cref="RungeKuttaTableauAttribute"/> it also gets the generator's fused scalar and lane kernels.
    /// </summary>
    public ButcherTableau? Tableau { get; init; }

    /// <summary>The tableau the solver runs: <see cref="Tableau"/> if set, else the one of <see cref="Method"/>.</summary>
    public ButcherTableau EffectiveTableau => Tableau ?? ButcherTableaus.Get(Method);

    /// <summary>Relative tolerance for every component (unless <see cref="RelativeTolerances"/> is set).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>Absolute tolerance for every component (unless <see cref="AbsoluteTolerances"/> is set).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;

    /// <summary>Per-component relative tolerances (length n), overriding <see cref="RelativeTolerance"/>. A
    /// read-only copy of what was given: changing that array later does not change the options.</summary>
    public IReadOnlyList<double>? RelativeTolerances { get => _relativeTolerances; init => _relativeTolerances = Freeze(value); }

    /// <summary>Per-component absolute tolerances (length n), overriding <see cref="AbsoluteTolerance"/>. A
    /// read-only copy of what was given.</summary>
    public IReadOnlyList<double>? AbsoluteTolerances { get => _absoluteTolerances; init => _absoluteTolerances = Freeze(value); }

    private readonly IReadOnlyList<double>? _relativeTolerances, _absoluteTolerances;

    /// <summary>First step magnitude; null = Hairer's heuristic.</summary>
    public double? InitialStep { get; init; }

    /// <summary>
    /// Constant step magnitude. Required by the fixed-step methods (Euler, Midpoint, Rk4); with an adaptive
    /// method it disables adaptation (the error estimate is ignored). Steps are still clipped to output times, and a
    /// step ending short of one by t's rounding (at most 10⁻⁴·h) is stretched onto it: h = 0.1 on [0, 1] takes
    /// exactly 10 steps (<c>StepRule.EndSlack</c>).
    /// </summary>
    public double? FixedStep { get; init; }

    /// <summary>Smallest step magnitude before <see cref="OdeStatus.StepSizeUnderflow"/>.</summary>
    public double MinStep { get; init; }

    /// <summary>Largest step magnitude.</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Most trial steps (accepted plus rejected) per solve. Default 10⁷: room for a 10⁶-step solve, or 10⁵ output
    /// times each costing several steps and rejections, while a problem that stalls (stiffness, a singularity)
    /// still stops after seconds, not hours, with a status saying why.
    /// </summary>
    public int MaxSteps { get; init; } = 10_000_000;

    /// <summary>
    /// How often Dormand-Prince 5(4)'s stiffness test runs, in accepted steps: on every
    /// <c>StiffnessTestInterval</c>-th accepted step, and on every step while a stiff stretch is open (from a step it
    /// finds stiff until six non-stiff steps in a row), as in Hairer's DOPRI5 (his NSTIFF). Default 1000, his; 1 tests
    /// every accepted step. The test never changes the solution or the steps taken: it only decides whether a solve
    /// stopped by a limit (<see cref="MaxSteps"/>, step size, gradient memory) reports <see cref="OdeStatus.LikelyStiff"/>
    /// (fifteen stiff steps in a stretch) rather than the limit alone. A larger interval costs less per step and
    /// notices stiffness later: a solve that stops within its first interval accepted steps has not been tested yet.
    /// Other methods have no stiffness test, and the GPU solvers never run it (they report the limit itself), so they
    /// do not read this setting.
    /// </summary>
    /// <remarks>Hairer, Nørsett and Wanner, <i>Solving ODEs I</i>, §II.10 (the DOPRI5 code, its NSTIFF).</remarks>
    public int StiffnessTestInterval { get; init; } = StiffnessDetector.DefaultTestInterval;

    /// <summary>Step-size controller. Default PI.</summary>
    public StepSizeController Controller { get; init; } = StepSizeController.ProportionalIntegral;

    /// <summary>
    /// How gradients are computed. Default ACA. <see cref="GradientMethod.None"/> builds a solver for forward
    /// solves only, which records nothing.
    /// </summary>
    public GradientMethod Gradient { get; init; } = GradientMethod.Aca;

    /// <summary>
    /// Accepted steps the checkpoint store (ACA) or trials the tape (naive) hold when the solver is created.
    /// With <see cref="CheckpointGrowth.Double"/> the store starts at this size and grows; with
    /// <see cref="CheckpointGrowth.Fail"/> it is the fixed capacity.
    /// </summary>
    public int CheckpointCapacity { get; init; } = 4096;

    /// <summary>
    /// What happens when the gradient storage is full. Default <see cref="CheckpointGrowth.Double"/>: grow, up
    /// to <see cref="GradientMemoryLimit"/>. <see cref="CheckpointGrowth.Fail"/> keeps the store allocated once
    /// (never allocates in a solve; for hot loops) and stops with a status when it is full.
    /// </summary>
    public CheckpointGrowth CheckpointGrowth { get; init; } = CheckpointGrowth.Double;

    /// <summary>
    /// Ceiling in bytes on the gradient storage (ACA checkpoints, the naive tape) when it grows. A solve that
    /// would pass it stops with <see cref="OdeStatus.GradientMemoryLimitExceeded"/>. Default 1 GiB: 10⁶ ACA
    /// steps of a 100-component double state take 0.8 GB, so ordinary work never meets it, while a runaway
    /// solve (a stiff problem, a naive tape of millions of trials) fails with a clear status before it drives
    /// a laptop into swap. In an <see cref="Ensembles.EnsembleSolver{T, TDynamics}"/> with ACA the limit bounds
    /// all trajectories' checkpoints together (each gets about limit / B).
    /// </summary>
    public long GradientMemoryLimit { get; init; } = 1L << 30;

    /// <summary>True when steps adapt to the error estimate.</summary>
    public bool IsAdaptive => FixedStep is null && EffectiveTableau.IsAdaptive;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot work with state size n.</summary>
    public void Validate(int stateSize)
    {
        ButcherTableau tableau = EffectiveTableau;
        if (!tableau.IsAdaptive && FixedStep is null)
            throw new ArgumentException($"{tableau.Name} is a fixed-step method: set OdeOptions.FixedStep.", nameof(FixedStep));
        if (FixedStep is { } fixedStep && !(fixedStep > 0 && double.IsFinite(fixedStep)))
            throw new ArgumentOutOfRangeException(nameof(FixedStep), fixedStep, "FixedStep must be positive and finite.");
        CheckTolerance(nameof(RelativeTolerance), RelativeTolerance);
        CheckTolerance(nameof(AbsoluteTolerance), AbsoluteTolerance);
        CheckTolerances(nameof(RelativeTolerances), RelativeTolerances, stateSize);
        CheckTolerances(nameof(AbsoluteTolerances), AbsoluteTolerances, stateSize);
        if (InitialStep is { } h0 && !(h0 > 0 && double.IsFinite(h0)))
            throw new ArgumentOutOfRangeException(nameof(InitialStep), h0, "InitialStep must be positive and finite.");
        if (!(MinStep >= 0) || !(MaxStep > 0) || MinStep > MaxStep)
            throw new ArgumentOutOfRangeException(nameof(MinStep), $"Need 0 ≤ MinStep ({MinStep}) ≤ MaxStep ({MaxStep}), MaxStep > 0.");
        if (MaxSteps <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "MaxSteps must be positive.");
        if (StiffnessTestInterval <= 0)
            throw new ArgumentOutOfRangeException(nameof(StiffnessTestInterval), StiffnessTestInterval,
                "StiffnessTestInterval must be at least 1 accepted step (1 tests every step; the default, Hairer's, is 1000).");
        if (CheckpointCapacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(CheckpointCapacity), CheckpointCapacity, "CheckpointCapacity must be positive.");
        if (GradientMemoryLimit <= 0)
            throw new ArgumentOutOfRangeException(nameof(GradientMemoryLimit), GradientMemoryLimit, "GradientMemoryLimit must be a positive number of bytes.");
        if (!Enum.IsDefined(Gradient))
            throw new ArgumentOutOfRangeException(nameof(Gradient), Gradient, "Unknown GradientMethod.");
        if (!Enum.IsDefined(CheckpointGrowth))
            throw new ArgumentOutOfRangeException(nameof(CheckpointGrowth), CheckpointGrowth, "Unknown CheckpointGrowth.");
        Controller.Validate();
    }

    /// <summary>
    /// <see cref="Validate"/>, and a relative tolerance the precision of T can meet: below T's machine epsilon
    /// (2⁻²³ ≈ 1.2e-7 for float, 2⁻⁵² ≈ 2.2e-16 for double) no step is that accurate, and the solve either crawls to
    /// <see cref="MaxSteps"/> or reports rounding noise as converged (a float32 system at rtol 1e-12 took 123 473
    /// steps and "succeeded").
    /// </summary>
    internal void Validate<T>(int stateSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(stateSize);
        if (!IsAdaptive) return; // a fixed step reads no tolerance
        double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
        if (RelativeTolerances is { } rtols) // it overrides RelativeTolerance, which is then not read
            for (int j = 0; j < rtols.Count; j++) CheckPrecision<T>($"{nameof(RelativeTolerances)}[{j}]", rtols[j], epsilon);
        else
            CheckPrecision<T>(nameof(RelativeTolerance), RelativeTolerance, epsilon);
    }

    private static void CheckPrecision<T>(string name, double value, double epsilon)
    {
        if (value < epsilon)
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} = {value:G3} is below the precision of {typeof(T).Name} (machine epsilon {epsilon:G3}): no step can be " +
                $"that accurate. Use a relative tolerance of at least {epsilon:G3} (in practice 100× that or more)" +
                (typeof(T) == typeof(float) ? ", or solve in double." : "."));
    }

    // Options are immutable and shared between solvers: keep a copy no caller holds a mutable reference to.
    private static IReadOnlyList<double>? Freeze(IReadOnlyList<double>? values) =>
        values is null ? null : Array.AsReadOnly(values.ToArray());

    private static void CheckTolerance(string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
    }

    private static void CheckTolerances(string name, IReadOnlyList<double>? values, int n)
    {
        if (values is null) return;
        if (values.Count != n)
            throw new ArgumentException($"{name} has {values.Count} entries; the state has {n} components.", name);
        for (int j = 0; j < n; j++)
            if (!(values[j] > 0 && double.IsFinite(values[j])))
                throw new ArgumentOutOfRangeException(name, values[j], $"{name}[{j}] must be positive and finite.");
    }
}
