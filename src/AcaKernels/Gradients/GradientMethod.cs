namespace AcaKernels.Gradients;

/// <summary>How <see cref="Solving.OdeSolver{T, TDynamics}.Gradient"/> differentiates a solve.</summary>
/// <remarks>Zhuang et al., "Adaptive Checkpoint Adjoint Method for Gradient Estimation in Neural ODE", ICML 2020, Table 1.</remarks>
public enum GradientMethod
{
    /// <summary>
    /// Adaptive Checkpoint Adjoint: the forward pass stores (tᵢ, hᵢ, zᵢ) of accepted steps; the backward pass
    /// replays each step and applies the vector-Jacobian product of the whole step. Exact gradient of the
    /// discrete solve (step sizes are constants). Memory O(Nₜ·n).
    /// </summary>
    Aca,

    /// <summary>
    /// Continuous adjoint (Chen et al. 2018): the augmented state [z, a, a_θ] is solved backwards with the same
    /// method and tolerances. Memory O(n); the gradient is only as exact as the backward re-solve of z.
    /// </summary>
    Adjoint,

    /// <summary>
    /// Naive backpropagation through every operation of the forward pass, rejected trials and the step-size
    /// controller included. Memory grows with all trials.
    /// </summary>
    Naive,

    /// <summary>
    /// Forward solves only: the solver records nothing and allocates no gradient storage;
    /// <see cref="Solving.OdeSolver{T, TDynamics}.Gradient"/> throws <see cref="InvalidOperationException"/>.
    /// </summary>
    None,
}
