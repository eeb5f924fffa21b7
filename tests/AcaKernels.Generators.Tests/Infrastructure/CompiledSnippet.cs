namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// One dynamics class <c>Snip.S</c> with method <c>F</c>, run through the generator in memory (register or loop
/// form), compiled with its dual-number and complex-step copies, and loaded: the user's own F, the generated
/// Evaluate and VJP, the dual-number tangent and the complex-step derivative. Regression tests check a
/// reproducer's value against F and its VJP against both oracles.
/// </summary>
internal sealed class CompiledSnippet : IDisposable
{
    private readonly InMemoryAssembly _assembly;

    private CompiledSnippet(InMemoryAssembly assembly, int n, int m)
    {
        _assembly = assembly;
        N = n;
        M = m;
        User = assembly.Method<EvaluateFn>("Snip.S", "F");
        Evaluate = assembly.Method<EvaluateFn>("Snip.S+FOde", "Evaluate");
        Vjp = assembly.Method<VjpFn>("Snip.S+FOde", "VectorJacobianProduct");
        Tangent = assembly.Method<TangentFn>("SnippetHarness", "Tangent");
        ComplexStep = assembly.Method<TangentFn>("SnippetComplexHarness", "Derivative");
    }

    public int N { get; }

    public int M { get; }

    public EvaluateFn User { get; }

    public EvaluateFn Evaluate { get; }

    public VjpFn Vjp { get; }

    public TangentFn Tangent { get; }

    /// <summary>Complex-step directional derivatives (fMagnitude unused).</summary>
    public TangentFn ComplexStep { get; }

    /// <summary>
    /// Generates and loads <paramref name="members"/> (the body of <c>public static partial class S</c>, with an
    /// <c>[OdeDynamics(n, m)] F</c> among them). <paramref name="prologue"/> goes before the namespace (e.g. a
    /// module attribute). Fails the test on any generator or compiler error, or when the generated code is not in
    /// the expected form (<paramref name="expectRegisterForm"/>, by default whether register kernels are on).
    /// Without <paramref name="fusedKernels"/> the generator emits no fused steps (the snippet never calls them: the
    /// compile takes a fraction of the time); a test that turns them off checks elsewhere that they compile.
    /// </summary>
    public static CompiledSnippet Build(string members, int n, int m, bool registerKernels, string prologue = "",
        bool? expectRegisterForm = null, bool fusedKernels = true)
    {
        string body = $"namespace Snip;\n\npublic static partial class S\n{{\n{members}\n}}\n";
        string source = prologue + "\n" + body;
        string dual = DualSource.ToDual(body); // a module attribute in the prologue covers the dual copy too
        string harness = DualCompiler.Harness("SnippetHarness", "global::Snip.DualCopy.S.F");
        string complex = ComplexStepSource.ToComplex(body);
        string complexHarness = ComplexStepSource.Harness("SnippetComplexHarness", "global::Snip.ComplexCopy.S.F");
        GeneratorRun run = GeneratorHarness.Run(fusedKernels, registerKernels, source, dual, DualSource.Types, harness,
            complex, ComplexStepSource.Types, complexHarness);
        var errors = run.Errors.ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + string.Join("\n", run.GeneratedSources));
        bool straight = run.GeneratedSources.Any(s => s.Contains("// Straight-line form:", StringComparison.Ordinal));
        bool expected = expectRegisterForm ?? registerKernels;
        Assert.True(straight == expected, $"expected the {(expected ? "register" : "loop")} form");
        return new CompiledSnippet(new InMemoryAssembly(run.Output), n, m);
    }

    /// <summary>vᵀ∂f/∂(t, z, p) from the generated VJP.</summary>
    public double[] Gradient(double t, double[] z, double[] p, double[] v) => GradientCheck.Gradient(Vjp, N, M, t, z, p, v);

    /// <summary>
    /// Asserts at (t, z, p) with seed v: Evaluate equals the user's method bit for bit, and the VJP equals
    /// dual numbers and complex-step derivatives within <see cref="GradientCheck.DualTolerance"/> and is finite.
    /// </summary>
    public double[] Check(double t, double[] z, double[] p, double[] v)
    {
        double[] expected = new double[N], actual = new double[N];
        User(t, z, p, expected);
        Evaluate(t, z, p, actual);
        Assert.Equal(expected, actual);
        double[] gradient = Gradient(t, z, p, v);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g), "non-finite gradient: " + string.Join(", ", gradient)));
        Assert.Null(GradientCheck.AgainstDual(Tangent, gradient, N, M, t, z, p, v));
        Assert.Null(GradientCheck.AgainstComplexStep(ComplexStep, Tangent, gradient, N, M, t, z, p, v));
        return gradient;
    }

    public void Dispose() => _assembly.Dispose();
}
