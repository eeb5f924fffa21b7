namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// The baseline every fit must beat: predict each spiral's held-out points by the mean of its own fitted
/// observations (a constant per trajectory, the best constant for its training points). A model that has learned
/// nothing of the motion does no better than this.
/// </summary>
public static class MeanPredictor
{
    /// <summary>Mean squared error of the baseline at the rows of <paramref name="role"/>, per observed coordinate,
    /// against the noisy observations (NaN when there are none).</summary>
    public static double Error(SpiralData data, ObservationRole role)
    {
        ArgumentNullException.ThrowIfNull(data);
        double sum = 0;
        int count = 0;
        for (int b = 0; b < data.Trajectories; b++)
        {
            double meanX = 0, meanY = 0;
            int fitted = 0;
            for (int row = data.Offsets[b]; row < data.Offsets[b + 1]; row++)
            {
                if (data.Roles[row] != ObservationRole.Train) continue;
                meanX += data.Observed[2 * row];
                meanY += data.Observed[2 * row + 1];
                fitted++;
            }
            meanX /= fitted;
            meanY /= fitted;
            for (int row = data.Offsets[b]; row < data.Offsets[b + 1]; row++)
            {
                if (data.Roles[row] != role) continue;
                double dx = data.Observed[2 * row] - meanX, dy = data.Observed[2 * row + 1] - meanY;
                sum += dx * dx + dy * dy;
                count++;
            }
        }
        return count == 0 ? double.NaN : sum / (2 * count);
    }
}
