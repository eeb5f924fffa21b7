namespace AcaKernels.Solving;

/// <summary>Work and memory counters of the last solve and gradient.</summary>
public struct SolverStatistics
{
    /// <summary>Accepted steps of the forward pass.</summary>
    public int AcceptedSteps;
    /// <summary>Rejected trial steps of the forward pass.</summary>
    public int RejectedSteps;
    /// <summary>Evaluations of f in the forward pass (initial-step heuristic included).</summary>
    public long ForwardEvaluations;
    /// <summary>Evaluations of f in the backward pass (ACA replay, adjoint re-solve of z, or none for naive).</summary>
    public long BackwardEvaluations;
    /// <summary>Vector-Jacobian products of f in the backward pass.</summary>
    public long BackwardVjps;
    /// <summary>Steps of the backward solve (adjoint only), accepted plus rejected.</summary>
    public int BackwardSteps;
    /// <summary>Bytes of gradient memory the forward pass filled: checkpoints (ACA) or the tape (naive).</summary>
    public long GradientMemoryBytes;
}
