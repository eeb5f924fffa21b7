using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// The neural ODE of `aca timeseries`: dz/dt = W₂ tanh(W₁ z + b₁) + b₂, a one-hidden-layer tanh MLP, autonomous;
/// the generator emits <c>SpiralOde.RhsOde</c>. The state is the observed point (x, y) and two augmented components
/// that are never observed: a 2-D autonomous flow cannot carry a clockwise and a counter-clockwise spiral through
/// the same point (trajectories of one flow do not cross), so each trajectory's learned start (its z₀, augmented
/// part included) tells the shared flow which way to turn.
/// </summary>
/// <remarks>Augmented neural ODEs: Dupont, Doucet and Teh, "Augmented Neural ODEs", NeurIPS 2019. Parameters,
/// flattened: W₁ (<see cref="Hidden"/> × <see cref="StateSize"/>, row-major), b₁, W₂ (<see cref="StateSize"/> ×
/// <see cref="Hidden"/>), b₂ — the <see cref="DenseLayer"/> layout of <see cref="Input"/> then <see cref="Output"/>.</remarks>
public static partial class SpiralOde
{
    /// <summary>State size: (x, y) and two augmented components.</summary>
    public const int StateSize = 4;
    /// <summary>The observed components, at the start of the state.</summary>
    public const int ObservedSize = 2;
    /// <summary>Hidden tanh units.</summary>
    public const int Hidden = 32;
    /// <summary>Parameters of the MLP: 4·32 + 32 + 32·4 + 4 = 292.</summary>
    public const int ParameterSize = Hidden * StateSize + Hidden + StateSize * Hidden + StateSize;

    private const int B1 = Hidden * StateSize, W2 = B1 + Hidden, B2 = W2 + StateSize * Hidden;

    /// <summary>The first layer, state → hidden.</summary>
    public static DenseLayer Input => new(StateSize, Hidden, 0);

    /// <summary>The second layer, hidden → dz/dt.</summary>
    public static DenseLayer Output => Input.Next(StateSize);

    /// <summary>The right-hand side.</summary>
    [OdeDynamics(StateSize, ParameterSize)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        Span<double> hidden = stackalloc double[Hidden];
        Dense(p.Slice(0, B1), p.Slice(B1, Hidden), z, hidden, Hidden, StateSize);
        for (int k = 0; k < Hidden; k++)
            hidden[k] = Math.Tanh(hidden[k]);
        Dense(p.Slice(W2, StateSize * Hidden), p.Slice(B2, StateSize), hidden, dz, StateSize, Hidden);
    }

    /// <summary>y = W x + b for W (rows × cols, row-major).</summary>
    private static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            double sum = b[r];
            for (int c = 0; c < cols; c++)
                sum += w[r * cols + c] * x[c];
            y[r] = sum;
        }
    }
}
