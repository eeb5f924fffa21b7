using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>The ensemble benchmarks' systems: Lorenz-63, the planar three-body problem, log Lotka–Volterra, the
/// logarithmic oscillator, a Kuramoto ring, the repressilator and two oscillators with friction.</summary>
public enum EnsembleSystem
{
    /// <summary>Lorenz-63, θ = (10, 28, 8/3) shared, z0 from <see cref="EnsembleSetup.LorenzInitialStates"/>.</summary>
    Lorenz,

    /// <summary>Planar three-body, unit masses shared, z0 from <see cref="EnsembleSetup.ThreeBodyInitialStates"/>,
    /// solved over one period of the figure-eight (t ∈ [0, 6.3259]).</summary>
    ThreeBody,

    /// <summary>Lotka–Volterra in log coordinates (two exponentials per evaluation), θ =
    /// <see cref="GeneratedLogLotkaVolterra.Parameters"/> shared, z0 from <see cref="EnsembleSetup.LotkaVolterraInitialStates"/>,
    /// t ∈ [0, 10] (about four cycles).</summary>
    LogLotkaVolterra,

    /// <summary>The logarithmic oscillator (two logarithms per evaluation), θ = <see cref="GeneratedLogOscillator.Parameters"/>
    /// shared, z0 from <see cref="EnsembleSetup.LogOscillatorInitialStates"/>, t ∈ [0, 10] (about two cycles).</summary>
    LogOscillator,

    /// <summary>Four Kuramoto oscillators on a ring (four sines per evaluation), θ = <see cref="GeneratedKuramotoRing.Parameters"/>
    /// shared, z0 from <see cref="EnsembleSetup.KuramotoInitialStates"/>, t ∈ [0, 10].</summary>
    KuramotoRing,

    /// <summary><see cref="ThreeBody"/> with each pair's 1/|d|³ written <c>1 / Math.Pow(s, 1.5)</c>
    /// (<see cref="GeneratedPowThreeBody"/>): the same problem, start and interval.</summary>
    ThreeBodyPow,

    /// <summary>The repressilator with the Hill coefficient as a parameter (three Math.Pow per evaluation), θ =
    /// <see cref="GeneratedRepressilator.Parameters"/> shared, z0 from <see cref="EnsembleSetup.RepressilatorInitialStates"/>,
    /// t ∈ [0, 10].</summary>
    Repressilator,

    /// <summary>Two coupled oscillators with sinh springs and atan friction (two sinh and two atan per evaluation), θ =
    /// <see cref="GeneratedFrictionOscillators.Parameters"/> shared, z0 from
    /// <see cref="EnsembleSetup.FrictionOscillatorsInitialStates"/>, t ∈ [0, 10].</summary>
    FrictionOscillators,
}

/// <summary>
/// One ensemble problem, as the benchmarks and benchmarks/native/lorenz_ensemble_avx512.cpp set it up: B
/// trajectories from a fixed deterministic spread of initial states, shared θ, output times {0, t_end} (Lorenz
/// t_end = 1, three-body one period of the figure-eight), Dopri5, rtol 1e-6, atol 1e-8, float64,
/// L = Σ_b Σ_j z_b,j(t_end) (every seed ∂L/∂z_b(t_end) = 1). Buffers are allocated here
/// once; <see cref="Forward"/> and <see cref="ForwardAndGradient"/> allocate nothing after warm-up.
/// </summary>
public sealed class EnsembleSetup : IDisposable
{
    /// <summary>The options every ensemble benchmark solves with (gradient method set per solver).</summary>
    public static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>The period of the figure-eight (Simó): the three-body ensemble runs one orbit (about 120 steps),
    /// where t ∈ [0, 1] would be 19 steps and measure mostly the start of each trajectory.</summary>
    public const double FigureEightPeriod = 6.3259;

    /// <summary>The end of the log Lotka–Volterra and logarithmic oscillator solves.</summary>
    private const double LotkaVolterraEnd = 10.0;

    /// <summary>The end of the Kuramoto ring's solves.</summary>
    private const double KuramotoEnd = 10.0;

    /// <summary>The end of the repressilator's solves.</summary>
    private const double RepressilatorEnd = 10.0;

    /// <summary>The end of the friction oscillators' solves.</summary>
    private const double FrictionEnd = 10.0;

    private readonly double[] _times;
    private readonly ISolver _solver;
    private readonly double[] _z0, _theta, _outputs, _seeds, _gradZ0, _gradTheta;
    private readonly SolveResult[] _results;
    private readonly GradientResult[] _gradientResults;

    /// <summary>Builds the solver (ACA when <paramref name="gradient"/>, otherwise forward only) and its buffers;
    /// <paramref name="vectorize"/> picks the engine (the lanes where the CPU has them, by default).</summary>
    public EnsembleSetup(EnsembleSystem system, int trajectories, int workers, bool gradient,
        EnsembleVectorization vectorize = EnsembleVectorization.Auto)
    {
        System = system;
        var options = Dopri5 with { Gradient = gradient ? GradientMethod.Aca : GradientMethod.None };
        var ensembleOptions = new EnsembleOptions { WorkerCount = workers, Vectorize = vectorize };
        switch (system)
        {
            case EnsembleSystem.Lorenz:
                _z0 = LorenzInitialStates(trajectories);
                _theta = [10.0, 28.0, 8.0 / 3.0];
                _times = [0.0, 1.0];
                _solver = new Solver<GeneratedLorenz.RhsOde>(trajectories, options, ensembleOptions);
                break;
            case EnsembleSystem.ThreeBody or EnsembleSystem.ThreeBodyPow:
                _z0 = ThreeBodyInitialStates(trajectories);
                _theta = [1.0, 1.0, 1.0];
                _times = [0.0, FigureEightPeriod];
                _solver = system == EnsembleSystem.ThreeBody
                    ? new Solver<GeneratedPlanarThreeBody.RhsOde>(trajectories, options, ensembleOptions)
                    : new Solver<GeneratedPowThreeBody.RhsOde>(trajectories, options, ensembleOptions);
                break;
            case EnsembleSystem.LogOscillator:
                _z0 = LogOscillatorInitialStates(trajectories);
                _theta = GeneratedLogOscillator.Parameters;
                _times = [0.0, LotkaVolterraEnd];
                _solver = new Solver<GeneratedLogOscillator.RhsOde>(trajectories, options, ensembleOptions);
                break;
            case EnsembleSystem.KuramotoRing:
                _z0 = KuramotoInitialStates(trajectories);
                _theta = GeneratedKuramotoRing.Parameters;
                _times = [0.0, KuramotoEnd];
                _solver = new Solver<GeneratedKuramotoRing.RhsOde>(trajectories, options, ensembleOptions);
                break;
            case EnsembleSystem.Repressilator:
                _z0 = RepressilatorInitialStates(trajectories);
                _theta = GeneratedRepressilator.Parameters;
                _times = [0.0, RepressilatorEnd];
                _solver = new Solver<GeneratedRepressilator.RhsOde>(trajectories, options, ensembleOptions);
                break;
            case EnsembleSystem.FrictionOscillators:
                _z0 = FrictionOscillatorsInitialStates(trajectories);
                _theta = GeneratedFrictionOscillators.Parameters;
                _times = [0.0, FrictionEnd];
                _solver = new Solver<GeneratedFrictionOscillators.RhsOde>(trajectories, options, ensembleOptions);
                break;
            default:
                _z0 = LotkaVolterraInitialStates(trajectories);
                _theta = GeneratedLogLotkaVolterra.Parameters;
                _times = [0.0, LotkaVolterraEnd];
                _solver = new Solver<GeneratedLogLotkaVolterra.RhsOde>(trajectories, options, ensembleOptions);
                break;
        }
        int n = StateSize;
        _outputs = new double[trajectories * _times.Length * n];
        _seeds = new double[_outputs.Length];
        for (int b = 0; b < trajectories; b++) _seeds.AsSpan((b * _times.Length + 1) * n, n).Fill(1.0);
        _gradZ0 = new double[trajectories * n];
        _gradTheta = new double[_theta.Length];
        _results = new SolveResult[trajectories];
        _gradientResults = new GradientResult[trajectories];
    }

    /// <summary>Which system.</summary>
    public EnsembleSystem System { get; }

    /// <summary>State size n of <see cref="System"/>.</summary>
    public int StateSize => _solver.StateSize;

    /// <summary>The last output time, t_end.</summary>
    public double EndTime => _times[^1];

    /// <summary>Trajectories B.</summary>
    public int Trajectories => _results.Length;

    /// <summary>Whether the solver runs the SIMD lane engine (false: the scalar engine).</summary>
    public bool IsVectorized => _solver.IsVectorized;

    /// <summary>The last solve's outputs: trajectory b's z(0) at [2b·n ..], z(t_end) at [(2b + 1)·n ..].</summary>
    public ReadOnlySpan<double> Outputs => _outputs;

    /// <summary>The last gradient's ∂L/∂z₀, n per trajectory.</summary>
    public ReadOnlySpan<double> GradZ0 => _gradZ0;

    /// <summary>The last gradient's ∂L/∂θ, summed over the trajectories.</summary>
    public ReadOnlySpan<double> GradTheta => _gradTheta;

    /// <summary>Each trajectory's last solve result (its statistics hold its step counts).</summary>
    public ReadOnlySpan<SolveResult> Results => _results;

    /// <summary>
    /// Lorenz: z0_b = (1 + (b mod 101)/100, 1 + (b mod 103)/100, 1 + (b mod 107)/100), the formula of
    /// lorenz_ensemble_avx512.cpp: trajectory 0 is the single-trajectory benchmark's (1, 1, 1), and all
    /// 65 536 differ (101·103·107 > 65 536), so their step counts differ and lanes diverge.
    /// </summary>
    public static double[] LorenzInitialStates(int trajectories)
    {
        var z0 = new double[3 * trajectories];
        for (int b = 0; b < trajectories; b++)
        {
            z0[3 * b] = 1 + (b % 101) / 100.0;
            z0[3 * b + 1] = 1 + (b % 103) / 100.0;
            z0[3 * b + 2] = 1 + (b % 107) / 100.0;
        }
        return z0;
    }

    /// <summary>
    /// Three-body: the figure-eight with bodies 0 and 1 moved apart along x by δ_b = (b mod 101)·1e-4 each
    /// (b = 0 is the figure-eight itself), so every trajectory is a slightly different near-periodic orbit.
    /// </summary>
    public static double[] ThreeBodyInitialStates(int trajectories)
    {
        double[] eight = GeneratedPlanarThreeBody.FigureEight;
        var z0 = new double[12 * trajectories];
        for (int b = 0; b < trajectories; b++)
        {
            eight.CopyTo(z0.AsSpan(12 * b));
            double delta = (b % 101) * 1e-4;
            z0[12 * b] -= delta;
            z0[12 * b + 2] += delta;
        }
        return z0;
    }

    /// <summary>Solves every trajectory; returns the aggregate (step counts summed over the trajectories).</summary>
    public EnsembleResult Forward() => _solver.Solve(_z0, _theta, _times, _outputs, _results);

    /// <summary>Solves, then the ACA gradient of L = Σ z(1) with respect to every z0 and the shared θ.</summary>
    public EnsembleResult ForwardAndGradient()
    {
        Forward();
        return Gradient();
    }

    /// <summary>The ACA gradient of the last solve again (the backward sweep alone; needs a solve first).</summary>
    public EnsembleResult Gradient() => _solver.Gradient(_seeds, _gradZ0, _gradTheta, _gradientResults);

    /// <summary>Accepted steps of all trajectories in one solve (the same whatever the workers: the results
    /// do not depend on the thread count).</summary>
    public static long AcceptedSteps(EnsembleSystem system, int trajectories)
    {
        using var setup = new EnsembleSetup(system, trajectories, workers: 1, gradient: false);
        EnsembleResult result = setup.Forward();
        result.ThrowIfFailed();
        return result.AcceptedSteps;
    }

    /// <summary>Ends the solver's worker threads.</summary>
    public void Dispose() => _solver.Dispose();

    /// <summary>
    /// Log Lotka–Volterra: u0_b = ln(2 + (b mod 101)/50), v0_b = ln(1 + (b mod 103)/100): prey from 2 to 4 and
    /// predators from 1 to 2 around the centre (3, 1.5), every trajectory on its own cycle (own period, own steps).
    /// </summary>
    public static double[] LotkaVolterraInitialStates(int trajectories)
    {
        var z0 = new double[2 * trajectories];
        for (int b = 0; b < trajectories; b++)
        {
            z0[2 * b] = Math.Log(2 + (b % 101) / 50.0);
            z0[2 * b + 1] = Math.Log(1 + (b % 103) / 100.0);
        }
        return z0;
    }

    /// <summary>
    /// Logarithmic oscillator: x0_b = 1 + (b mod 101)/100, y0_b = 1 + (b mod 103)/100, on the centre (e, e)'s
    /// lower-left, every trajectory on its own cycle (own period, own steps).
    /// </summary>
    public static double[] LogOscillatorInitialStates(int trajectories)
    {
        var z0 = new double[2 * trajectories];
        for (int b = 0; b < trajectories; b++)
        {
            z0[2 * b] = 1 + (b % 101) / 100.0;
            z0[2 * b + 1] = 1 + (b % 103) / 100.0;
        }
        return z0;
    }

    /// <summary>
    /// Kuramoto ring: θ_i(0) = 2π·((b·(2i + 1) + 7i) mod 97)/97, phases spread over the circle, every trajectory its
    /// own (97 is prime), so step counts differ and lanes diverge.
    /// </summary>
    public static double[] KuramotoInitialStates(int trajectories)
    {
        var z0 = new double[4 * trajectories];
        for (int b = 0; b < trajectories; b++)
            for (int i = 0; i < 4; i++)
                z0[4 * b + i] = 2 * Math.PI * ((b * (2 * i + 1) + 7 * i) % 97) / 97.0;
        return z0;
    }

    /// <summary>
    /// Repressilator: m_i(0) = 1 + ((b·(2i + 1) + 5i) mod 89)/4 and p_i(0) = 1 + ((b·(i + 3) + 11i) mod 83)/4, all
    /// positive and every trajectory its own (89 and 83 are prime), so step counts differ and lanes diverge.
    /// </summary>
    public static double[] RepressilatorInitialStates(int trajectories)
    {
        var z0 = new double[6 * trajectories];
        for (int b = 0; b < trajectories; b++)
            for (int i = 0; i < 3; i++)
            {
                z0[6 * b + i] = 1 + ((b * (2 * i + 1) + 5 * i) % 89) / 4.0;
                z0[6 * b + 3 + i] = 1 + ((b * (i + 3) + 11 * i) % 83) / 4.0;
            }
        return z0;
    }

    /// <summary>
    /// Friction oscillators: x_i(0) = ((b·(2i + 1) + 3i) mod 79)/40 − 1 and v_i(0) = ((b·(i + 2) + 13i) mod 71)/35 − 1,
    /// every trajectory its own (79 and 71 are prime), so step counts differ and lanes diverge.
    /// </summary>
    public static double[] FrictionOscillatorsInitialStates(int trajectories)
    {
        var z0 = new double[4 * trajectories];
        for (int b = 0; b < trajectories; b++)
            for (int i = 0; i < 2; i++)
            {
                z0[4 * b + 2 * i] = ((b * (2 * i + 1) + 3 * i) % 79) / 40.0 - 1;
                z0[4 * b + 2 * i + 1] = ((b * (i + 2) + 13 * i) % 71) / 35.0 - 1;
            }
        return z0;
    }

    /// <summary>The one solver of a setup, whatever its system type.</summary>
    private interface ISolver : IDisposable
    {
        int StateSize { get; }

        bool IsVectorized { get; }

        EnsembleResult Solve(double[] z0, double[] theta, double[] times, double[] outputs, SolveResult[] results);

        EnsembleResult Gradient(double[] seeds, double[] gradZ0, double[] gradTheta, GradientResult[] results);
    }

    private sealed class Solver<TSystem>(int trajectories, OdeOptions options, EnsembleOptions ensembleOptions) : ISolver
        where TSystem : IOdeDynamics<double>
    {
        private readonly EnsembleSolver<double, TSystem> _solver = new(trajectories, options, ensembleOptions);

        public int StateSize => TSystem.StateSize;

        public bool IsVectorized => _solver.IsVectorized;

        public EnsembleResult Solve(double[] z0, double[] theta, double[] times, double[] outputs, SolveResult[] results) =>
            _solver.Solve(z0, theta, times, outputs, results);

        public EnsembleResult Gradient(double[] seeds, double[] gradZ0, double[] gradTheta, GradientResult[] results) =>
            _solver.Gradient(seeds, gradZ0, gradTheta, results);

        public void Dispose() => _solver.Dispose();
    }
}
