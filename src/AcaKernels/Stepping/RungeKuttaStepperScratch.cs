namespace AcaKernels.Stepping;

/// <summary>Scratch sizes of the generic stepper, independent of its type arguments.</summary>
public static class RungeKuttaStepperScratch
{
    /// <summary>Length of the scratch <c>StepVjp</c> needs for s stages and state size n: 3·s·n + n.</summary>
    public static int Length(int stages, int n) => 3 * stages * n + n;
}
