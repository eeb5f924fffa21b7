using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Gpu.Tests.Support;

/// <summary>
/// Final states of a fixed-step ensemble in the layout <c>GpuFixedStepSolver</c> reads and writes, component-major
/// ([j·B + b]: component j of trajectory b): the CPU engine's as a reference, and the elementwise comparison the
/// fixed-step tests make against a reference.
/// </summary>
public static class FixedStepFinals
{
    /// <summary>
    /// Lorenz in float32 on the CPU ensemble engine with <see cref="OdeOptions.FixedStep"/> = <paramref name="h"/> over
    /// t ∈ [0, steps·h]: z₀ and θ component-major as the GPU solver takes them (θ of 3 values: shared), finals
    /// component-major. The engine accumulates t and clips its last step onto the end (see the callers' tolerances).
    /// </summary>
    public static float[] CpuEngineLorenz(RungeKuttaMethod method, int trajectories, float[] z0, float[] theta, double h, int steps)
    {
        int b = trajectories;
        bool shared = theta.Length == 3;
        float[] z0ByTrajectory = ByTrajectory(z0, b), thetaByTrajectory = shared ? theta : ByTrajectory(theta, b);
        using var cpu = new EnsembleSolver<float, Systems.Lorenz.RhsSingleOde>(b,
            new OdeOptions { Method = method, FixedStep = h, Gradient = GradientMethod.None });
        var outputs = new float[2 * 3 * b];
        cpu.Solve(z0ByTrajectory, thetaByTrajectory, [0.0, steps * h], outputs, new SolveResult[b]).ThrowIfFailed();
        var finals = new float[3 * b];
        for (int k = 0; k < b; k++)
            for (int j = 0; j < 3; j++) finals[j * b + k] = outputs[(k * 2 + 1) * 3 + j]; // the second output time's state
        return finals;
    }

    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|) for every component of every trajectory but those
    /// in <paramref name="skip"/> (the ones a test makes fail); a failure names the trajectory, the component and
    /// <paramref name="reference"/>. Tolerance 0 asks for equal values.</summary>
    public static void AssertClose<T>(T[] expected, T[] actual, int trajectories, double tolerance, string reference,
        params int[] skip) where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            int b = i % trajectories, j = i / trajectories;
            if (skip.Contains(b)) continue;
            double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(actual[i]);
            Assert.True(Math.Abs(a - e) <= tolerance * Math.Max(1, Math.Abs(e)),
                $"trajectory {b}, component {j}: {a} vs {reference} {e} (tolerance {tolerance})");
        }
    }

    /// <summary>Component-major [j·B + b] to trajectory-major [b·3 + j], the CPU engine's layout.</summary>
    private static float[] ByTrajectory(float[] byComponent, int trajectories)
    {
        var byTrajectory = new float[byComponent.Length];
        for (int b = 0; b < trajectories; b++)
            for (int j = 0; j < 3; j++) byTrajectory[b * 3 + j] = byComponent[j * trajectories + b];
        return byTrajectory;
    }
}
