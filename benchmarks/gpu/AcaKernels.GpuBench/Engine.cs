using System.Diagnostics;
using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gpu;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.GpuBench;

/// <summary>One engine (the CPU ensemble engine or a GPU backend) on one workload: a forward-only solver and an ACA
/// solver, each made once, then timed call by call (wall clock: the GPU and the CPU engines' threads run beside this
/// one).</summary>
internal abstract class Engine : IDisposable
{
    public abstract string Name { get; }

    /// <summary>One forward solve (GradientMethod.None): wall seconds and accepted steps over all trajectories.</summary>
    public abstract (double Seconds, long Steps) Solve();

    /// <summary>One forward solve with checkpoints and its ACA gradient.</summary>
    public abstract (double Seconds, long Steps) SolveAndGradient();

    /// <summary>Final states and ∂L/∂z₀ of the last <see cref="SolveAndGradient"/>, as double, for the check.</summary>
    public abstract (double[] Finals, double[] GradZ0) Results();

    public abstract void Dispose();
}

/// <summary>The inputs and result buffers of one (T, B): Lorenz from (1, 1, 1) ± 10 %, θ = (10, 28, 8/3) shared,
/// t ∈ [0, 1], seeds on z(1).</summary>
internal sealed class Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Workload(int trajectories)
    {
        B = trajectories;
        var random = new Random(1);
        Z0 = new T[B * 3];
        for (int i = 0; i < Z0.Length; i++) Z0[i] = T.CreateTruncating(1.0 + 0.1 * (2 * random.NextDouble() - 1));
        Seeds = new T[B * Times.Length * 3];
        for (int i = 0; i < Seeds.Length; i++) Seeds[i] = T.CreateTruncating(2 * random.NextDouble() - 1);
    }

    public int B { get; }
    public T[] Z0 { get; }
    public T[] Theta { get; } = [T.CreateTruncating(10.0), T.CreateTruncating(28.0), T.CreateTruncating(8.0 / 3)];
    public double[] Times { get; } = [0, 1];
    public T[] Seeds { get; }
}

internal sealed class Engine<T> : Engine where T : unmanaged, IFloatingPointIeee754<T>
{
    public delegate EnsembleResult SolveCall(T[] z0, T[] p, double[] times, T[] outputs, SolveResult[] results);
    public delegate EnsembleResult GradientCall(T[] seeds, T[] gradZ0, T[] gradP, GradientResult[] results);

    private readonly Workload<T> _work;
    private readonly SolveCall _forward, _acaSolve;
    private readonly GradientCall _acaGradient;
    private readonly IDisposable[] _owned;
    private readonly T[] _outputs, _gradZ0, _gradTheta = new T[3];
    private readonly SolveResult[] _results;
    private readonly GradientResult[] _gradients;

    private Engine(string name, Workload<T> work, SolveCall forward, SolveCall acaSolve, GradientCall acaGradient, params IDisposable[] owned)
    {
        Name = name;
        _work = work;
        _forward = forward;
        _acaSolve = acaSolve;
        _acaGradient = acaGradient;
        _owned = owned;
        _outputs = new T[work.B * work.Times.Length * 3];
        _gradZ0 = new T[work.B * 3];
        _results = new SolveResult[work.B];
        _gradients = new GradientResult[work.B];
    }

    public override string Name { get; }

    /// <summary>The CPU ensemble engine over the generated CPU struct (lanes where AVX-512 and float64 allow).</summary>
    public static Engine<T> Cpu<TDynamics>(Workload<T> work, OdeOptions options) where TDynamics : IOdeDynamics<T>
    {
        var forward = new EnsembleSolver<T, TDynamics>(work.B, options with { Gradient = GradientMethod.None });
        var aca = new EnsembleSolver<T, TDynamics>(work.B, options);
        string name = $"CPU engine ({(aca.IsVectorized ? "lanes" : "scalar")}, {Environment.ProcessorCount} threads)";
        return new Engine<T>(name, work, (z, p, t, o, r) => forward.Solve(z, p, t, o, r), (z, p, t, o, r) => aca.Solve(z, p, t, o, r),
            (s, gz, gp, r) => aca.Gradient(s, gz, gp, r), forward, aca);
    }

    /// <summary>GpuEnsembleSolver on <paramref name="device"/> over the generated GPU stepper.</summary>
    public static Engine<T> Gpu<TStepper>(GpuDevice device, Workload<T> work, OdeOptions options, int capacity)
        where TStepper : struct, IGpuStepper<T>
    {
        var forward = new GpuEnsembleSolver<T, TStepper>(work.B, device, options with { Gradient = GradientMethod.None });
        var aca = new GpuEnsembleSolver<T, TStepper>(work.B, device, options, new GpuEnsembleOptions { CheckpointCapacity = capacity });
        return new Engine<T>($"GPU solver, {device.Backend} ({device.Name})", work, (z, p, t, o, r) => forward.Solve(z, p, t, o, r),
            (z, p, t, o, r) => aca.Solve(z, p, t, o, r), (s, gz, gp, r) => aca.Gradient(s, gz, gp, r), forward, aca);
    }

    public override (double Seconds, long Steps) Solve()
    {
        long start = Stopwatch.GetTimestamp();
        _forward(_work.Z0, _work.Theta, _work.Times, _outputs, _results).ThrowIfFailed();
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, Steps());
    }

    public override (double Seconds, long Steps) SolveAndGradient()
    {
        long start = Stopwatch.GetTimestamp();
        _acaSolve(_work.Z0, _work.Theta, _work.Times, _outputs, _results).ThrowIfFailed();
        _acaGradient(_work.Seeds, _gradZ0, _gradTheta, _gradients).ThrowIfFailed();
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, Steps());
    }

    public override (double[] Finals, double[] GradZ0) Results()
    {
        int k = _work.Times.Length;
        var finals = new double[_work.B * 3];
        for (int b = 0; b < _work.B; b++)
            for (int j = 0; j < 3; j++) finals[b * 3 + j] = double.CreateTruncating(_outputs[(b * k + k - 1) * 3 + j]);
        return (finals, Array.ConvertAll(_gradZ0, double.CreateTruncating));
    }

    private long Steps()
    {
        long steps = 0;
        foreach (SolveResult r in _results) steps += r.Statistics.AcceptedSteps;
        return steps;
    }

    public override void Dispose()
    {
        foreach (IDisposable owned in _owned) owned.Dispose();
    }
}
