namespace AcaKernels.Gpu.FixedStep;

/// <summary>Which constant-step method <see cref="GpuFixedStepSolver{T, TStepper}"/> runs.</summary>
public enum FixedStepMethod
{
    /// <summary>Classical fourth-order Runge-Kutta, written once over the system's f (the stepper's tableau unused).</summary>
    ClassicalRk4,

    /// <summary>The stepper's own tableau (e.g. <c>.Gpu.Tsitouras5</c>) through its generated fused trial step, the
    /// error estimate ignored: fewer per-thread memory accesses per evaluation than <see cref="ClassicalRk4"/>.</summary>
    StepperTableau,
}
