using AcaKernels.Ensembles;

namespace AcaKernels.Gpu.Split;

/// <summary>
/// How an ensemble of B trajectories is cut into consecutive shares, one per device, in proportion to the devices'
/// weights. Shares are whole blocks of <see cref="ParameterGradientSum.BlockSize"/> trajectories (the last block may be
/// partial, and goes to the last device that gets any): a shared θ's gradient is summed per block, so shares of whole
/// blocks let the split add the devices' block sums in the one order every engine uses, and the sum does not depend on
/// how many devices ran it. Up to 1024 trajectories (one block) one device gets them all — a GPU needs many more threads
/// than that to be busy.
/// </summary>
internal static class TrajectoryShares
{
    /// <summary>Trajectories per device, in device order (zero for a device that gets none): the blocks shared by
    /// largest remainder of blocks × weight / Σ weights, ties to the earlier device.</summary>
    /// <exception cref="ArgumentException">No weights, or one that is not positive and finite.</exception>
    public static int[] Split(int trajectories, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trajectories);
        if (weights.Count == 0) throw new ArgumentException("At least one device is needed.", nameof(weights));
        double total = 0;
        for (int d = 0; d < weights.Count; d++)
        {
            if (!double.IsFinite(weights[d]) || weights[d] <= 0)
                throw new ArgumentException(
                    $"Device {d}'s weight is {weights[d]}: weights must be positive and finite (a device's share of the trajectories is its weight over their sum).",
                    nameof(weights));
            total += weights[d];
        }
        int blocks = ParameterGradientSum.BlockCount(trajectories);
        var blocksOf = new int[weights.Count];
        var remainders = new double[weights.Count];
        int given = 0;
        for (int d = 0; d < weights.Count; d++)
        {
            double ideal = blocks * (weights[d] / total);
            blocksOf[d] = (int)Math.Floor(ideal);
            remainders[d] = ideal - blocksOf[d];
            given += blocksOf[d];
        }
        for (; given < blocks; given++)
        {
            int best = 0;
            for (int d = 1; d < weights.Count; d++)
                if (remainders[d] > remainders[best]) best = d;
            blocksOf[best]++;
            remainders[best] = double.NegativeInfinity;
        }
        var counts = new int[weights.Count];
        for (int d = 0, block = 0; d < weights.Count; block += blocksOf[d], d++)
        {
            long first = (long)block * ParameterGradientSum.BlockSize;
            long end = Math.Min(trajectories, (long)(block + blocksOf[d]) * ParameterGradientSum.BlockSize);
            counts[d] = (int)Math.Max(0, end - first);
        }
        return counts;
    }
}
