using System.Numerics;
using AcaKernels.Gradients;

namespace AcaKernels.Solving;

/// <summary>
/// Read-only view of the accepted steps (tᵢ, hᵢ, zᵢ) of a solver's last solve, and of the step at which each
/// output time was reached. Kept by <see cref="GradientMethod.Aca"/> (they are its checkpoints); empty for the
/// other methods, which do not keep them. The view reads the solver's storage: the next solve changes what it
/// shows.
/// </summary>
public readonly struct AcceptedStepsView<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CheckpointStore<T>? _store;

    internal AcceptedStepsView(CheckpointStore<T> store) => _store = store;

    /// <summary>Number of accepted steps.</summary>
    public int Count => _store?.Count ?? 0;

    /// <summary>State size n.</summary>
    public int StateSize => _store?.N ?? 0;

    /// <summary>Start time tᵢ of each accepted step.</summary>
    public ReadOnlySpan<double> Times => _store is null ? default : _store.Times;

    /// <summary>Signed size hᵢ of each accepted step (tᵢ₊₁ = tᵢ + hᵢ).</summary>
    public ReadOnlySpan<double> Steps => _store is null ? default : _store.Steps;

    /// <summary>Index of the step that starts at output time k (= number of accepted steps before it), for
    /// every output the last solve reached. After a failed solve the view still holds the steps taken up to
    /// the failure, which is where to look for why it stopped.</summary>
    public ReadOnlySpan<int> OutputSteps => _store is null ? default : _store.OutputSteps;

    /// <summary>The state zᵢ at the start of step <paramref name="i"/> (0 ≤ i &lt; <see cref="Count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When i is not the index of a recorded step.</exception>
    public ReadOnlySpan<T> State(int i)
    {
        if ((uint)i >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(i), i, $"The last solve recorded {Count} accepted steps.");
        return _store!.State(i);
    }
}
