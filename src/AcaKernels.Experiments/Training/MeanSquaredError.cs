using System.Numerics.Tensors;

namespace AcaKernels.Experiments.Training;

/// <summary>
/// Mean squared error between rows of predictions and rows of targets, over the rows a mask selects, with its
/// gradient. A prediction row may be wider than a target row (a state with unobserved components): only its first
/// <c>width</c> components are compared, the rest get zero gradient. Allocates nothing.
/// </summary>
public static class MeanSquaredError
{
    /// <summary>
    /// L = (1 / (R·w)) Σ_{selected rows r} Σ_{j &lt; w} (predictions[r·stride + j] − targets[r·w + j])², R the number of
    /// selected rows, w = <paramref name="width"/>; writes ∂L/∂predictions into <paramref name="seeds"/> (laid out like
    /// the predictions, zero outside the compared components). Returns 0 with zero seeds when no row is selected.
    /// </summary>
    /// <param name="predictions">rows × <paramref name="stride"/> values.</param>
    /// <param name="stride">Values per prediction row (≥ width).</param>
    /// <param name="targets">rows × <paramref name="width"/> values.</param>
    /// <param name="width">Compared components per row.</param>
    /// <param name="selected">One flag per row: whether it counts.</param>
    /// <param name="seeds">Same length as <paramref name="predictions"/>.</param>
    /// <exception cref="ArgumentException">Lengths that do not agree.</exception>
    public static double Evaluate(ReadOnlySpan<double> predictions, int stride, ReadOnlySpan<double> targets, int width,
        ReadOnlySpan<bool> selected, Span<double> seeds)
    {
        int rows = Check(predictions, stride, targets, width, selected);
        if (seeds.Length != predictions.Length)
            throw new ArgumentException($"MSE: {seeds.Length} seeds for {predictions.Length} predictions; give one per prediction.", nameof(seeds));
        seeds.Clear();
        int count = 0;
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            if (!selected[r]) continue;
            Span<double> residual = seeds.Slice(r * stride, width);
            TensorPrimitives.Subtract(predictions.Slice(r * stride, width), targets.Slice(r * width, width), residual);
            sum += TensorPrimitives.SumOfSquares<double>(residual);
            count++;
        }
        if (count == 0) return 0;
        double scale = 1.0 / (count * width);
        // ∂L/∂prediction = 2·scale·residual, in place over the residuals just stored (the rest is still zero).
        TensorPrimitives.Multiply(seeds, 2 * scale, seeds);
        return sum * scale;
    }

    /// <summary>The same L without a gradient; NaN when no row is selected (an error over nothing is undefined).</summary>
    public static double Value(ReadOnlySpan<double> predictions, int stride, ReadOnlySpan<double> targets, int width,
        ReadOnlySpan<bool> selected)
    {
        int rows = Check(predictions, stride, targets, width, selected);
        int count = 0;
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            if (!selected[r]) continue;
            for (int j = 0; j < width; j++)
            {
                double d = predictions[r * stride + j] - targets[r * width + j];
                sum += d * d;
            }
            count++;
        }
        return count == 0 ? double.NaN : sum / (count * width);
    }

    private static int Check(ReadOnlySpan<double> predictions, int stride, ReadOnlySpan<double> targets, int width, ReadOnlySpan<bool> selected)
    {
        if (width < 1 || stride < width)
            throw new ArgumentException($"MSE: width {width} and stride {stride}: need 1 ≤ width ≤ stride.");
        int rows = selected.Length;
        if (predictions.Length != rows * stride || targets.Length != rows * width)
            throw new ArgumentException(
                $"MSE: {rows} rows need {rows * stride} predictions (stride {stride}) and {rows * width} targets (width {width}); got {predictions.Length} and {targets.Length}.");
        return rows;
    }
}
