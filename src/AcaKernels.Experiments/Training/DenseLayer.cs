namespace AcaKernels.Experiments.Training;

/// <summary>
/// Where one fully connected layer y = W x + b sits in a flat parameter vector: W (outputs × inputs, row-major:
/// W[r, c] at <see cref="Offset"/> + r·inputs + c), then b (outputs). The layout the <c>[OdeDynamics]</c> MLPs of the
/// experiments read, so their initialisation and their dynamics agree on it.
/// </summary>
/// <param name="Inputs">Inputs per sample (columns of W).</param>
/// <param name="Outputs">Outputs (rows of W, entries of b).</param>
/// <param name="Offset">Index of W[0, 0] in the parameter vector.</param>
public readonly record struct DenseLayer(int Inputs, int Outputs, int Offset)
{
    /// <summary>Index of b[0].</summary>
    public int BiasOffset => Offset + Inputs * Outputs;

    /// <summary>One past the layer's last parameter: the next layer's offset.</summary>
    public int End => BiasOffset + Outputs;

    /// <summary>Parameters of the layer: outputs × (inputs + 1).</summary>
    public int ParameterCount => Outputs * (Inputs + 1);

    /// <summary>The layer after this one, taking this one's outputs.</summary>
    public DenseLayer Next(int outputs) => new(Outputs, outputs, End);

    /// <summary>
    /// W ~ U(−g/√inputs, g/√inputs) drawn from <paramref name="random"/> in row-major order, b = 0: the scale of
    /// PyTorch's default <c>nn.Linear</c> weights (times g), which keeps tanh units out of saturation at the start.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter vector too short for the layer, or a gain that is not positive.</exception>
    public void Initialise(Span<double> parameters, Random random, double gain = 1)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (parameters.Length < End)
            throw new ArgumentException($"a layer ending at {End} does not fit in {parameters.Length} parameters.", nameof(parameters));
        if (!(gain > 0 && double.IsFinite(gain))) throw new ArgumentException($"gain {gain} must be positive and finite.", nameof(gain));
        double bound = gain / Math.Sqrt(Inputs);
        Span<double> weights = parameters.Slice(Offset, Inputs * Outputs);
        for (int i = 0; i < weights.Length; i++) weights[i] = bound * (2 * random.NextDouble() - 1);
        parameters.Slice(BiasOffset, Outputs).Clear();
    }
}
