namespace AcaKernels.Experiments.Classification;

/// <summary>How the network's middle block is computed and differentiated.</summary>
public enum BlockMethod
{
    /// <summary>The ODE block, adaptive steps per image, gradient by the Adaptive Checkpoint Adjoint.</summary>
    Aca,
    /// <summary>The ODE block, gradient by the continuous adjoint (a backward re-solve).</summary>
    Adjoint,
    /// <summary>The ODE block, gradient by backpropagation through the solver's operations.</summary>
    Naive,
    /// <summary>The baseline: the same residual branch f applied as <see cref="ClassificationSettings.ResNetBlocks"/>
    /// residual blocks z ← z + f(z)/K with shared weights (the same parameters as the ODE block).</summary>
    ResNet,
}
