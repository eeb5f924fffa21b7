using System.Numerics.Tensors;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// The discrete-time baseline of `aca timeseries`: a GRU (<see cref="GruCell"/>) run along each spiral's fitted
/// observations in time order, fed u = (x, y, time since the previous fitted observation) from h = 0. From the state
/// after observation k it predicts the point a gap Δ later as (x_k, y_k) + Δ·(W_o h + b_o), a learned velocity,
/// so the uneven gaps enter both the input and the output. The loss is the mean squared error of the predictions of
/// every fitted observation but each spiral's first (teacher forcing: each prediction starts from the observation
/// before it), with the same <see cref="MeanSquaredError"/> the neural ODE uses; its gradient is backpropagation
/// through time. Held out inside the window, a point is predicted from the last fitted observation before it; after
/// the window the GRU rolls forward on its own predictions, fed the held-out gaps. Buffers are allocated once; an
/// evaluation allocates nothing.
/// </summary>
public sealed class GruObjective
{
    private const int Out = GruLayout.OutputSize;
    private readonly SpiralData _data;
    private readonly GruLayout _layout;
    private readonly int[] _fittedRows, _stepOffsets;   // fitted rows in time order; trajectory b's steps are _stepOffsets[b] ..
    private readonly int[] _sourceStep, _anchorRow;     // per predicted row: the step whose state predicts it, the row it starts from
    private readonly bool[] _targets, _interpolation, _extrapolation;
    private readonly double[] _predictions, _seeds;
    private readonly double[] _joined, _resetJoined, _update, _reset, _candidate, _states, _stateAdjoints;
    private readonly double[] _zero, _adjoint, _previousAdjoint, _hidden, _scratchJoined, _input, _velocity, _rollState, _rollNext;
    private readonly double[] _rollJoined, _rollResetJoined, _rollUpdate, _rollReset, _rollCandidate;   // the rollout's tape, reused per step

    /// <summary>An objective over <paramref name="data"/> for a GRU of <paramref name="hidden"/> units.</summary>
    public GruObjective(SpiralData data, int hidden)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _layout = new GruLayout(hidden);
        int rows = data.Rows, steps = data.Count(ObservationRole.Train), h = hidden, joined = _layout.Concatenated;
        _fittedRows = new int[steps];
        _stepOffsets = new int[data.Trajectories + 1];
        _sourceStep = new int[rows];
        _anchorRow = new int[rows];
        _targets = new bool[rows];
        int step = 0;
        for (int b = 0; b < data.Trajectories; b++)
        {
            _stepOffsets[b] = step;
            int last = -1;
            for (int row = data.Offsets[b]; row < data.Offsets[b + 1]; row++)
            {
                _sourceStep[row] = -1;
                if (data.Roles[row] == ObservationRole.Extrapolation) continue;   // rolled out from the last fitted step
                if (last >= 0)
                {
                    _sourceStep[row] = last;
                    _anchorRow[row] = _fittedRows[last];
                }
                if (data.Roles[row] != ObservationRole.Train) continue;
                _targets[row] = last >= 0;
                _fittedRows[step] = row;
                last = step++;
            }
        }
        _stepOffsets[data.Trajectories] = step;
        _interpolation = data.Mask(ObservationRole.Interpolation);
        _extrapolation = data.Mask(ObservationRole.Extrapolation);
        _predictions = new double[rows * Out];
        _seeds = new double[rows * Out];
        _joined = new double[steps * joined];
        _resetJoined = new double[steps * joined];
        _update = new double[steps * h];
        _reset = new double[steps * h];
        _candidate = new double[steps * h];
        _states = new double[steps * h];
        _stateAdjoints = new double[steps * h];
        _zero = new double[h];
        _adjoint = new double[h];
        _previousAdjoint = new double[h];
        _hidden = new double[h];
        _scratchJoined = new double[joined];
        _input = new double[GruLayout.InputSize];
        _velocity = new double[Out];
        _rollState = new double[h];
        _rollNext = new double[h];
        _rollJoined = new double[joined];
        _rollResetJoined = new double[joined];
        _rollUpdate = new double[h];
        _rollReset = new double[h];
        _rollCandidate = new double[h];
    }

    /// <summary>The weight layout.</summary>
    public GruLayout Layout => _layout;

    /// <summary>Length of the parameter vector.</summary>
    public int Size => _layout.Size;

    /// <summary>The predicted (x, y) of the last evaluation, one row per observation (0 at each spiral's first).</summary>
    public ReadOnlySpan<double> Predictions => _predictions;

    /// <summary>
    /// The training loss at <paramref name="parameters"/>; with a non-empty <paramref name="gradient"/> (length
    /// <see cref="Size"/>) also ∂L/∂parameters by backpropagation through time. Also predicts every held-out point
    /// (<see cref="Error"/>). NaN when the weights make the state or a prediction non-finite.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths other than <see cref="Size"/>.</exception>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        if (parameters.Length != Size)
            throw new ArgumentException($"{parameters.Length} GRU parameters given; {Size} expected for {_layout.Hidden} hidden units.", nameof(parameters));
        if (!gradient.IsEmpty && gradient.Length != Size)
            throw new ArgumentException($"gradient holds {gradient.Length} numbers; {Size} expected (or none for the loss alone).", nameof(gradient));
        Forward(parameters);
        double loss = MeanSquaredError.Evaluate(_predictions, Out, _data.Observed, Out, _targets, _seeds);
        if (!gradient.IsEmpty) Backward(parameters, gradient);
        return loss;
    }

    /// <summary>Mean squared error of the last evaluation's predictions at the rows of <paramref name="role"/> against
    /// the noisy observations (for Train: the fitted rows predicted, i.e. the loss); NaN when there are none.</summary>
    public double Error(ObservationRole role) => MeanSquaredError.Value(_predictions, Out, _data.Observed, Out, role switch
    {
        ObservationRole.Train => _targets,
        ObservationRole.Interpolation => _interpolation,
        _ => _extrapolation,
    });

    private void Forward(ReadOnlySpan<double> weights)
    {
        int h = _layout.Hidden;
        Array.Clear(_predictions);
        for (int b = 0; b < _data.Trajectories; b++)
        {
            int first = _stepOffsets[b], end = _stepOffsets[b + 1];
            for (int s = first; s < end; s++)
            {
                int row = _fittedRows[s];
                double gap = s == first ? 0 : _data.Times[row] - _data.Times[_fittedRows[s - 1]];
                SetInput(_data.Observed.AsSpan(2 * row, Out), gap);
                GruCell.Step(_layout, weights, _input, s == first ? _zero : _states.AsSpan((s - 1) * h, h), TapeAt(s), _states.AsSpan(s * h, h));
            }
            for (int row = _data.Offsets[b]; row < _data.Offsets[b + 1]; row++)
                if (_sourceStep[row] >= 0) Predict(weights, _states.AsSpan(_sourceStep[row] * h, h), _data.Observed.AsSpan(2 * _anchorRow[row], Out),
                    _data.Times[row] - _data.Times[_anchorRow[row]], _predictions.AsSpan(2 * row, Out));
            RollOut(weights, b, end - 1);
        }
    }

    /// <summary>Extrapolation: from the state after the last fitted step, each held-out point after the window is the
    /// previous point (observed, then predicted) plus the gap times the velocity; the GRU is then fed that prediction.</summary>
    private void RollOut(ReadOnlySpan<double> weights, int b, int lastStep)
    {
        int h = _layout.Hidden, anchor = _fittedRows[lastStep];
        _states.AsSpan(lastStep * h, h).CopyTo(_rollState);
        ReadOnlySpan<double> point = _data.Observed.AsSpan(2 * anchor, Out);
        double time = _data.Times[anchor];
        var tape = new GruCell.Tape(_rollJoined, _rollResetJoined, _rollUpdate, _rollReset, _rollCandidate);
        for (int row = _data.Offsets[b]; row < _data.Offsets[b + 1]; row++)
        {
            if (!_extrapolation[row]) continue;
            double gap = _data.Times[row] - time;
            Span<double> predicted = _predictions.AsSpan(2 * row, Out);
            Predict(weights, _rollState, point, gap, predicted);
            SetInput(predicted, gap);
            GruCell.Step(_layout, weights, _input, _rollState, tape, _rollNext);
            _rollNext.CopyTo(_rollState);
            point = predicted;
            time = _data.Times[row];
        }
    }

    private void Backward(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        int h = _layout.Hidden;
        gradient.Clear();
        Array.Clear(_stateAdjoints);
        DenseLayer output = _layout.Output;
        // Each fitted prediction p = anchor + Δ·(W_o h + b_o): ∂W_o += Δ·∂p ⊗ h, ∂b_o += Δ·∂p, ∂h += Δ·W_oᵀ ∂p.
        for (int row = 0; row < _data.Rows; row++)
        {
            if (!_targets[row]) continue;
            int s = _sourceStep[row];
            double gap = _data.Times[row] - _data.Times[_anchorRow[row]];
            TensorPrimitives.Multiply(_seeds.AsSpan(2 * row, Out), gap, _velocity);
            GruCell.DenseBackward(output, weights, _states.AsSpan(s * h, h), _velocity, gradient, _hidden);
            Span<double> adjoint = _stateAdjoints.AsSpan(s * h, h);
            TensorPrimitives.Add(adjoint, _hidden, adjoint);
        }
        // Backpropagation through time, each spiral from its last step to its first (h before the first is 0, fixed).
        for (int b = 0; b < _data.Trajectories; b++)
        {
            int first = _stepOffsets[b];
            _adjoint.AsSpan().Clear();
            for (int s = _stepOffsets[b + 1] - 1; s >= first; s--)
            {
                TensorPrimitives.Add(_adjoint, _stateAdjoints.AsSpan(s * h, h), _adjoint);
                GruCell.Backward(_layout, weights, s == first ? _zero : _states.AsSpan((s - 1) * h, h), TapeAt(s),
                    _adjoint, _previousAdjoint, gradient, _hidden, _scratchJoined);
                _previousAdjoint.CopyTo(_adjoint);
            }
        }
    }

    private void Predict(ReadOnlySpan<double> weights, ReadOnlySpan<double> state, ReadOnlySpan<double> anchor, double gap, Span<double> predicted)
    {
        GruCell.Dense(_layout.Output, weights, state, _velocity);
        TensorPrimitives.MultiplyAdd(_velocity, gap, anchor, predicted);
    }

    private void SetInput(ReadOnlySpan<double> point, double gap)
    {
        point.CopyTo(_input);
        _input[Out] = gap;
    }

    private GruCell.Tape TapeAt(int s)
    {
        int h = _layout.Hidden, joined = _layout.Concatenated;
        return new GruCell.Tape(_joined.AsSpan(s * joined, joined), _resetJoined.AsSpan(s * joined, joined),
            _update.AsSpan(s * h, h), _reset.AsSpan(s * h, h), _candidate.AsSpan(s * h, h));
    }
}
