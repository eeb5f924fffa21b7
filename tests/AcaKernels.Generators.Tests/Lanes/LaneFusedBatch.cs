using System.Diagnostics;
using System.Text.RegularExpressions;
using AcaKernels.Generators.Tests.Infrastructure;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// The random programs of <see cref="LaneFusedPropertyTests"/>, compiled once, in one compilation, with the fused
/// kernels of <see cref="Methods"/> only (AcaKernelsFusedMethods): a program's kernels are 0.15–1.5 MB of source even
/// so, and the compiler's time grows with it. The first <see cref="Drawn"/> are RandomDynamics.Create's as drawn
/// (n, m ≤ 4: pair trial steps in the register form, or none for a loop-form body); then <see cref="Wide"/> programs
/// of n = 6 or 7, more values than the register form of two groups keeps (3n + θ + 1 &gt; 16), each the first of
/// successive seeds whose Dormand-Prince 5 pair trial step is the memory form (f's own live set fits; the generator
/// alone decides that, cheaply, before the batch is compiled).
/// </summary>
public sealed class LaneFusedBatch : IDisposable
{
    public const int Drawn = 5;

    public const int Wide = 2;

    /// <summary>Dormand-Prince 5 (every kernel) and Bogacki-Shampine 3 (the trial steps).</summary>
    public const string Methods = "DormandPrince5;BogackiShampine3";

    /// <summary>Apart from the seeds of the other property tests (PropertyTests, LanePropertyTests).</summary>
    private const int SeedOffset = 10_000;

    /// <summary>Wide candidates tried before giving up (a seed's chance of the memory form is about one in four).</summary>
    private const int WideCandidates = 40;

    private readonly InMemoryAssembly _assembly;

    public LaneFusedBatch()
    {
        var clock = Stopwatch.StartNew();
        // Resolved once: under ACA_PROPERTY_SEED=random each call draws anew.
        PropertySeedValue = PropertySeed.Resolve();
        int seed = PropertySeedValue + SeedOffset;
        List<(int Seed, RandomDynamics Dynamics)> programs = [.. Enumerable.Range(seed, Drawn).Select(s => (s, RandomDynamics.Create(s)))];
        for (int candidate = 0, found = 0; found < Wide; candidate++)
        {
            if (candidate == WideCandidates)
                throw new InvalidOperationException($"seed {seed}: no {Wide} of {WideCandidates} wide programs have a memory-form pair trial step");
            int wideSeed = seed + Drawn + candidate;
            var wide = RandomDynamics.Create(wideSeed, 6 + candidate % 2, 1 + candidate / 2 % 2);
            GeneratorRun probe = GeneratorHarness.RunWithFusedMethods("DormandPrince5", wide.Source("W"));
            if (!probe.GeneratedSources.Any(source => FusedProgram.PairFormIn(source, RungeKuttaMethod.DormandPrince5) == PairForm.Memory)) continue;
            programs.Add((wideSeed, wide));
            found++;
        }
        string[] names = programs.Select((_, k) => "P" + k).ToArray();
        GeneratorRun run = GeneratorHarness.RunWithFusedMethods(Methods, [.. programs.Select((program, k) => program.Dynamics.Source(names[k]))]);
        var errors = run.GeneratorDiagnostics.Take(5).ToList();
        if (errors.Count != 0)
            throw new InvalidOperationException($"seed {seed}: the generator reports\n{string.Join("\n", errors)}");
        // Compiler errors are the emit's (InMemoryAssembly): asking the compilation for them first would bind it twice.
        _assembly = new InMemoryAssembly(run.Output);
        string[] generated = run.GeneratedSources.Where(source => source.Contains("TrialStepLanes", StringComparison.Ordinal)).ToArray();
        Programs = programs.Select((program, k) =>
        {
            Type dynamics = _assembly.Assembly.GetType(names[k] + "+FOde", throwOnError: true)!;
            var kernels = (IFusedKernels)Activator.CreateInstance(typeof(FusedKernels<>).MakeGenericType(dynamics))!;
            string source = generated.Single(text => Regex.IsMatch(text, $@"partial class {names[k]}\s"));
            return new FusedProgram(PropertySeedValue, program.Seed, names[k], program.Dynamics, source, kernels);
        }).ToArray();
        CompileTime = clock.Elapsed;
    }

    /// <summary>The property seed the batch was drawn from (what ACA_PROPERTY_SEED repeats it with).</summary>
    public int PropertySeedValue { get; }

    internal FusedProgram[] Programs { get; }

    /// <summary>Generator, compilation and load of the whole batch.</summary>
    public TimeSpan CompileTime { get; }

    public void Dispose() => _assembly.Dispose();
}
