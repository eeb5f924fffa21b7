using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// Where the GRU baseline's weights sit in one flat parameter vector: the update gate z, the reset gate r and the
/// candidate n, each a dense layer from the concatenation [u; h] (u the <see cref="InputSize"/> inputs, h the
/// <see cref="Hidden"/> state) to <see cref="Hidden"/> units, then the velocity head from h to the 2 observed
/// coordinates. One row-major layout (<see cref="DenseLayer"/>), so initialisation, forward and backward agree.
/// </summary>
public sealed class GruLayout
{
    /// <summary>Inputs per observation: x, y and the time since the previous observation fed.</summary>
    public const int InputSize = 3;

    /// <summary>Observed coordinates predicted.</summary>
    public const int OutputSize = 2;

    /// <summary>A layout for <paramref name="hidden"/> state units.</summary>
    /// <exception cref="ArgumentException">Fewer than 1 or more than 1024 units.</exception>
    public GruLayout(int hidden)
    {
        if (hidden < 1 || hidden > 1024) throw new ArgumentException($"GRU hidden size {hidden} is not in [1, 1024].", nameof(hidden));
        Hidden = hidden;
        Update = new DenseLayer(InputSize + hidden, hidden, 0);
        Reset = new DenseLayer(InputSize + hidden, hidden, Update.End);
        Candidate = new DenseLayer(InputSize + hidden, hidden, Reset.End);
        Output = new DenseLayer(hidden, OutputSize, Candidate.End);
    }

    /// <summary>State units H.</summary>
    public int Hidden { get; }

    /// <summary>Width of [u; h].</summary>
    public int Concatenated => InputSize + Hidden;

    /// <summary>Update gate z = σ(W_z [u; h] + b_z).</summary>
    public DenseLayer Update { get; }

    /// <summary>Reset gate r = σ(W_r [u; h] + b_r).</summary>
    public DenseLayer Reset { get; }

    /// <summary>Candidate n = tanh(W_n [u; r ⊙ h] + b_n).</summary>
    public DenseLayer Candidate { get; }

    /// <summary>Velocity head v = W_o h + b_o: a prediction a gap Δ ahead is the last point + Δ·v.</summary>
    public DenseLayer Output { get; }

    /// <summary>Parameters in all.</summary>
    public int Size => Output.End;

    /// <summary>Gates drawn by <see cref="DenseLayer.Initialise"/>; the velocity head at gain 0.5 (small first steps).</summary>
    public double[] InitialParameters(Random random)
    {
        var parameters = new double[Size];
        Update.Initialise(parameters, random);
        Reset.Initialise(parameters, random);
        Candidate.Initialise(parameters, random);
        Output.Initialise(parameters, random, gain: 0.5);
        return parameters;
    }
}
