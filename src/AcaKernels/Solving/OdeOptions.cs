using AcaKernels.Control;
using AcaKernels.Gradients;
using AcaKernels.Tableaus;

namespace AcaKernels.Solving;

/// <summary>Immutable settings of a solver: method, tolerances, step limits, gradient method and memory policy.</summary>
public sealed record OdeOptions
{
    /// <summary>Runge-Kutta method. Default Dormand-Prince 5(4).</summary>
    public RungeKuttaMethod Method { get; init; } = RungeKuttaMethod.DormandPrince5;

    /// <summary>Relative tolerance for every component (unless <see cref="RelativeTolerances"/> is set).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>Absolute tolerance for every component (unless <see cref="AbsoluteTolerances"/> is set).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;

    /// <summary>Per-component relative tolerances (length n), overriding <see cref="RelativeTolerance"/>.</summary>
    public IReadOnlyList<double>? RelativeTolerances { get; init; }

    /// <summary>Per-component absolute tolerances (length n), overriding <see cref="AbsoluteTolerance"/>.</summary>
    public IReadOnlyList<double>? AbsoluteTolerances { get; init; }

    /// <summary>First step magnitude; null = Hairer's heuristic.</summary>
    public double? InitialStep { get; init; }

    /// <summary>
    /// Constant step magnitude. Required by the fixed-step methods (Euler, Midpoint, Rk4); with an adaptive
    /// method it disables adaptation (the error estimate is ignored). Steps are still clipped to output times.
    /// </summary>
    public double? FixedStep { get; init; }

    /// <summary>Smallest step magnitude before <see cref="OdeStatus.StepSizeUnderflow"/>.</summary>
    public double MinStep { get; init; }

    /// <summary>Largest step magnitude.</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;

    /// <summary>Most trial steps (accepted plus rejected) per solve.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Step-size controller. Default PI.</summary>
    public StepSizeController Controller { get; init; } = StepSizeController.ProportionalIntegral;

    /// <summary>How gradients are computed. Default ACA.</summary>
    public GradientMethod Gradient { get; init; } = GradientMethod.Aca;

    /// <summary>Accepted steps the checkpoint store (ACA) or trials the tape (naive) hold, allocated once.</summary>
    public int CheckpointCapacity { get; init; } = 4096;

    /// <summary>What happens when the capacity is exceeded. Default: fail with a status, never allocate.</summary>
    public CheckpointGrowth CheckpointGrowth { get; init; } = CheckpointGrowth.Fail;

    /// <summary>True when steps adapt to the error estimate.</summary>
    public bool IsAdaptive => FixedStep is null && ButcherTableaus.Get(Method).IsAdaptive;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot work with state size n.</summary>
    public void Validate(int stateSize)
    {
        ButcherTableau tableau = ButcherTableaus.Get(Method);
        if (!tableau.IsAdaptive && FixedStep is null)
            throw new ArgumentException($"{Method} is a fixed-step method: set OdeOptions.FixedStep.", nameof(FixedStep));
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
        if (CheckpointCapacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(CheckpointCapacity), CheckpointCapacity, "CheckpointCapacity must be positive.");
        Controller.Validate();
    }

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
