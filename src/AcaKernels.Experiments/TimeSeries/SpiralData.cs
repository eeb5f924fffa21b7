namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// Noisy 2-D Archimedean spirals, each sampled at its own irregular times: trajectory b turns counter-clockwise when
/// b is even and clockwise when b is odd, r(t) = r₀ + c·t at angle φ₀ ± ω·t. Times start at 0 with random gaps;
/// those up to <see cref="TimeSeriesSettings.TrainEnd"/> are fitted except a random held-out share (interpolation),
/// those after it up to <see cref="TimeSeriesSettings.ExtrapolationEnd"/> are held out (extrapolation). Every
/// observation is the true point plus independent Gaussian noise. All drawn from one seeded generator, in a fixed
/// order, so a seed always gives the same data.
/// </summary>
public sealed class SpiralData
{
    /// <summary>Angular speed ω, radians per unit time: one turn takes 2π ≈ 6.3.</summary>
    public const double AngularSpeed = 1.0;
    /// <summary>Radial growth c per unit time.</summary>
    public const double RadialGrowth = 0.12;
    /// <summary>Start radii r₀ are uniform in [<see cref="MinStartRadius"/>, <see cref="MaxStartRadius"/>].</summary>
    public const double MinStartRadius = 0.5, MaxStartRadius = 1.0;

    private SpiralData(int trajectories, double[] times, int[] offsets, double[] observed, double[] truth, ObservationRole[] roles,
        double[] startRadii, double[] startAngles)
    {
        Trajectories = trajectories;
        Times = times;
        Offsets = offsets;
        Observed = observed;
        Truth = truth;
        Roles = roles;
        StartRadii = startRadii;
        StartAngles = startAngles;
    }

    /// <summary>Number of spirals B.</summary>
    public int Trajectories { get; }
    /// <summary>Every observation time, trajectory after trajectory, each trajectory's strictly increasing from 0.</summary>
    public double[] Times { get; }
    /// <summary>B + 1 offsets: trajectory b's observations are rows Offsets[b] .. Offsets[b+1] − 1.</summary>
    public int[] Offsets { get; }
    /// <summary>The noisy observations, one (x, y) row per time.</summary>
    public double[] Observed { get; }
    /// <summary>The noise-free points, one (x, y) row per time.</summary>
    public double[] Truth { get; }
    /// <summary>One role per row.</summary>
    public ObservationRole[] Roles { get; }
    /// <summary>r₀ per trajectory.</summary>
    public double[] StartRadii { get; }
    /// <summary>φ₀ per trajectory.</summary>
    public double[] StartAngles { get; }

    /// <summary>Rows in all.</summary>
    public int Rows => Times.Length;

    /// <summary>Whether trajectory <paramref name="b"/> turns clockwise (odd b).</summary>
    public static bool IsClockwise(int b) => b % 2 == 1;

    /// <summary>Rows with role <paramref name="role"/>.</summary>
    public int Count(ObservationRole role) => Roles.Count(r => r == role);

    /// <summary>A mask over the rows: true where the role is <paramref name="role"/>.</summary>
    public bool[] Mask(ObservationRole role) => [.. Roles.Select(r => r == role)];

    /// <summary>The true point of trajectory <paramref name="b"/> at time <paramref name="t"/>.</summary>
    public (double X, double Y) TruePoint(int b, double t)
    {
        double r = StartRadii[b] + RadialGrowth * t;
        double angle = StartAngles[b] + (IsClockwise(b) ? -1 : 1) * AngularSpeed * t;
        return (r * Math.Cos(angle), r * Math.Sin(angle));
    }

    /// <summary>Draws the data set of <paramref name="settings"/> (validated first).</summary>
    public static SpiralData Generate(TimeSeriesSettings settings)
    {
        settings.Validate();
        var random = new Random(settings.Seed);
        int trajectories = settings.Trajectories;
        var radii = new double[trajectories];
        var angles = new double[trajectories];
        var times = new List<double>();
        var roles = new List<ObservationRole>();
        var offsets = new int[trajectories + 1];
        for (int b = 0; b < trajectories; b++)
        {
            radii[b] = MinStartRadius + (MaxStartRadius - MinStartRadius) * random.NextDouble();
            angles[b] = 2 * Math.PI * random.NextDouble();
            offsets[b] = times.Count;
            // Gaps uniform in [0.4, 1.6] × the mean gap: irregular, never so close that two times coincide.
            int trainRows = 0;
            for (double t = 0; t <= settings.ExtrapolationEnd; t += settings.MeanGap * (0.4 + 1.2 * random.NextDouble()))
            {
                bool inWindow = t <= settings.TrainEnd;
                bool holdOut = random.NextDouble() < settings.HeldOutFraction;   // drawn for every row: the stream stays aligned
                ObservationRole role = !inWindow ? ObservationRole.Extrapolation
                    : t > 0 && holdOut ? ObservationRole.Interpolation : ObservationRole.Train;
                if (role == ObservationRole.Train) trainRows++;
                times.Add(t);
                roles.Add(role);
            }
            if (trainRows < 2 || times.Count - offsets[b] < 3)
                throw new ArgumentException(
                    $"spiral {b} got {trainRows} fitted observations; raise the training window ({settings.TrainEnd}) or lower the mean gap ({settings.MeanGap}) or the held-out fraction ({settings.HeldOutFraction}).");
        }
        offsets[trajectories] = times.Count;

        var data = new SpiralData(trajectories, [.. times], offsets, new double[2 * times.Count], new double[2 * times.Count], [.. roles], radii, angles);
        for (int b = 0; b < trajectories; b++)
            for (int row = offsets[b]; row < offsets[b + 1]; row++)
            {
                (double x, double y) = data.TruePoint(b, data.Times[row]);
                data.Truth[2 * row] = x;
                data.Truth[2 * row + 1] = y;
                data.Observed[2 * row] = x + settings.Noise * Gaussian(random);
                data.Observed[2 * row + 1] = y + settings.Noise * Gaussian(random);
            }
        return data;
    }

    /// <summary>A standard normal draw (Box-Muller; 1 − u keeps the logarithm finite).</summary>
    private static double Gaussian(Random random)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
