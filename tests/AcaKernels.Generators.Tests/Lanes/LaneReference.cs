using System.Runtime.Intrinsics;
using AcaKernels.Stepping;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>Runs a system's lane kernels and, lane by lane, its scalar kernels at the same inputs, and asserts
/// the results equal (<see cref="LaneInputs.AssertSame"/>). Returns the lane results for further checks.</summary>
internal static class LaneReference
{
    public static Vector512<double>[] Evaluate<TDynamics>(LaneInputs inputs) where TDynamics : IOdeDynamics<double> =>
        Evaluate(LaneSystem.Of<TDynamics>(), inputs);

    public static Vector512<double>[] Evaluate(LaneSystem system, LaneInputs inputs)
    {
        int n = system.N, m = system.M;
        var dz = new Vector512<double>[n];
        Assert.True(system.LaneEvaluate(LaneInputs.Pack(inputs.T), LaneInputs.Pack(inputs.Z, n), LaneInputs.Pack(inputs.P, m), dz));
        for (int lane = 0; lane < LaneInputs.Lanes; lane++)
        {
            var expected = new double[n];
            system.Evaluate(inputs.T[lane], inputs.Z[lane], inputs.P[lane], expected);
            LaneInputs.AssertSame(expected, LaneInputs.Lane(dz, lane), $"{system.Name} lane {lane} dz");
        }
        return dz;
    }

    /// <summary>The trial step of <paramref name="method"/>; stage 0 (the caller's, as in the solver) is f at the
    /// step's start, computed by the scalar Evaluate for both.</summary>
    public static (Vector512<double>[] Stages, Vector512<double>[] ZNew, Vector512<double>[] Error, Vector512<double>[] Error2)
        TrialStep<TDynamics>(RungeKuttaMethod method, LaneInputs inputs) where TDynamics : IOdeDynamics<double> =>
        TrialStep(LaneSystem.Of<TDynamics>(), ButcherTableaus.Get(method), inputs);

    /// <summary>The same for any tableau (a user-defined one too).</summary>
    public static (Vector512<double>[] Stages, Vector512<double>[] ZNew, Vector512<double>[] Error, Vector512<double>[] Error2)
        TrialStep<TDynamics>(ButcherTableau tableau, LaneInputs inputs) where TDynamics : IOdeDynamics<double> =>
        TrialStep(LaneSystem.Of<TDynamics>(), tableau, inputs);

    public static (Vector512<double>[] Stages, Vector512<double>[] ZNew, Vector512<double>[] Error, Vector512<double>[] Error2)
        TrialStep(LaneSystem system, RungeKuttaMethod method, LaneInputs inputs) => TrialStep(system, ButcherTableaus.Get(method), inputs);

    public static (Vector512<double>[] Stages, Vector512<double>[] ZNew, Vector512<double>[] Error, Vector512<double>[] Error2)
        TrialStep(LaneSystem system, ButcherTableau tableau, LaneInputs inputs)
    {
        int n = system.N, m = system.M, s = tableau.Stages;
        double[][] k0 = Enumerable.Range(0, LaneInputs.Lanes).Select(lane =>
        {
            var k = new double[n];
            system.Evaluate(inputs.T[lane], inputs.Z[lane], inputs.P[lane], k);
            return k;
        }).ToArray();
        var stages = new Vector512<double>[s * n];
        LaneInputs.Pack(k0, n).CopyTo(stages, 0);
        Vector512<double>[] zNew = new Vector512<double>[n], error = new Vector512<double>[n], error2 = new Vector512<double>[n];
        Vector512<double>[] z = LaneInputs.Pack(inputs.Z, n), sumOfSquares = [Vector512.Create(double.NaN)];
        Assert.True(system.LaneTrialStep(tableau, LaneInputs.Pack(inputs.T), LaneInputs.Pack(inputs.H),
            z, LaneInputs.Pack(inputs.P, m), stages, zNew, error, error2, LaneTolerances.Broadcast(LaneTolerances.Absolute(n)),
            LaneTolerances.Broadcast(LaneTolerances.Relative(n)), sumOfSquares));
        for (int lane = 0; lane < LaneInputs.Lanes; lane++)
        {
            var scalarStages = new double[s * n];
            k0[lane].CopyTo(scalarStages, 0);
            double[] scalarZNew = new double[n], scalarError = new double[n], scalarError2 = new double[n];
            Assert.True(system.TrialStep(tableau, inputs.T[lane], inputs.H[lane], inputs.Z[lane], inputs.P[lane],
                scalarStages, scalarZNew, scalarError, scalarError2));
            string what = $"{system.Name} {tableau.Name} lane {lane}";
            LaneInputs.AssertSame(scalarStages, LaneInputs.Lane(stages, lane), what + " stages");
            LaneInputs.AssertSame(scalarZNew, LaneInputs.Lane(zNew, lane), what + " zNew");
            LaneInputs.AssertSame(scalarError, LaneInputs.Lane(error, lane), what + " error");
            LaneInputs.AssertSame(scalarError2, LaneInputs.Lane(error2, lane), what + " error2");
            // The RMS norm's sum (one error estimate); DOP853's kernel leaves the slot as it was.
            if (LaneTolerances.WritesSum(tableau)) LaneTolerances.AssertLane(sumOfSquares[0], error, z, zNew, lane, what);
            else Assert.True(double.IsNaN(sumOfSquares[0][lane]), what + ": no sum for a norm of two estimates");
        }
        return (stages, zNew, error, error2);
    }

    /// <summary>The backward of one step of <paramref name="method"/> with seed adjointOut (±1 per component, random)
    /// and a gradient accumulator that starts nonzero (the kernels add into it): returns false when the system has
    /// no lane step VJP for the method, else asserts adjointIn and gradP equal the scalar kernel's lane by lane.</summary>
    public static bool StepVjp(LaneSystem system, RungeKuttaMethod method, LaneInputs inputs, int seed) =>
        StepVjp(system, ButcherTableaus.Get(method), inputs, seed);

    /// <summary>The same for any tableau (a user-defined one too).</summary>
    public static bool StepVjp(LaneSystem system, ButcherTableau tableau, LaneInputs inputs, int seed) =>
        StepVjpOutputs(system, tableau, inputs, seed) is not null;

    /// <summary>The same, returning the lane kernel's adjointIn and gradP (null when the system has no lane step VJP for
    /// <paramref name="tableau"/>) for further checks.</summary>
    public static (Vector512<double>[] AdjointIn, Vector512<double>[] GradP)? StepVjpOutputs(LaneSystem system, ButcherTableau tableau,
        LaneInputs inputs, int seed)
    {
        int n = system.N, m = system.M, s = tableau.Stages;
        var random = new Random(seed);
        double[][] adjointOut = Enumerable.Range(0, LaneInputs.Lanes).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        double[][] gradP = Enumerable.Range(0, LaneInputs.Lanes).Select(_ => Enumerable.Range(0, m).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        Vector512<double>[] adjointIn = new Vector512<double>[n], laneGradP = LaneInputs.Pack(gradP, m);
        Vector512<double>[] scratch = system.LaneScratch(s);
        if (!system.LaneStepVjp!(tableau, LaneInputs.Pack(inputs.T), LaneInputs.Pack(inputs.H), LaneInputs.Pack(inputs.Z, n),
            LaneInputs.Pack(inputs.P, m), LaneInputs.Pack(adjointOut, n), adjointIn, laneGradP, scratch))
            return null;
        for (int lane = 0; lane < LaneInputs.Lanes; lane++)
        {
            double[] scalarAdjointIn = new double[n], scalarGradP = (double[])gradP[lane].Clone(), scalarScratch = new double[(3 * s + 1) * n];
            Assert.True(system.StepVjp!(tableau, inputs.T[lane], inputs.H[lane], inputs.Z[lane], inputs.P[lane], adjointOut[lane],
                scalarAdjointIn, scalarGradP, scalarScratch));
            string what = $"{system.Name} {tableau.Name} lane {lane}";
            LaneInputs.AssertSame(scalarAdjointIn, LaneInputs.Lane(adjointIn, lane), what + " adjointIn");
            LaneInputs.AssertSame(scalarGradP, LaneInputs.Lane(laneGradP, lane), what + " gradP");
        }
        return (adjointIn, laneGradP);
    }

    /// <summary>The backward with time terms (TryLaneStepVjpWithTime) against the generic stepper's StepVjp with time
    /// gradients, lane by lane at each lane's inputs: adjointIn, gradP (starting nonzero), ∂L/∂h and ∂L/∂t. Returns
    /// false when the system has no such lane kernel for <paramref name="tableau"/> (then both outputs are zero).</summary>
    public static bool StepVjpWithTime(LaneSystem system, ButcherTableau tableau, LaneInputs inputs, int seed)
    {
        int n = system.N, m = system.M, s = tableau.Stages;
        var random = new Random(seed);
        double[][] adjointOut = Enumerable.Range(0, LaneInputs.Lanes).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        double[][] gradP = Enumerable.Range(0, LaneInputs.Lanes).Select(_ => Enumerable.Range(0, m).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        Vector512<double>[] adjointIn = new Vector512<double>[n], laneGradP = LaneInputs.Pack(gradP, m);
        Vector512<double>[] scratch = system.LaneScratch(s);
        if (!system.LaneStepVjpWithTime!(tableau, LaneInputs.Pack(inputs.T), LaneInputs.Pack(inputs.H), LaneInputs.Pack(inputs.Z, n),
            LaneInputs.Pack(inputs.P, m), LaneInputs.Pack(adjointOut, n), adjointIn, laneGradP, scratch, out Vector512<double> gradH,
            out Vector512<double> gradT))
        {
            Assert.Equal(Vector512<double>.Zero, gradH);
            Assert.Equal(Vector512<double>.Zero, gradT);
            return false;
        }
        for (int lane = 0; lane < LaneInputs.Lanes; lane++)
        {
            double[] scalarAdjointIn = new double[n], scalarGradP = (double[])gradP[lane].Clone(), scalarScratch = new double[(3 * s + 1) * n];
            double scalarH = system.GenericStepVjpWithTime!(tableau, inputs.T[lane], inputs.H[lane], inputs.Z[lane], inputs.P[lane],
                adjointOut[lane], scalarAdjointIn, scalarGradP, scalarScratch, out double scalarT);
            string what = $"{system.Name} {tableau.Name} lane {lane}";
            LaneInputs.AssertSame(scalarAdjointIn, LaneInputs.Lane(adjointIn, lane), what + " adjointIn");
            LaneInputs.AssertSame(scalarGradP, LaneInputs.Lane(laneGradP, lane), what + " gradP");
            LaneInputs.AssertSame([scalarH, scalarT], [gradH[lane], gradT[lane]], what + " ∂L/∂h, ∂L/∂t");
        }
        return true;
    }
}
