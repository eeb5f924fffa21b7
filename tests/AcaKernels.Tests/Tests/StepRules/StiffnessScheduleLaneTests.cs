using System.Runtime.Intrinsics;
using AcaKernels.Control;

namespace AcaKernels.Tests.StepRules;

/// <summary>
/// Hairer's stiffness-test schedule in its two forms: the lane engine's countdown vector
/// (<see cref="StiffnessDetector.ScheduledLanes"/>, no division) tests exactly the accepted steps the scalar
/// integrator's <see cref="StiffnessDetector.TestsStep"/> tests (every interval-th, and every step of an open stiff
/// stretch), so each lane's detector equals a scalar one step after step.
/// </summary>
public sealed class StiffnessScheduleLaneTests
{
    [Theory]
    [InlineData(1)]     // every accepted step: the test as it ran before the schedule
    [InlineData(7)]     // not a power of two: the countdown needs none
    [InlineData(StiffnessDetector.DefaultTestInterval)]
    public void ScheduledLanes_TestTheStepsTheScalarScheduleTests(int interval)
    {
        // Eight lanes accept at random (a rejected step neither counts nor tests); ρ comes in slow stiff and non-stiff
        // phases per lane, with NaN now and then. The scalar side is the integrator's: TestsStep on the count after
        // the step, then Observe.
        var random = new Random(8107 + interval);
        var scalar = new StiffnessDetector[8];
        var accepted = new int[8];
        Vector512<long> stiff = Vector512<long>.Zero, nonStiff = Vector512<long>.Zero, detected = Vector512<long>.Zero;
        Vector512<long> intervals = Vector512.Create((long)interval), countdown = intervals;
        int scheduledTests = 0, stretchTests = 0, detections = 0;
        for (int step = 0; step < 40_000; step++)
        {
            var rho = new double[8];
            var accept = new long[8];
            var expected = new bool[8];
            for (int l = 0; l < 8; l++)
            {
                double pStiff = 0.5 + 0.49 * Math.Sin(step / (300.0 + 37 * l));
                rho[l] = random.NextDouble() < pStiff ? StiffnessDetector.Threshold + random.NextDouble() : StiffnessDetector.Threshold * random.NextDouble();
                if (random.Next(50) == 0) rho[l] = double.NaN;
                if (random.Next(5) == 0) continue; // rejected
                accept[l] = -1;
                expected[l] = scalar[l].TestsStep(++accepted[l], interval);
                if (!expected[l]) continue;
                scalar[l].Observe(rho[l]);
                if (accepted[l] % interval == 0) scheduledTests++;
                else stretchTests++;
            }
            Vector512<long> tested = StiffnessDetector.ScheduledLanes(Vector512.Create(accept), stiff, intervals, ref countdown);
            StiffnessDetector.ObserveLanes(Vector512.Create(rho), tested, ref stiff, ref nonStiff, ref detected);
            for (int l = 0; l < 8; l++)
            {
                // A mask lane: all bits set where the scalar schedule tests, none elsewhere.
                Assert.True(tested.GetElement(l) == (expected[l] ? -1L : 0L),
                    $"step {step} lane {l}: accepted {accepted[l]}, scalar tests {expected[l]}, lane {tested.GetElement(l)}");
                var lane = StiffnessDetector.FromState((int)stiff.GetElement(l), (int)nonStiff.GetElement(l), detected.GetElement(l) != 0);
                Assert.Equal(scalar[l], lane);
                if (lane.Detected) detections++;
            }
        }
        // The draw must exercise both reasons to test and reach a detection, whatever the interval.
        Assert.True(scheduledTests > 0 && detections > 0, $"{scheduledTests} scheduled tests, {detections} lane-steps detected");
        if (interval > 1) Assert.True(stretchTests > 0, "no test inside a stiff stretch");
    }
}
