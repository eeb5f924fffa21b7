using System.Collections.Concurrent;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>Compiles dual-number copies of dynamics sources in memory and returns their tangent functions.</summary>
internal static class DualCompiler
{
    private static readonly ConcurrentDictionary<string, TangentFn> Cache = new();

    /// <summary>The tangent function of method <paramref name="method"/> of <paramref name="typeName"/> in
    /// <paramref name="source"/> (cached per sample: compiled once, never unloaded).</summary>
    public static TangentFn ForSample(SampleCase sample) => Cache.GetOrAdd(sample.Name, _ =>
    {
        string dual = DualSource.ToDual(sample.Source());
        string dualType = sample.TypeName.Insert(sample.TypeName.LastIndexOf('.'), ".DualCopy");
        string harness = Harness("SampleHarness", "global::" + dualType + "." + sample.Method);
        var assembly = new InMemoryAssembly(GeneratorHarness.Compile(DualSource.Types, dual, harness));
        return assembly.Method<TangentFn>("SampleHarness", "Tangent");
    });

    /// <summary>A static class <paramref name="className"/> with Tangent(…) calling the dual method.</summary>
    public static string Harness(string className, string dualMethod) => $$"""
        public static class {{className}}
        {
            public static void Tangent(double t, double tDot, double[] z, double[] zDot, double[] p, double[] pDot, double[] f, double[] fDot, double[] fMagnitude)
            {
                var zd = new Dual[z.Length];
                for (int i = 0; i < z.Length; i++) zd[i] = new Dual(z[i], zDot[i]);
                var pd = new Dual[p.Length];
                for (int i = 0; i < p.Length; i++) pd[i] = new Dual(p[i], pDot[i]);
                var fd = new Dual[f.Length];
                {{dualMethod}}(new Dual(t, tDot), zd, pd, fd);
                for (int i = 0; i < f.Length; i++) { f[i] = fd[i].V; fDot[i] = fd[i].D; fMagnitude[i] = fd[i].A; }
            }
        }
        """;
}
