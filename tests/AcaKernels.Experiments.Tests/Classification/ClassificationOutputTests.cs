using System.Text.Json;
using AcaKernels.Experiments.Classification;
using AcaKernels.Experiments.Tests.Reporting;
using Json.Schema;

namespace AcaKernels.Experiments.Tests.Classification;

public sealed class ClassificationOutputTests(SmallClassificationRun run) : IClassFixture<SmallClassificationRun>
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(ClassificationJson.Schema());

    [Fact]
    public void Json_OfASmallRun_ValidatesAndHoldsEveryMethodSeedAndEpoch()
    {
        using JsonDocument document = ReportChecks.AssertWrittenReport(Schema, "classify", path => ClassificationJson.Write(run.Report, path));
        JsonElement root = document.RootElement;
        Assert.Equal("aca classify --test", root.GetProperty("command").GetString());
        Assert.True(root.GetProperty("header").GetProperty("completed").GetBoolean());
        JsonElement[] runs = [.. root.GetProperty("runs").EnumerateArray()];
        // Seed after seed, the methods in the order asked.
        Assert.Equal(SmallClassificationRun.Seeds.SelectMany(s => SmallClassificationRun.Methods.Select(m => (ClassificationExperiment.Name(m), s))),
            runs.Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("seed").GetInt32())));
        foreach (JsonElement r in runs)
        {
            Assert.Equal(SmallClassificationRun.Settings.Epochs, r.GetProperty("epochs").GetArrayLength());
            JsonElement epoch = r.GetProperty("epochs")[1];
            // The two shares of the evaluations add up to the total (exact: integer counts over one image count).
            Assert.Equal(epoch.GetProperty("evaluationsPerImage").GetDouble(),
                epoch.GetProperty("forwardEvaluationsPerImage").GetDouble() + epoch.GetProperty("backwardEvaluationsPerImage").GetDouble(), 12);
        }
        Assert.Equal(2, root.GetProperty("summaries").GetArrayLength());
    }

    [Fact]
    public void Summaries_AreTheMedianAndRangeOfTheRunsFinalTestErrors()
    {
        foreach (ClassificationSummary summary in run.Report.Summaries)
        {
            // Recomputed from the epochs directly: 1 − accuracy after the last epoch, three seeds, so the median is
            // the middle one.
            double[] errors = [.. run.Report.Runs.Where(r => r.Method == summary.Method).Select(r => 1 - r.Epochs[^1].TestAccuracy).Order()];
            Assert.Equal(3, errors.Length);
            Assert.Equal(3, summary.Seeds);
            Assert.Equal(errors[1], summary.MedianTestError);
            Assert.Equal(errors[0], summary.MinTestError);
            Assert.Equal(errors[2], summary.MaxTestError);
            Assert.True(summary.ImagesPerSecond > 0);
        }
        // The ResNet's K fixed Euler steps evaluate f K times forward, plus at most one evaluation the solver makes at
        // the start; its backward pass (exact backpropagation through the K steps) takes K VJPs.
        ClassificationSummary resnet = run.Report.Summaries.Single(s => s.Method == "resnet");
        int k = SmallClassificationRun.Settings.ResNetBlocks;
        Assert.InRange(resnet.ForwardEvaluationsPerImage!.Value, k, k + 1);
        Assert.Equal(k, resnet.BackwardEvaluationsPerImage!.Value, 12);
        ClassificationSummary aca = run.Report.Summaries.Single(s => s.Method == "aca");
        Assert.True(aca.ForwardEvaluationsPerImage > 0 && aca.BackwardEvaluationsPerImage > 0);
    }

    [Fact]
    public void Json_OfAFailedAndAStoppedRun_ValidatesWithNulls()
    {
        ClassificationRun failed = run.Report.Runs[0] with { Status = "image 3: StepSizeUnderflow at t = 0.4", Epochs = [] };
        ClassificationSummary empty = ClassificationSummary.Of("aca", [failed]);
        Assert.Null(empty.MedianTestError);
        ReportChecks.AssertValid(Schema, ClassificationJson.ToJson(run.Report with
        {
            Header = run.Report.Header with { Completed = false }, GitCommit = null, Runs = [failed], Summaries = [empty],
        }));
    }

    [Fact]
    public void Schema_RejectsAnUnknownMethodAndAMissingField()
    {
        string json = ClassificationJson.ToJson(run.Report);
        Assert.True(ReportChecks.IsValid(Schema, json));
        Assert.False(ReportChecks.IsValid(Schema, json.Replace("\"method\": \"aca\"", "\"method\": \"magic\"")));
        Assert.False(ReportChecks.IsValid(Schema, json.Replace("\"summaries\"", "\"summary\"")));
    }

    [Fact]
    public void Table_HasOneRowPerMethodWithItsSeeds()
    {
        string text = ClassificationExperiment.Table(run.Report);
        Assert.Contains("fwd evals/image", text);
        Assert.Matches(@"(?m)^\s*aca\s+3\s", text);
        Assert.Matches(@"(?m)^\s*resnet\s+3\s", text);
    }

    [Fact]
    public void Plots_AreErrorVsEpochErrorVsTimeAndTheTestRetestBoxPlot()
    {
        var paths = ReportChecks.AssertPlotsWritten("classify", folder => ClassificationPlots.Write(run.Report, folder), ClassificationPlots.Width, ClassificationPlots.Height,
            minLabelPixels: 10);
        Assert.Equal(["classify-error-vs-epoch.png", "classify-error-vs-time.png", "classify-test-retest.png"], paths.Select(Path.GetFileName));
    }

    [Fact]
    public void Run_StoppedAfterItsFirstEpoch_IsInterruptedNotSuccess_AndLeftOutOfTheSummary()
    {
        // Regression: a run stopped by SIGTERM after 1 of 5 epochs was written as "Success", and the summaries took
        // its first epoch's error as a final one.
        using var cancel = new CancellationTokenSource();
        ClassificationReport report = ClassificationExperiment.Run(SmallClassificationRun.Settings, [BlockMethod.ResNet], [1],
            progress: (done, _, _, _, _) => { if (done == 1) cancel.Cancel(); }, cancel: cancel.Token);
        ClassificationRun stopped = report.Runs.Single();
        Assert.Single(stopped.Epochs);
        Assert.True(ClassificationRun.IsInterrupted(stopped));
        Assert.Equal(ClassificationRun.InterruptedStatus(1, SmallClassificationRun.Settings.Epochs), stopped.Status);
        Assert.False(report.Header.Completed);
        ClassificationSummary summary = report.Summaries.Single();
        Assert.Equal(0, summary.Seeds);
        Assert.Null(summary.MedianTestError);
        Assert.NotNull(summary.ImagesPerSecond); // the finished epoch still counts toward the speed
        ReportChecks.AssertValid(Schema, ClassificationJson.ToJson(report with { GitCommit = null }));
    }

    [Fact]
    public void Run_SameSeedAgain_RepeatsTheEpochsBitForBit_OtherSeedsDiffer()
    {
        // A second run of seed 2 alone must reproduce the fixture's seed-2 run exactly (losses and errors as
        // doubles, and the evaluation counts): everything random comes from the seed, nothing from the run order.
        ClassificationReport again = ClassificationExperiment.Run(SmallClassificationRun.Settings, [BlockMethod.Aca], [2]);
        ClassificationRun first = run.Report.Runs.Single(r => r.Method == "aca" && r.Seed == 2), second = again.Runs.Single();
        Assert.Equal(first.Epochs.Select(Fingerprint), second.Epochs.Select(Fingerprint));
        ClassificationRun other = run.Report.Runs.Single(r => r.Method == "aca" && r.Seed == 1);
        Assert.NotEqual(first.Epochs.Select(Fingerprint), other.Epochs.Select(Fingerprint));
    }

    private static (double, double, double, double, double) Fingerprint(ClassificationEpoch e) =>
        (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.EvaluationsPerImage);
}
