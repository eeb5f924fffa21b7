using AcaKernels.Experiments.TimeSeries;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class SpiralObjectiveAllocationTests
{
    [Fact]
    public void TryEvaluate_WithAcaGradient_AllocatesNothingAfterWarmUp()
    {
        // One epoch's loss and gradient is the training's hot path: the ensemble's ACA solve and gradient reuse
        // their checkpoint arena once grown, and the loss writes into buffers made once. One worker (the calling
        // thread), so the allocation counter of this thread sees all the work.
        var settings = new TimeSeriesSettings { Trajectories = 4, TrainEnd = 2, ExtrapolationEnd = 3 };
        SpiralData data = SpiralData.Generate(settings);
        double[] parameters = TimeSeriesExperiment.StartParameters(settings, data), gradient = new double[parameters.Length];
        using var objective = new SpiralObjective(data, TimeSeriesTrainer.Options(settings.Tolerance, GradientMethod.Aca), threads: 1);
        for (int warmUp = 0; warmUp < 3; warmUp++) Assert.True(objective.TryEvaluate(parameters, gradient, out _, out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = objective.TryEvaluate(parameters, gradient, out double loss, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(ok);
        Assert.True(double.IsFinite(loss));
        Assert.Equal(0, allocated);
    }
}
