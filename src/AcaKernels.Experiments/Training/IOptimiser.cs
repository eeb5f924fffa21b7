namespace AcaKernels.Experiments.Training;

/// <summary>
/// A first-order optimiser on a parameter vector of fixed length: <see cref="Step"/> moves the parameters in place
/// against a gradient. Implementations allocate their state once; a step allocates nothing.
/// </summary>
public interface IOptimiser
{
    /// <summary>Number of parameters.</summary>
    int Size { get; }

    /// <summary>The step size of the next <see cref="Step"/> (a schedule may change it between steps).</summary>
    double LearningRate { get; set; }

    /// <summary>Steps taken so far.</summary>
    int Steps { get; }

    /// <summary>One update of <paramref name="parameters"/> in place, down <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">A length other than <see cref="Size"/>, or a non-finite gradient.</exception>
    void Step(Span<double> parameters, ReadOnlySpan<double> gradient);
}
