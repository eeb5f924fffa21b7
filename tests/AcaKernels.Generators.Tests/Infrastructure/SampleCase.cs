using System.Reflection;
using AcaKernels.Generators.Tests.Samples;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>One sample dynamics compiled into this test project, with its generated struct's members.</summary>
public sealed record SampleCase(string Name, string Resource, string TypeName, string Method, int N, int M,
    EvaluateFn User, EvaluateFn Evaluate, VjpFn Vjp, double ParameterScale)
{
    public override string ToString() => Name;

    public static SampleCase Of<TDynamics>(string name, string resource, Type type, string method, EvaluateFn user,
        double parameterScale = 1)
        where TDynamics : IOdeDynamics<double> => new(name, resource, type.FullName!, method,
            TDynamics.StateSize, TDynamics.ParameterSize, user,
            (t, z, p, dz) => TDynamics.Evaluate(t, z, p, dz),
            (t, z, p, v, gz, gp) => TDynamics.VectorJacobianProduct(t, z, p, v, gz, gp), parameterScale);

    public static readonly SampleCase[] All =
    [
        Of<Lorenz.RhsOde>("Lorenz63", "Samples.Lorenz.cs", typeof(Lorenz), "Rhs", Lorenz.Rhs, 10),
        Of<VanDerPol.RhsOde>("VanDerPol", "Samples.VanDerPol.cs", typeof(VanDerPol), "Rhs", VanDerPol.Rhs, 2),
        Of<NBody.PlanarOde>("PlanarThreeBody", "Samples.NBody.cs", typeof(NBody), "Planar", NBody.Planar, 1),
        Of<NBody.SpatialOde>("SpatialFourBody", "Samples.NBody.cs", typeof(NBody), "Spatial", NBody.Spatial, 1),
        Of<NeuralOde.MlpOde>("TanhMlp", "Samples.NeuralOde.cs", typeof(NeuralOde), "Mlp", NeuralOde.Mlp, 0.5),
        Of<UnitNeuralOde.UnitMlpOde>("UnitTanhMlp", "Samples.UnitNeuralOde.cs", typeof(UnitNeuralOde), "UnitMlp", UnitNeuralOde.UnitMlp, 0.5),
        Of<Stencil.ConvolutionOde>("Stencil", "Samples.Stencil.cs", typeof(Stencil), "Convolution", Stencil.Convolution, 1),
        Of<Forced.OscillatorOde>("ForcedOscillator", "Samples.Forced.cs", typeof(Forced), "Oscillator", Forced.Oscillator, 2),
        Of<Forced.LatticeOde>("ForcedLattice", "Samples.Forced.cs", typeof(Forced), "Lattice", Forced.Lattice, 1),
        Of<Regressions.DeadRestoreOde>("DeadRestore", "Samples.Regressions.cs", typeof(Regressions), "DeadRestore", Regressions.DeadRestore, 1),
        Of<Regressions.TrailingReturnOde>("TrailingReturn", "Samples.Regressions.cs", typeof(Regressions), "TrailingReturn", Regressions.TrailingReturn, 1),
    ];

    public static TheoryData<string> Names => new(All.Select(s => s.Name));

    public static SampleCase Get(string name) => All.Single(s => s.Name == name);

    /// <summary>The sample's source file, embedded in this assembly.</summary>
    public string Source()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
