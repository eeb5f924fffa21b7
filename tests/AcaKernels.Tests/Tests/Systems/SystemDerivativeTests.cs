using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// Checks one system's hand-written VJP against forward-mode duals through its generic right-hand side and
/// against central differences, in double, and its float implementation against its double one. One suite,
/// thin subclasses per system (<see cref="SystemDerivativeSuites"/>).
/// </summary>
public abstract class SystemDerivativeTests<TSys> where TSys : struct, ITestSystem, IOdeDynamics<double>, IOdeDynamics<float>
{
    /// <summary>
    /// Dual numbers and the VJP evaluate the same derivative expressions in a different order, so they differ
    /// by a few rounding errors of the largest terms: 1e-12 of the gradient's ∞-norm leaves a margin of ~1e3 ulps.
    /// </summary>
    private const double DualTolerance = 1e-12;

    /// <summary>Central differences with δ ≈ 6e-6 are accurate to ~1e-10 relative (see FiniteDifferences).</summary>
    private const double DifferenceTolerance = 1e-7;

    /// <summary>
    /// float against double from the same (float-rounded) inputs: a few float roundings (ε = 6e-8) of terms up to
    /// the gradient's norm, amplified at most ~10× by cancellation in these small systems.
    /// </summary>
    private const double FloatTolerance = 1e-5;

    private static int N => Dynamics64<TSys>.StateSize;
    private static int M => Dynamics64<TSys>.ParameterSize;

    [Fact]
    public void Sizes_SampleArrays_MatchStateAndParameterSize()
    {
        Assert.Equal(N, TSys.SampleState.Length);
        Assert.Equal(M, TSys.SampleParameters.Length);
        Assert.Equal(N, Dynamics32<TSys>.StateSize);
        Assert.Equal(M, Dynamics32<TSys>.ParameterSize);
    }

    [Fact]
    public void Evaluate_Double_EqualsGenericRhsOverDuals()
    {
        foreach (SamplePoint x in SamplePoints.For<TSys>())
        {
            var dz = new double[N];
            Dynamics64<TSys>.Evaluate(x.T, x.Z, x.P, dz);
            var dual = new Dual[N];
            TSys.Rhs(Dual.From(x.T), Dual.Seed(x.Z, default), Dual.Seed(x.P, default), dual);
            Assert.Equal(Dual.Values(dual), dz);
        }
    }

    [Fact]
    public void Vjp_EveryBasisDirection_MatchesDualNumbers()
    {
        foreach (SamplePoint x in SamplePoints.For<TSys>())
        {
            double[] vjp = HandVjp(x);
            var dual = new double[vjp.Length];
            for (int k = 0; k < dual.Length; k++)
            {
                var direction = new double[dual.Length];
                direction[k] = 1;
                dual[k] = DualDirectional(x, direction);
            }
            Close.Equal(dual, vjp, DualTolerance, $"{TSys.Name} VJP (t, z, p) at t = {x.T}");
        }
    }

    [Fact]
    public void Vjp_RandomDirections_MatchesDualNumbers()
    {
        var random = new Random(7);
        foreach (SamplePoint x in SamplePoints.For<TSys>())
        {
            double[] vjp = HandVjp(x);
            for (int trial = 0; trial < 3; trial++)
            {
                double[] direction = SamplePoints.Uniform(random, vjp.Length);
                double expected = DualDirectional(x, direction);
                double actual = Dot(vjp, direction);
                Close.Equal(expected, actual, DualTolerance, Close.MaxAbs(vjp), $"{TSys.Name} ⟨VJP, d⟩");
            }
        }
    }

    [Fact]
    public void Vjp_EveryCoordinate_MatchesCentralDifferences()
    {
        foreach (SamplePoint x in SamplePoints.For<TSys>())
        {
            double[] vjp = HandVjp(x);
            double[] point = Pack(x);
            double[] difference = FiniteDifferences.Gradient(q => Dot(x.V, Evaluate(q)), point);
            Close.Equal(difference, vjp, DifferenceTolerance, $"{TSys.Name} VJP vs central differences at t = {x.T}");
        }
    }

    [Fact]
    public void Vjp_ExistingGradients_AreAddedTo()
    {
        SamplePoint x = SamplePoints.For<TSys>(perturbed: 0).Single();
        var gradZ = new double[N];
        var gradP = new double[M];
        Dynamics64<TSys>.Vjp(x.T, x.Z, x.P, x.V, gradZ, gradP);
        double[] onceZ = (double[])gradZ.Clone(), onceP = (double[])gradP.Clone();
        Dynamics64<TSys>.Vjp(x.T, x.Z, x.P, x.V, gradZ, gradP);
        Close.Equal(onceZ.Select(g => 2 * g).ToArray(), gradZ, 1e-15, $"{TSys.Name} twice-accumulated gradZ");
        Close.Equal(onceP.Select(g => 2 * g).ToArray(), gradP, 1e-15, $"{TSys.Name} twice-accumulated gradP");
    }

    [Fact]
    public void Float_EvaluateAndVjp_MatchDoubleToFloatPrecision()
    {
        foreach (SamplePoint x in SamplePoints.For<TSys>())
        {
            float t = (float)x.T;
            float[] z = Close.ToFloat(x.Z), p = Close.ToFloat(x.P), v = Close.ToFloat(x.V);
            var rounded = new SamplePoint(t, Close.ToDouble(z), Close.ToDouble(p), Close.ToDouble(v));

            var dz = new float[N];
            Dynamics32<TSys>.Evaluate(t, z, p, dz);
            Close.Equal(Evaluate(Pack(rounded)), Close.ToDouble(dz), FloatTolerance, $"{TSys.Name} float f");

            var gradZ = new float[N];
            var gradP = new float[M];
            float gradT = Dynamics32<TSys>.Vjp(t, z, p, v, gradZ, gradP);
            double[] single = [gradT, .. Close.ToDouble(gradZ), .. Close.ToDouble(gradP)];
            Close.Equal(HandVjp(rounded), single, FloatTolerance, $"{TSys.Name} float VJP");
        }
    }

    /// <summary>The hand VJP packed as (∂/∂t, ∂/∂z, ∂/∂p) of vᵀf.</summary>
    private static double[] HandVjp(SamplePoint x)
    {
        var gradZ = new double[N];
        var gradP = new double[M];
        double gradT = Dynamics64<TSys>.Vjp(x.T, x.Z, x.P, x.V, gradZ, gradP);
        return [gradT, .. gradZ, .. gradP];
    }

    /// <summary>vᵀ (∂f/∂(t, z, p))·direction by dual numbers through the generic right-hand side.</summary>
    private static double DualDirectional(SamplePoint x, double[] direction)
    {
        var t = new Dual(x.T, direction[0]);
        Dual[] z = Dual.Seed(x.Z, direction.AsSpan(1, N));
        Dual[] p = Dual.Seed(x.P, direction.AsSpan(1 + N, M));
        var dz = new Dual[N];
        TSys.Rhs(t, z, p, dz);
        return Dot(x.V, Dual.Tangents(dz));
    }

    private static double[] Pack(SamplePoint x) => [x.T, .. x.Z, .. x.P];

    private static double[] Evaluate(double[] packed)
    {
        var dz = new double[N];
        Dynamics64<TSys>.Evaluate(packed[0], packed.AsSpan(1, N), packed.AsSpan(1 + N, M), dz);
        return dz;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
