using System.Numerics;
using AcaKernels.Cli.Ensemble;
using AcaKernels.Cli.Ensemble.Systems;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Tests;

/// <summary>The systems of `aca ensemble --system`: room for every trajectory's checkpoints, and z₀ that does not depend on B.</summary>
public class EnsembleSystemTests
{
    /// <summary>A system's CheckpointSteps must hold the most accepted steps any trajectory takes, with room for a device's
    /// rounding (≥ 1.5×): the CPU engine over many trajectories of the spread, both number types.</summary>
    [Theory]
    [InlineData("lorenz", 100_000)]
    [InlineData("three-body", 20_000)]
    [InlineData("neural-ode", 100_000)]
    public void CheckpointSteps_HoldTheMostStepsATrajectoryTakes_WithRoom(string name, int trajectories)
    {
        EnsembleSystem system = EnsembleSystems.Parse(name);
        int most = MostSteps<double>(system, trajectories);
        if (system.Float32 is not null) most = Math.Max(most, MostSteps<float>(system, trajectories));
        Assert.True(1.5 * most <= system.CheckpointSteps, $"{name}: a trajectory took {most} accepted steps; CheckpointSteps is {system.CheckpointSteps}");
    }

    [Theory]
    [InlineData("lorenz")]
    [InlineData("three-body")]
    [InlineData("neural-ode")]
    public void InitialStates_AreTheSameAtEveryB_AndDiffer(string name)
    {
        EnsembleSystem system = EnsembleSystems.Parse(name);
        double[] few = system.InitialStates<double>(10), many = system.InitialStates<double>(1000);
        Assert.Equal(few, many.AsSpan(0, few.Length).ToArray());
        int n = system.StateSize;
        for (int b = 1; b < 10; b++)
            Assert.False(few.AsSpan(b * n, n).SequenceEqual(few.AsSpan(0, n)), $"{name}: trajectory {b} starts where trajectory 0 does");
    }

    [Fact]
    public void EverySystemsSteppers_AreEmbeddedInAca()
    {
        foreach (EnsembleSystem system in EnsembleSystems.All)
            foreach (Type? stepper in (Type?[])[system.Float64.Stepper, system.Float32?.Stepper])
                if (stepper is not null)
                    Assert.Contains(stepper.FullName!, EmbeddedGpuKernels.Catalog.Steppers);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_048_576)]
    [InlineData(16_777_216)]
    public void Options_HoldEveryTrajectorysCheckpoints(int trajectories)
    {
        foreach (EnsembleSystem system in EnsembleSystems.All)
        {
            long limit = system.OptionsFor(trajectories).GradientMemoryLimit;
            Assert.True(limit / (trajectories * system.CheckpointBytesPerStep) >= system.CheckpointSteps, $"{system.Name}: {limit} bytes");
        }
    }

    private static int MostSteps<T>(EnsembleSystem system, int trajectories) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OdeOptions options = system.OptionsFor(trajectories) with { Gradient = Gradients.GradientMethod.None };
        using EnsembleRunner<T> runner = system.Engines<T>().Cpu(trajectories, options, lanes: false, Environment.ProcessorCount);
        var outputs = new T[trajectories * system.Times.Length * system.StateSize];
        var results = new SolveResult[trajectories];
        runner.Solve(system.InitialStates<T>(trajectories), system.Theta<T>(), system.Times, outputs, results).ThrowIfFailed();
        return results.Max(r => r.Statistics.AcceptedSteps);
    }
}
