namespace AcaKernels.Solving;

/// <summary>
/// Which pass a <see cref="SolveResult"/> speaks of: the forward solve, or the continuous adjoint's backward
/// re-solve, which can fail on its own (too many steps, step underflow, a non-finite adjoint) after the forward
/// solve succeeded.
/// </summary>
public enum SolvePhase
{
    /// <summary>
    /// The forward solve from t₀ through the output times: every result of a solve, and every gradient result but
    /// an adjoint's backward failure.
    /// </summary>
    Forward,

    /// <summary>
    /// The backward solve of <see cref="Gradients.GradientMethod.Adjoint"/>: the augmented system y = [z, a, ∂L/∂θ]
    /// (2n + m components) integrated in reverse time from each output time to the one before. Its own
    /// <see cref="OdeOptions.MaxSteps"/> (per interval between output times), tolerances and step-size limits
    /// apply. <see cref="SolveResult.Time"/> and <see cref="SolveResult.StepSize"/> are where it stopped,
    /// <see cref="SolveResult.Step"/> counts its accepted steps since the output time that interval started from,
    /// and <see cref="SolveResult.Component"/> indexes y: j &lt; n is z_j, n ≤ j &lt; 2n is the adjoint
    /// a_(j−n) = ∂L/∂z_(j−n), 2n ≤ j is ∂L/∂θ_(j−2n).
    /// </summary>
    AdjointBackward,
}
