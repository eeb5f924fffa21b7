using System.Runtime.Intrinsics;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>TryLaneEvaluate of a system (compiled here or in memory).</summary>
public delegate bool LaneEvaluateFn(Vector512<double> t, ReadOnlySpan<Vector512<double>> z, ReadOnlySpan<Vector512<double>> p,
    Span<Vector512<double>> dz);

/// <summary>TryLaneTrialStep of a system.</summary>
public delegate bool LaneTrialStepFn(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
    ReadOnlySpan<Vector512<double>> p, Span<Vector512<double>> stages, Span<Vector512<double>> zNew, Span<Vector512<double>> error,
    Span<Vector512<double>> error2, ReadOnlySpan<Vector512<double>> atol, ReadOnlySpan<Vector512<double>> rtol, Span<Vector512<double>> sumOfSquares);

/// <summary>TryFusedTrialStep of a double system.</summary>
public delegate bool FusedTrialStepFn(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
    Span<double> stages, Span<double> zNew, Span<double> error, Span<double> error2);

/// <summary>TryFusedStepVjp of a double system.</summary>
public delegate bool FusedStepVjpFn(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
    ReadOnlySpan<double> adjointOut, Span<double> adjointIn, Span<double> gradP, Span<double> scratch);

/// <summary>TryLaneStepVjp of a system.</summary>
public delegate bool LaneStepVjpFn(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
    ReadOnlySpan<Vector512<double>> p, ReadOnlySpan<Vector512<double>> adjointOut, Span<Vector512<double>> adjointIn,
    Span<Vector512<double>> gradP, Span<Vector512<double>> scratch);

/// <summary>TryLaneStepVjpWithTime of a system.</summary>
public delegate bool LaneStepVjpWithTimeFn(ButcherTableau tableau, Vector512<double> t, Vector512<double> h, ReadOnlySpan<Vector512<double>> z,
    ReadOnlySpan<Vector512<double>> p, ReadOnlySpan<Vector512<double>> adjointOut, Span<Vector512<double>> adjointIn,
    Span<Vector512<double>> gradP, Span<Vector512<double>> scratch, out Vector512<double> gradH, out Vector512<double> gradT);

/// <summary>The generic stepper's StepVjp with time gradients on a system's f (its fused hooks bypassed): returns ∂L/∂h.</summary>
public delegate double GenericStepVjpWithTimeFn(ButcherTableau tableau, double t, double h, ReadOnlySpan<double> z, ReadOnlySpan<double> p,
    ReadOnlySpan<double> adjointOut, Span<double> adjointIn, Span<double> gradP, Span<double> scratch, out double gradT);

/// <summary>One double system's scalar and lane kernels, as delegates.</summary>
public sealed record LaneSystem(string Name, int N, int M, Infrastructure.EvaluateFn Evaluate, FusedTrialStepFn TrialStep,
    LaneEvaluateFn LaneEvaluate, LaneTrialStepFn LaneTrialStep)
{
    public FusedStepVjpFn? StepVjp { get; init; }

    /// <summary>The system's LaneStepVjpWorkspaceLength: vectors its lane step VJPs need in scratch after the stages.</summary>
    public int LaneWorkspace { get; init; }

    /// <summary>Scratch of a lane step VJP of <paramref name="stages"/> stages: (3s + 1)·n stage vectors, then the workspace.</summary>
    public Vector512<double>[] LaneScratch(int stages) => new Vector512<double>[(3 * stages + 1) * N + LaneWorkspace];

    public LaneStepVjpFn? LaneStepVjp { get; init; }

    public LaneStepVjpWithTimeFn? LaneStepVjpWithTime { get; init; }

    public GenericStepVjpWithTimeFn? GenericStepVjpWithTime { get; init; }

    public static LaneSystem Of<TDynamics>() where TDynamics : IOdeDynamics<double> => new(typeof(TDynamics).Name,
        TDynamics.StateSize, TDynamics.ParameterSize,
        (t, z, p, dz) => TDynamics.Evaluate(t, z, p, dz),
        (method, t, h, z, p, stages, zNew, error, error2) => TDynamics.TryFusedTrialStep(method, t, h, z, p, stages, zNew, error, error2),
        (t, z, p, dz) => TDynamics.TryLaneEvaluate(t, z, p, dz),
        (method, t, h, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares) =>
            TDynamics.TryLaneTrialStep(method, t, h, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares))
    {
        StepVjp = (method, t, h, z, p, adjointOut, adjointIn, gradP, scratch) =>
            TDynamics.TryFusedStepVjp(method, t, h, z, p, adjointOut, adjointIn, gradP, scratch),
        LaneWorkspace = TDynamics.LaneStepVjpWorkspaceLength,
        LaneStepVjp = (method, t, h, z, p, adjointOut, adjointIn, gradP, scratch) =>
            TDynamics.TryLaneStepVjp(method, t, h, z, p, adjointOut, adjointIn, gradP, scratch),
        LaneStepVjpWithTime = (tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch, out gradH, out gradT) =>
            TDynamics.TryLaneStepVjpWithTime(tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch, out gradH, out gradT),
        GenericStepVjpWithTime = (tableau, t, h, z, p, adjointOut, adjointIn, gradP, scratch, out gradT) =>
            AcaKernels.Stepping.RungeKuttaStepper<double, Infrastructure.Unfused<double, TDynamics>>.StepVjp(
                AcaKernels.Stepping.RungeKuttaCoefficients<double>.For(tableau), t, h, z, p, adjointOut, adjointIn, gradP, scratch,
                timeGradients: true, out gradT),
    };
}
