namespace AcaKernels.Gradients;

/// <summary>
/// ACA's time gradients, one rule for the CPU engine (<see cref="AcaBackward{T, TDynamics}"/>) and the GPU backward
/// kernels (plain arithmetic, so ILGPU compiles it): which steps of the backward sweep need the step VJP with time
/// terms, and how their ∂L/∂h and Σ vᵀ∂f/∂t fold into ∂L/∂t₀ = Σ_{i&lt;S₁} gᵢ − ∂L/∂h_{S₁−1} and
/// ∂L/∂t_end = ∂L/∂h_{N−1}, in this order (the sum's order is part of the engines' bit-equality).
/// </summary>
internal static class AcaTimeTerms
{
    /// <summary>Whether step <paramref name="i"/> (of <paramref name="last"/> + 1; S₁ = <paramref name="firstLeg"/>
    /// steps up to the first interior output time T₁) needs them: the last step and the landing on T₁ need ∂L/∂h,
    /// the steps before T₁ need Σ vᵀ∂f/∂t only when f reads t.</summary>
    public static bool Needed(int i, int last, int firstLeg, bool dependsOnTime) =>
        i == last || i == firstLeg - 1 || (i < firstLeg && dependsOnTime);

    /// <summary>Folds step <paramref name="i"/>'s ∂L/∂h (<paramref name="stepBar"/>) and Σ vᵀ∂f/∂t
    /// (<paramref name="timeBar"/>) into the time gradients.</summary>
    public static void Accumulate(int i, int last, int firstLeg, double stepBar, double timeBar, ref double gradT0, ref double gradTEnd)
    {
        if (i == last) gradTEnd = stepBar;
        if (i < firstLeg) gradT0 += timeBar;
        if (i == firstLeg - 1) gradT0 -= stepBar;
    }
}
