using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Ensemble.Systems;

/// <summary>
/// What `aca ensemble --system` solves: the dynamics (its CPU engine and the GPU kernels embedded in `aca`, per number
/// type), θ shared by every trajectory, each trajectory's z₀, the output times and tolerances, and the checkpoint room a
/// trajectory needs. The loss is always L = Σ_b |z_b(t_end)|². Trajectory b starts from the same z₀ at every B.
/// </summary>
internal abstract class EnsembleSystem
{
    /// <summary>The --system spelling.</summary>
    public abstract string Name { get; }

    /// <summary>What one trajectory is, for the report's first line ("Lorenz-63").</summary>
    public abstract string Title { get; }

    /// <summary>θ and z₀ in words, for the report ("θ = (10, 28, 8/3) shared, z0 spread around (1, 1, 1)").</summary>
    public abstract string Setup { get; }

    public abstract int StateSize { get; }

    /// <summary>The names of θ's components for the report's columns; null where θ is too long to print (its 2-norm is).</summary>
    public abstract IReadOnlyList<string>? ParameterNames { get; }

    /// <summary>The output times t₀ = 0, t_end = 1 (every system: the GPU tolerance table's numbers assume this span and
    /// these tolerances).</summary>
    public double[] Times => [0.0, 1.0];

    public double RelativeTolerance => 1e-6;

    public double AbsoluteTolerance => 1e-8;

    /// <summary>Accepted steps each trajectory may checkpoint: the most the CPU engine takes from any z₀ of the spread at
    /// these tolerances, with room for a device's rounding (each system says what it measured).</summary>
    public abstract int CheckpointSteps { get; }

    /// <summary>The engines over the float64 system.</summary>
    public abstract EnsembleEngines<double> Float64 { get; }

    /// <summary>The engines over the float32 system; null where the system has none.</summary>
    public abstract EnsembleEngines<float>? Float32 { get; }

    /// <summary>Shared θ, in float64 (a float32 system takes it rounded).</summary>
    public abstract double[] Theta();

    /// <summary>Trajectory <paramref name="trajectory"/>'s z₀, written to <paramref name="z0"/> (StateSize numbers).</summary>
    public abstract void InitialState(int trajectory, Span<double> z0);

    /// <summary>Bytes one trajectory's checkpoint of one accepted step takes at most: n states and (t, h), each 8 bytes
    /// (a float32 state's checkpoint takes less).</summary>
    public long CheckpointBytesPerStep => (StateSize + 2L) * sizeof(double);

    /// <summary>Dormand-Prince 5(4) at the system's tolerances; the gradient memory sized for B trajectories ×
    /// <see cref="CheckpointSteps"/> (OdeOptions' default of 1 GiB for all trajectories together held 26 Lorenz steps each
    /// at B = 1 048 576, and every trajectory failed with a full checkpoint store on the H200, RESULTS §59).</summary>
    public OdeOptions OptionsFor(int trajectories) => new()
    {
        RelativeTolerance = RelativeTolerance,
        AbsoluteTolerance = AbsoluteTolerance,
        GradientMemoryLimit = Math.Max(1L << 30, (long)trajectories * CheckpointSteps * CheckpointBytesPerStep),
    };

    /// <summary>The engines for T (float or double).</summary>
    /// <exception cref="ArgumentException">The system has no float32 form.</exception>
    public EnsembleEngines<T> Engines<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? (EnsembleEngines<T>)(object)Float64
        : Float32 is { } single ? (EnsembleEngines<T>)(object)single
        : throw new ArgumentException(Float64Only);

    /// <summary>Why a float32 run of a system without a float32 form is refused.</summary>
    public string Float64Only => $"--system {Name} runs float64 only: leave --precision out, or choose --precision float64.";

    /// <summary>θ as T.</summary>
    public T[] Theta<T>() where T : IFloatingPointIeee754<T> => Theta().Select(T.CreateTruncating).ToArray();

    /// <summary>z₀ of trajectories 0 … <paramref name="trajectories"/> − 1 as T, row after row.</summary>
    public T[] InitialStates<T>(int trajectories) where T : IFloatingPointIeee754<T>
    {
        int n = StateSize;
        var z0 = new T[(long)trajectories * n];
        Span<double> row = stackalloc double[n];
        for (int b = 0; b < trajectories; b++)
        {
            InitialState(b, row);
            for (int j = 0; j < n; j++) z0[(long)b * n + j] = T.CreateTruncating(row[j]);
        }
        return z0;
    }

    /// <summary>A number in [−1, 1) for trajectory b and component j, spread evenly over the trajectories: the fractional
    /// part of (b + 1)·√p_j with p_j the j-th prime (a Kronecker sequence: the √p_j are independent over the rationals,
    /// so the points fill [−1, 1)ⁿ evenly in every n). No random generator: trajectory b's z₀ is the same at every B.</summary>
    protected static double Spread(int trajectory, int component)
    {
        double x = (trajectory + 1.0) * Math.Sqrt(Primes[component % Primes.Length]);
        return 2 * (x - Math.Floor(x)) - 1;
    }

    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61];
}
