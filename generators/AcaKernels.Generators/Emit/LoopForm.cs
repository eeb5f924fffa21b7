using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// f in loop form, with its VJP and the values a loop-form step VJP's replay keeps for it (<see cref="LoopReplayReuse"/>),
/// each computed on first use and shared by the scalar kernels and the lanes (as <see cref="RegisterForm.Vjp"/> and
/// <see cref="RegisterForm.Kept"/> are for the straight-line form): for a convolution block both passes are a large part of
/// the generator's time.
/// </summary>
internal sealed class LoopForm(IrFunction function)
{
    private VjpFunction? _vjp;
    private (LoopKeptValues? Kept, bool Chosen) _kept;

    public IrFunction Function { get; } = function;

    /// <summary>f's VJP (with ∂/∂t).</summary>
    public VjpFunction Vjp => _vjp ??= ReverseMode.Differentiate(Function);

    /// <summary>The values the replay keeps for <see cref="Vjp"/>, or null.</summary>
    public LoopKeptValues? Kept
    {
        get
        {
            if (!_kept.Chosen) _kept = (LoopReplayReuse.For(Vjp), true);
            return _kept.Kept;
        }
    }
}
