using System.Numerics.Tensors;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// The fitting loss of the paper's three-body experiment: L = Σ_k w_k · |positions(t_k) − observed positions(t_k)|²
/// with w_k = decay^{t_k} (0.01^t by default), so early observations weigh more: an error made early propagates
/// to every later point, and the weight keeps the first epochs from chasing the far end of the orbit. Velocities
/// are not observed. Allocates nothing per evaluation.
/// </summary>
public sealed class ThreeBodyLoss
{
    private const int Row = ThreeBodyDynamics.StateSize, Positions = ThreeBodySystem.PositionSize;
    private readonly double[] _observed, _weights, _residual = new double[Positions];

    /// <summary>A loss against <paramref name="observed"/> (row k = the state at <paramref name="times"/>[k]; only
    /// its positions are used), weighted by <paramref name="decay"/>^t.</summary>
    public ThreeBodyLoss(double[] times, double[] observed, double decay)
    {
        if (observed.Length != times.Length * Row)
            throw new ArgumentException($"observations hold {observed.Length} numbers; {times.Length} times × {Row} state components = {times.Length * Row} expected.", nameof(observed));
        if (!(decay > 0 && decay <= 1))
            throw new ArgumentException($"loss weight decay {decay} is not in (0, 1]; the weights are decay^t.", nameof(decay));
        _observed = observed;
        _weights = new double[times.Length];
        for (int k = 0; k < times.Length; k++) _weights[k] = Math.Pow(decay, times[k]);
    }

    /// <summary>Output times the loss expects.</summary>
    public int Count => _weights.Length;

    /// <summary>L for the solver outputs <paramref name="outputs"/> (laid out like the observations), and
    /// ∂L/∂outputs into <paramref name="seeds"/>: 2 w_k (r − r_obs) for positions, 0 for velocities.</summary>
    public double Evaluate(ReadOnlySpan<double> outputs, Span<double> seeds)
    {
        if (outputs.Length != _observed.Length || seeds.Length != _observed.Length)
            throw new ArgumentException($"outputs ({outputs.Length}) and seeds ({seeds.Length}) must both hold {_observed.Length} numbers.");
        double loss = 0;
        for (int k = 0; k < _weights.Length; k++)
        {
            int row = k * Row;
            TensorPrimitives.Subtract(outputs.Slice(row, Positions), _observed.AsSpan(row, Positions), _residual);
            loss += _weights[k] * TensorPrimitives.SumOfSquares<double>(_residual);
            TensorPrimitives.Multiply(_residual, 2 * _weights[k], seeds.Slice(row, Positions));
            seeds.Slice(row + Positions, Row - Positions).Clear();
        }
        return loss;
    }
}
