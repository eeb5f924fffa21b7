namespace AcaKernels.Experiments.Common;

/// <summary>
/// The fields every experiment report opens with, written as the report's <c>header</c> object: which experiment
/// and which layout of its JSON, where and when it ran, and whether it ran to the end.
/// </summary>
public sealed record ExperimentHeader
{
    /// <summary>
    /// The layout of the reports that carry this header (the <c>schemaVersion</c> const of their schemas). Version 1
    /// was the unversioned layout with experiment, run and completed at the top level; version 2 moved them here.
    /// Bump it, and the schemas with it, whenever a report's layout changes.
    /// </summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>The experiment, as its command names it: "three-body", "three-body-force", "timeseries", "classify".</summary>
    public required string Experiment { get; init; }

    /// <summary>The layout of the report: <see cref="CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Where and when.</summary>
    public required RunInfo Run { get; init; }

    /// <summary>False when the run was stopped (Ctrl-C) before it was done: the report holds what finished.</summary>
    public required bool Completed { get; init; }

    /// <summary>The header of a report of <paramref name="experiment"/> that ran on <paramref name="run"/>.</summary>
    public static ExperimentHeader For(string experiment, RunInfo run, bool completed) =>
        new() { Experiment = experiment, Run = run, Completed = completed };
}
