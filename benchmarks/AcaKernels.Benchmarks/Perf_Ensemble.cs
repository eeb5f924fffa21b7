using AcaKernels.Ensembles;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Ensembles on the CPU (issue 8's targets): B trajectories of Lorenz-63, of the planar three-body problem
/// (figure-eight, one period), of log Lotka–Volterra (two exponentials per evaluation, t ∈ [0, 10]), of the
/// logarithmic oscillator (two logarithms per evaluation, t ∈ [0, 10]), of a Kuramoto ring (four sines per
/// evaluation, t ∈ [0, 10]), of the repressilator (three Math.Pow with a variable exponent per evaluation,
/// t ∈ [0, 10]) and of two friction oscillators (two sinh and two atan per evaluation, t ∈ [0, 10]), Lorenz t ∈ [0, 1], Dopri5, rtol 1e-6, atol 1e-8, float64, shared θ, forward only
/// (<c>GradientMethod.None</c>) and forward + ACA gradient of L = Σ z(t_end), with one and two worker threads. The
/// column <c>ns/traj-step</c> is the median divided by the accepted steps of all trajectories (counted once per
/// system and B in the host process; they do not depend on the thread count): the unit of
/// benchmarks/native/lorenz_ensemble_avx512.cpp, the hand-tuned AVX-512 comparator.
/// </summary>
/// <remarks><see cref="EnsembleSolver{T, TDynamics}"/> picks the SIMD lane engine for double where the CPU has it
/// (EnsembleSetup's default). A whole call is one operation (65 536 Lorenz trajectories take tens of milliseconds),
/// so run it with few iterations, e.g.
/// <c>--filter *Perf_Ensemble* --warmupCount 1 --iterationCount 5</c>.</remarks>
[MemoryDiagnoser]
[BenchmarkCategory("Ensemble")]
[Config(typeof(Perf_Ensemble.Columns))]
public class Perf_Ensemble
{
    private EnsembleSetup _setup = null!;

    /// <summary>Trajectories B.</summary>
    [Params(1024, 65536)]
    public int Trajectories { get; set; }

    /// <summary>EnsembleOptions.WorkerCount.</summary>
    [Params(1, 2)]
    public int Workers { get; set; }

    [GlobalSetup(Target = nameof(LorenzForward))]
    public void SetupLorenzForward() => Setup(EnsembleSystem.Lorenz, gradient: false);

    [GlobalSetup(Target = nameof(LorenzForwardAcaGradient))]
    public void SetupLorenzGradient() => Setup(EnsembleSystem.Lorenz, gradient: true);

    [GlobalSetup(Target = nameof(ThreeBodyForward))]
    public void SetupThreeBodyForward() => Setup(EnsembleSystem.ThreeBody, gradient: false);

    [GlobalSetup(Target = nameof(ThreeBodyForwardAcaGradient))]
    public void SetupThreeBodyGradient() => Setup(EnsembleSystem.ThreeBody, gradient: true);

    [GlobalSetup(Target = nameof(LogLotkaVolterraForward))]
    public void SetupLogLotkaVolterraForward() => Setup(EnsembleSystem.LogLotkaVolterra, gradient: false);

    [GlobalSetup(Target = nameof(LogLotkaVolterraForwardAcaGradient))]
    public void SetupLogLotkaVolterraGradient() => Setup(EnsembleSystem.LogLotkaVolterra, gradient: true);

    [GlobalSetup(Target = nameof(LogOscillatorForward))]
    public void SetupLogOscillatorForward() => Setup(EnsembleSystem.LogOscillator, gradient: false);

    [GlobalSetup(Target = nameof(LogOscillatorForwardAcaGradient))]
    public void SetupLogOscillatorGradient() => Setup(EnsembleSystem.LogOscillator, gradient: true);

    [GlobalSetup(Target = nameof(KuramotoRingForward))]
    public void SetupKuramotoRingForward() => Setup(EnsembleSystem.KuramotoRing, gradient: false);

    [GlobalSetup(Target = nameof(KuramotoRingForwardAcaGradient))]
    public void SetupKuramotoRingGradient() => Setup(EnsembleSystem.KuramotoRing, gradient: true);

    [GlobalSetup(Target = nameof(RepressilatorForward))]
    public void SetupRepressilatorForward() => Setup(EnsembleSystem.Repressilator, gradient: false);

    [GlobalSetup(Target = nameof(RepressilatorForwardAcaGradient))]
    public void SetupRepressilatorGradient() => Setup(EnsembleSystem.Repressilator, gradient: true);

    [GlobalSetup(Target = nameof(FrictionOscillatorsForward))]
    public void SetupFrictionOscillatorsForward() => Setup(EnsembleSystem.FrictionOscillators, gradient: false);

    [GlobalSetup(Target = nameof(FrictionOscillatorsForwardAcaGradient))]
    public void SetupFrictionOscillatorsGradient() => Setup(EnsembleSystem.FrictionOscillators, gradient: true);

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark]
    public long LorenzForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long LorenzForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    [Benchmark]
    public long ThreeBodyForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long ThreeBodyForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    [Benchmark]
    public long LogLotkaVolterraForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long LogLotkaVolterraForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    [Benchmark]
    public long LogOscillatorForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long LogOscillatorForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    [Benchmark]
    public long KuramotoRingForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long KuramotoRingForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    [Benchmark]
    public long RepressilatorForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long RepressilatorForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    [Benchmark]
    public long FrictionOscillatorsForward() => _setup.Forward().AcceptedSteps;

    [Benchmark]
    public long FrictionOscillatorsForwardAcaGradient() => _setup.ForwardAndGradient().BackwardEvaluations;

    private void Setup(EnsembleSystem system, bool gradient)
    {
        _setup = new EnsembleSetup(system, Trajectories, Workers, gradient);
        // A benchmark of failing trajectories measures nothing: check once, outside the measured calls.
        (gradient ? _setup.ForwardAndGradient() : _setup.Forward()).ThrowIfFailed();
        Console.WriteLine($"// {system}, B = {Trajectories}: {_setup.Forward().AcceptedSteps} accepted steps in all");
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new NsPerTrajectoryStepColumn());
    }
}
