using AcaKernels.Gpu.Tests.Systems;
using AcaKernels.Tableaus;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>Every sample system (Systems/) with every tableau that gets a GPU stepper.</summary>
public static class StepperCases
{
    private static readonly double[] LorenzState = [1.0, 1.0, 1.0], LorenzParameters = [10.0, 28.0, 8.0 / 3];

    private static readonly double[] PlanarState =
        [-0.97000436, 0.24308753, 0.97000436, -0.24308753, 0, 0, 0.466203685, 0.43236573, 0.466203685, 0.43236573, -0.93240737, -0.86473146];

    private static readonly double[] SpatialState =
        [-0.97000436, 0.24308753, 0, 0.97000436, -0.24308753, 0, 0, 0, 0,
         0.466203685, 0.43236573, 0.05, 0.466203685, 0.43236573, -0.03, -0.93240737, -0.86473146, -0.02];

    private static readonly double[] Masses = [1.0, 1.0, 1.0];

    private static readonly double[] MlpState = [0.4, -0.7, 1.1];

    private static readonly double[] SweptState = [0.4, -0.7];

    private static readonly double[] OscillatorState = [0.5, -0.3], OscillatorParameters = [1.3, 0.8, 2.1];

    /// <summary>Seeded weights of order 1/√fan-in, as AcaKernels.Tests' TanhMlp.</summary>
    private static double[] MlpParameters()
    {
        var random = new Random(20240601);
        var p = new double[TanhMlp.B2Offset + 3];
        for (int i = 0; i < p.Length; i++)
        {
            double u = 2 * random.NextDouble() - 1;
            p[i] = i < TanhMlp.B1Offset ? u / Math.Sqrt(3) : i < TanhMlp.W2Offset ? u / 2 : i < TanhMlp.B2Offset ? u / Math.Sqrt(TanhMlp.Hidden) : u / 2;
        }
        return p;
    }

    public static IReadOnlyList<StepperCase> All { get; } = Build().ToArray();

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static StepperCase Get(string name) => All.Single(c => c.Name == name);

    private static IEnumerable<StepperCase> Build()
    {
        foreach (StepperCase c in For<double, Lorenz.RhsOde.Gpu.HeunEuler, Lorenz.RhsOde.Gpu.BogackiShampine3, Lorenz.RhsOde.Gpu.DormandPrince5,
                     Lorenz.RhsOde.Gpu.Tsitouras5, Lorenz.RhsOde.Gpu.DormandPrince853, Lorenz.RhsOde>("Lorenz.RhsOde", LorenzState, LorenzParameters))
            yield return c;
        foreach (StepperCase c in For<float, Lorenz.RhsSingleOde.Gpu.HeunEuler, Lorenz.RhsSingleOde.Gpu.BogackiShampine3, Lorenz.RhsSingleOde.Gpu.DormandPrince5,
                     Lorenz.RhsSingleOde.Gpu.Tsitouras5, Lorenz.RhsSingleOde.Gpu.DormandPrince853, Lorenz.RhsSingleOde>("Lorenz.RhsSingleOde", LorenzState, LorenzParameters))
            yield return c;
        foreach (StepperCase c in For<double, ThreeBody.PlanarOde.Gpu.HeunEuler, ThreeBody.PlanarOde.Gpu.BogackiShampine3, ThreeBody.PlanarOde.Gpu.DormandPrince5,
                     ThreeBody.PlanarOde.Gpu.Tsitouras5, ThreeBody.PlanarOde.Gpu.DormandPrince853, ThreeBody.PlanarOde>("ThreeBody.PlanarOde", PlanarState, Masses))
            yield return c;
        foreach (StepperCase c in For<double, ThreeBody.SpatialOde.Gpu.HeunEuler, ThreeBody.SpatialOde.Gpu.BogackiShampine3, ThreeBody.SpatialOde.Gpu.DormandPrince5,
                     ThreeBody.SpatialOde.Gpu.Tsitouras5, ThreeBody.SpatialOde.Gpu.DormandPrince853, ThreeBody.SpatialOde>("ThreeBody.SpatialOde", SpatialState, Masses))
            yield return c;
        foreach (StepperCase c in For<double, TanhMlp.RhsOde.Gpu.HeunEuler, TanhMlp.RhsOde.Gpu.BogackiShampine3, TanhMlp.RhsOde.Gpu.DormandPrince5,
                     TanhMlp.RhsOde.Gpu.Tsitouras5, TanhMlp.RhsOde.Gpu.DormandPrince853, TanhMlp.RhsOde>("TanhMlp.RhsOde", MlpState, MlpParameters()))
            yield return c;
        foreach (StepperCase c in For<double, ForcedOscillator.RhsOde.Gpu.HeunEuler, ForcedOscillator.RhsOde.Gpu.BogackiShampine3, ForcedOscillator.RhsOde.Gpu.DormandPrince5,
                     ForcedOscillator.RhsOde.Gpu.Tsitouras5, ForcedOscillator.RhsOde.Gpu.DormandPrince853, ForcedOscillator.RhsOde>("ForcedOscillator.RhsOde", OscillatorState, OscillatorParameters))
            yield return c;
        foreach (StepperCase c in For<double, SweptMlp.RhsOde.Gpu.HeunEuler, SweptMlp.RhsOde.Gpu.BogackiShampine3, SweptMlp.RhsOde.Gpu.DormandPrince5,
                     SweptMlp.RhsOde.Gpu.Tsitouras5, SweptMlp.RhsOde.Gpu.DormandPrince853, SweptMlp.RhsOde>("SweptMlp.RhsOde", SweptState, SweptMlp.Parameters()))
            yield return c;
        yield return new StepperCase<double, SweptMlp.RhsPerStageOde.Gpu.DormandPrince5, SweptMlp.RhsPerStageOde>(
            "SweptMlp.RhsPerStageOde.Gpu.DormandPrince5", DormandPrince5.Tableau, SweptState, SweptMlp.Parameters());
        // float32 with the tableau of the GPU check's neural ODE only: each case costs CI an offline compile of its kernels.
        yield return new StepperCase<float, SweptMlp.RhsSingleOde.Gpu.DormandPrince5, SweptMlp.RhsSingleOde>(
            "SweptMlp.RhsSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, SweptState, SweptMlp.Parameters());
        foreach (StepperCase c in Coverage())
            yield return c;
    }

    /// <summary>The coverage systems (Systems/Coverage.cs) with the method the ensembles use most.</summary>
    private static IEnumerable<StepperCase> Coverage()
    {
        yield return new StepperCase<double, Systems.Coverage.ActuatedOde.Gpu.DormandPrince5, Systems.Coverage.ActuatedOde>(
            "Coverage.ActuatedOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.3, -0.2], [1.5, 2.0, 0.1]);
        var random = new Random(31);
        double[] weights = Enumerable.Range(0, 148).Select(_ => (2 * random.NextDouble() - 1) / 4).ToArray();
        yield return new StepperCase<double, Systems.Coverage.WideMlpOde.Gpu.DormandPrince5, Systems.Coverage.WideMlpOde>(
            "Coverage.WideMlpOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.5, -0.4, 0.8, 0.1], weights);
        yield return new StepperCase<double, Systems.Coverage.LogLotkaVolterraOde.Gpu.DormandPrince5, Systems.Coverage.LogLotkaVolterraOde>(
            "Coverage.LogLotkaVolterraOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.9, 0.2], [1.5, 1.0, 1.0, 3.0]);
        yield return new StepperCase<float, Systems.Coverage.LogLotkaVolterraSingleOde.Gpu.DormandPrince5, Systems.Coverage.LogLotkaVolterraSingleOde>(
            "Coverage.LogLotkaVolterraSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.9, 0.2], [1.5, 1.0, 1.0, 3.0]);
        yield return new StepperCase<double, Systems.Coverage.LogOscillatorOde.Gpu.DormandPrince5, Systems.Coverage.LogOscillatorOde>(
            "Coverage.LogOscillatorOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [1.5, 1.2], [3.0, 3.0, 3.0, 3.0]);
        yield return new StepperCase<float, Systems.Coverage.LogOscillatorSingleOde.Gpu.DormandPrince5, Systems.Coverage.LogOscillatorSingleOde>(
            "Coverage.LogOscillatorSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [1.5, 1.2], [3.0, 3.0, 3.0, 3.0]);
        yield return new StepperCase<double, Systems.Coverage.DrivenPendulumOde.Gpu.DormandPrince5, Systems.Coverage.DrivenPendulumOde>(
            "Coverage.DrivenPendulumOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [2.5, -0.3], [1.0, 0.25, 1.2, 0.67]);
        yield return new StepperCase<float, Systems.Coverage.DrivenPendulumSingleOde.Gpu.DormandPrince5, Systems.Coverage.DrivenPendulumSingleOde>(
            "Coverage.DrivenPendulumSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [2.5, -0.3], [1.0, 0.25, 1.2, 0.67]);
        yield return new StepperCase<double, Systems.Coverage.HillFeedbackOde.Gpu.DormandPrince5, Systems.Coverage.HillFeedbackOde>(
            "Coverage.HillFeedbackOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.5, 1.5], [10.0, 0.8, 2.5]);
        yield return new StepperCase<float, Systems.Coverage.HillFeedbackSingleOde.Gpu.DormandPrince5, Systems.Coverage.HillFeedbackSingleOde>(
            "Coverage.HillFeedbackSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.5, 1.5], [10.0, 0.8, 2.5]);
        yield return new StepperCase<double, Systems.Coverage.SaturatingRotorOde.Gpu.DormandPrince5, Systems.Coverage.SaturatingRotorOde>(
            "Coverage.SaturatingRotorOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.8, -0.6], [1.5, 0.7, 0.3]);
        yield return new StepperCase<float, Systems.Coverage.SaturatingRotorSingleOde.Gpu.DormandPrince5, Systems.Coverage.SaturatingRotorSingleOde>(
            "Coverage.SaturatingRotorSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.8, -0.6], [1.5, 0.7, 0.3]);
        yield return new StepperCase<double, Systems.Coverage.SoftSpringOde.Gpu.DormandPrince5, Systems.Coverage.SoftSpringOde>(
            "Coverage.SoftSpringOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.8, -0.6], [1.5, 0.7, 0.3]);
        yield return new StepperCase<float, Systems.Coverage.SoftSpringSingleOde.Gpu.DormandPrince5, Systems.Coverage.SoftSpringSingleOde>(
            "Coverage.SoftSpringSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.8, -0.6], [1.5, 0.7, 0.3]);
        yield return new StepperCase<double, Systems.Coverage.TabulatedDriveOde.Gpu.DormandPrince5, Systems.Coverage.TabulatedDriveOde>(
            "Coverage.TabulatedDriveOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.4, -0.2], [2.0, 0.3, 1.7]);
        yield return new StepperCase<float, Systems.Coverage.TabulatedDriveSingleOde.Gpu.DormandPrince5, Systems.Coverage.TabulatedDriveSingleOde>(
            "Coverage.TabulatedDriveSingleOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [0.4, -0.2], [2.0, 0.3, 1.7]);
        yield return new StepperCase<double, Systems.Coverage.TabulatedChainOde.Gpu.DormandPrince5, Systems.Coverage.TabulatedChainOde>(
            "Coverage.TabulatedChainOde.Gpu.DormandPrince5", DormandPrince5.Tableau, [.. Enumerable.Range(0, 24).Select(i => 0.5 + 0.02 * i)], [1.0, 0.3]);
    }

    /// <summary>The five built-in adaptive tableaus' steppers of one system.</summary>
    private static IEnumerable<StepperCase> For<T, THeun, TBogacki, TDopri, TTsit, TDop853, TOde>(string system, double[] state, double[] parameters)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where THeun : struct, IGpuStepper<T> where TBogacki : struct, IGpuStepper<T> where TDopri : struct, IGpuStepper<T>
        where TTsit : struct, IGpuStepper<T> where TDop853 : struct, IGpuStepper<T>
        where TOde : IOdeDynamics<T>
    {
        string prefix = system + ".Gpu.";
        yield return new StepperCase<T, THeun, TOde>(prefix + "HeunEuler", HeunEuler.Tableau, state, parameters);
        yield return new StepperCase<T, TBogacki, TOde>(prefix + "BogackiShampine3", BogackiShampine3.Tableau, state, parameters);
        yield return new StepperCase<T, TDopri, TOde>(prefix + "DormandPrince5", DormandPrince5.Tableau, state, parameters);
        yield return new StepperCase<T, TTsit, TOde>(prefix + "Tsitouras5", Tsitouras5.Tableau, state, parameters);
        yield return new StepperCase<T, TDop853, TOde>(prefix + "DormandPrince853", DormandPrince853.Tableau, state, parameters);
    }
}
