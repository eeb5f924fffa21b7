using System.Runtime.Intrinsics;
using System.Text;
using AcaKernels.Generators.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Random valid dynamics (the generator of PropertyTests, same fixed seed unless ACA_PROPERTY_SEED says otherwise),
/// each with 8 lanes of random inputs, one of them NaN in z₀: TryLaneEvaluate equals the scalar Evaluate lane by lane,
/// bit for bit. One batch in straight-line form, one in loop form, so both lane printers meet every construct the
/// random programs use (branches on reals, helpers with their own order, local arrays, compound assignments).
/// </summary>
public sealed class LanePropertyTests(ITestOutputHelper output)
{
    private const int ProgramsPerBatch = 100;

    public delegate bool BatchLaneEvaluate(int k, Vector512<double> t, Vector512<double>[] z, Vector512<double>[] p, Vector512<double>[] dz);

    public delegate void BatchEvaluate(int k, double t, double[] z, double[] p, double[] dz);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RandomPrograms_LaneEvaluateIsBitIdenticalPerLane(bool registerKernels)
    {
        int seed = PropertySeed.Resolve() + (registerKernels ? 0 : ProgramsPerBatch);
        output.WriteLine($"ACA_PROPERTY_SEED={PropertySeed.Resolve()}");
        RandomDynamics[] programs = Enumerable.Range(0, ProgramsPerBatch).Select(k => RandomDynamics.Create(seed + k)).ToArray();
        const string v = "global::System.Runtime.Intrinsics.Vector512<double>";
        string harness = "public static class LaneBatch\n{\n"
            + Dispatch($"public static bool LaneEvaluate(int k, {v} t, {v}[] z, {v}[] p, {v}[] dz)", k => $"return P{k}.FOde.TryLaneEvaluate(t, z, p, dz);", "return false;")
            + Dispatch("public static void Evaluate(int k, double t, double[] z, double[] p, double[] dz)", k => $"P{k}.FOde.Evaluate(t, z, p, dz); return;", "return;")
            + "}\n";
        GeneratorRun run = GeneratorHarness.Run(false, registerKernels, [.. programs.Select((program, k) => program.Source("P" + k)), harness]);
        Assert.Empty(run.Errors.Take(5));
        using var assembly = new InMemoryAssembly(run.Output);
        var lanes = assembly.Method<BatchLaneEvaluate>("LaneBatch", "LaneEvaluate");
        var scalar = assembly.Method<BatchEvaluate>("LaneBatch", "Evaluate");
        int withLanes = 0;
        for (int k = 0; k < programs.Length; k++)
        {
            int n = programs[k].N, m = programs[k].M;
            LaneInputs inputs = LaneInputs.Random(seed + k, n, m, 1, 1);
            inputs.Z[5][0] = double.NaN;
            var dz = new Vector512<double>[n];
            if (!lanes(k, LaneInputs.Pack(inputs.T), LaneInputs.Pack(inputs.Z, n), LaneInputs.Pack(inputs.P, m), dz)) continue;
            withLanes++;
            for (int lane = 0; lane < LaneInputs.Lanes; lane++)
            {
                var expected = new double[n];
                scalar(k, inputs.T[lane], inputs.Z[lane], inputs.P[lane], expected);
                LaneInputs.AssertSame(expected, LaneInputs.Lane(dz, lane),
                    $"seed {seed + k}, program P{k}, lane {lane}:\n{programs[k].Source("P" + k)}\n");
            }
        }
        output.WriteLine($"{withLanes} of {ProgramsPerBatch} programs have lane kernels");
        // Random programs use only constructs with a lane form (no tables, no float values): all of them get lanes.
        Assert.Equal(ProgramsPerBatch, withLanes);
    }

    private static string Dispatch(string signature, Func<int, string> body, string fallback)
    {
        var text = new StringBuilder(signature + "\n{\n    switch (k)\n    {\n");
        for (int k = 0; k < ProgramsPerBatch; k++) text.Append($"        case {k}: {body(k)}\n");
        text.Append($"    }}\n    {fallback}\n}}\n");
        return text.ToString();
    }
}
