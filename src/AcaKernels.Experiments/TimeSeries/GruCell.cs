using System.Numerics.Tensors;
using AcaKernels.Experiments.Training;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// One GRU step and its reverse-mode derivative, written by hand over <see cref="GruLayout"/>'s flat weights (Cho et
/// al. 2014, the reset gate applied to h before the candidate's weights):
/// z = σ(W_z [u; h] + b_z), r = σ(W_r [u; h] + b_r), n = tanh(W_n [u; r ⊙ h] + b_n), h' = (1 − z) ⊙ h + z ⊙ n.
/// The forward step keeps what the backward step needs (the two concatenations and z, r, n) in spans the caller
/// owns, so neither allocates.
/// </summary>
public static class GruCell
{
    /// <summary>What one step keeps for its derivative: [u; h] and [u; r ⊙ h] (<see cref="GruLayout.Concatenated"/>
    /// each), z, r and n (<see cref="GruLayout.Hidden"/> each).</summary>
    public readonly ref struct Tape(Span<double> joined, Span<double> resetJoined, Span<double> update, Span<double> reset, Span<double> candidate)
    {
        /// <summary>[u; h].</summary>
        public Span<double> Joined { get; } = joined;
        /// <summary>[u; r ⊙ h].</summary>
        public Span<double> ResetJoined { get; } = resetJoined;
        /// <summary>z.</summary>
        public Span<double> Update { get; } = update;
        /// <summary>r.</summary>
        public Span<double> Reset { get; } = reset;
        /// <summary>n.</summary>
        public Span<double> Candidate { get; } = candidate;
    }

    /// <summary>h' from h and the input u, filling <paramref name="tape"/>. <paramref name="next"/> must not overlap
    /// <paramref name="previous"/>.</summary>
    public static void Step(GruLayout layout, ReadOnlySpan<double> weights, ReadOnlySpan<double> input, ReadOnlySpan<double> previous,
        Tape tape, Span<double> next)
    {
        int inputs = GruLayout.InputSize;
        input.CopyTo(tape.Joined);
        previous.CopyTo(tape.Joined[inputs..]);
        Dense(layout.Update, weights, tape.Joined, tape.Update);
        TensorPrimitives.Sigmoid(tape.Update, tape.Update);
        Dense(layout.Reset, weights, tape.Joined, tape.Reset);
        TensorPrimitives.Sigmoid(tape.Reset, tape.Reset);
        input.CopyTo(tape.ResetJoined);
        TensorPrimitives.Multiply(tape.Reset, previous, tape.ResetJoined[inputs..]);
        Dense(layout.Candidate, weights, tape.ResetJoined, tape.Candidate);
        TensorPrimitives.Tanh(tape.Candidate, tape.Candidate);
        // h' = h + z ⊙ (n − h).
        TensorPrimitives.Subtract(tape.Candidate, previous, next);
        TensorPrimitives.MultiplyAdd(tape.Update, next, previous, next);
    }

    /// <summary>
    /// Given ∂L/∂h' (<paramref name="nextAdjoint"/>, overwritten as scratch), adds ∂L/∂weights of this step into
    /// <paramref name="weightGradient"/> and writes ∂L/∂h into <paramref name="previousAdjoint"/>. The input is data
    /// (or, in a rollout, not differentiated), so no ∂L/∂u is formed. <paramref name="hidden"/> and
    /// <paramref name="joined"/> are scratch of <see cref="GruLayout.Hidden"/> and <see cref="GruLayout.Concatenated"/>.
    /// </summary>
    public static void Backward(GruLayout layout, ReadOnlySpan<double> weights, ReadOnlySpan<double> previous, Tape tape,
        Span<double> nextAdjoint, Span<double> previousAdjoint, Span<double> weightGradient, Span<double> hidden, Span<double> joined)
    {
        int inputs = GruLayout.InputSize;
        // Through h' = h + z ⊙ (n − h): ∂h = ∂h' ⊙ (1 − z), ∂z = ∂h' ⊙ (n − h), ∂n = ∂h' ⊙ z.
        TensorPrimitives.Multiply(nextAdjoint, tape.Update, hidden);                 // ∂n
        TensorPrimitives.Subtract(nextAdjoint, hidden, previousAdjoint);            // ∂h' ⊙ (1 − z)
        TensorPrimitives.Subtract(tape.Candidate, previous, joined[..layout.Hidden]);
        TensorPrimitives.Multiply(nextAdjoint, joined[..layout.Hidden], nextAdjoint); // ∂z, in place

        // Candidate: ∂a_n = ∂n ⊙ (1 − n²); through W_n [u; r ⊙ h].
        TensorPrimitives.Multiply(tape.Candidate, tape.Candidate, joined[..layout.Hidden]);
        TensorPrimitives.Subtract(1.0, joined[..layout.Hidden], joined[..layout.Hidden]);
        TensorPrimitives.Multiply(hidden, joined[..layout.Hidden], hidden);          // ∂a_n
        DenseBackward(layout.Candidate, weights, tape.ResetJoined, hidden, weightGradient, joined);
        // ∂(r ⊙ h) = joined[inputs..]: ∂h += ∂(r ⊙ h) ⊙ r, ∂r = ∂(r ⊙ h) ⊙ h.
        Span<double> resetProduct = joined[inputs..];
        TensorPrimitives.MultiplyAdd(resetProduct, tape.Reset, previousAdjoint, previousAdjoint);
        TensorPrimitives.Multiply(resetProduct, previous, hidden);                 // ∂r

        // Reset gate: ∂a_r = ∂r ⊙ r(1 − r).
        SigmoidBackward(tape.Reset, hidden);
        DenseBackward(layout.Reset, weights, tape.Joined, hidden, weightGradient, joined);
        TensorPrimitives.Add(previousAdjoint, joined[inputs..], previousAdjoint);

        // Update gate: ∂a_z = ∂z ⊙ z(1 − z).
        SigmoidBackward(tape.Update, nextAdjoint);
        DenseBackward(layout.Update, weights, tape.Joined, nextAdjoint, weightGradient, joined);
        TensorPrimitives.Add(previousAdjoint, joined[inputs..], previousAdjoint);
    }

    /// <summary>y = W x + b for <paramref name="layer"/>.</summary>
    public static void Dense(DenseLayer layer, ReadOnlySpan<double> weights, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < layer.Outputs; i++)
            y[i] = TensorPrimitives.Dot(weights.Slice(layer.Offset + i * layer.Inputs, layer.Inputs), x) + weights[layer.BiasOffset + i];
    }

    /// <summary>For y = W x + b with ∂L/∂y = <paramref name="outputAdjoint"/>: ∂W += ∂y ⊗ x and ∂b += ∂y into
    /// <paramref name="weightGradient"/>; ∂L/∂x = Wᵀ ∂y written to <paramref name="inputAdjoint"/>.</summary>
    public static void DenseBackward(DenseLayer layer, ReadOnlySpan<double> weights, ReadOnlySpan<double> x, ReadOnlySpan<double> outputAdjoint,
        Span<double> weightGradient, Span<double> inputAdjoint)
    {
        inputAdjoint.Clear();
        for (int i = 0; i < layer.Outputs; i++)
        {
            double seed = outputAdjoint[i];
            Span<double> row = weightGradient.Slice(layer.Offset + i * layer.Inputs, layer.Inputs);
            TensorPrimitives.MultiplyAdd(x, seed, row, row);
            TensorPrimitives.MultiplyAdd(weights.Slice(layer.Offset + i * layer.Inputs, layer.Inputs), seed, inputAdjoint, inputAdjoint);
        }
        Span<double> bias = weightGradient.Slice(layer.BiasOffset, layer.Outputs);
        TensorPrimitives.Add(bias, outputAdjoint, bias);
    }

    /// <summary>∂a = ∂s ⊙ s(1 − s) in place over <paramref name="adjoint"/>, s = σ(a) given.</summary>
    private static void SigmoidBackward(ReadOnlySpan<double> sigmoid, Span<double> adjoint)
    {
        for (int i = 0; i < adjoint.Length; i++) adjoint[i] *= sigmoid[i] * (1 - sigmoid[i]);
    }
}
