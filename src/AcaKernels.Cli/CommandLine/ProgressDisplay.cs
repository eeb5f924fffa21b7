using System.Diagnostics;
using Spectre.Console;

namespace AcaKernels.Cli.CommandLine;

/// <summary>
/// Progress of a long run on stderr (stdout keeps only the results): a live bar with the latest measurement on a
/// terminal; plain lines, about one per 10 % and at least 2 s apart, when stderr is a file or a pipe (Spectre's
/// live display prints nothing there). With <c>everyUpdate</c> (long units of work such as training epochs) every
/// update is also kept as a line: above the live bar on a terminal, each one in a log.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which reports (done, total, what) through the callback it is given.</summary>
    public static T Run<T>(string title, Func<Action<int, int, string>, T> work, bool everyUpdate = false)
    {
        if (Console.IsErrorRedirected) return Plain(title, work, everyUpdate);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(title));
                return work((done, total, what) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                    task.Description = Markup.Escape($"{title}: {what}");
                    if (everyUpdate) console.MarkupLine(Markup.Escape($"{title}: {done}/{total} ({what})"));
                });
            });
    }

    private static T Plain<T>(string title, Func<Action<int, int, string>, T> work, bool everyUpdate)
    {
        long last = Stopwatch.GetTimestamp();
        int nextTenth = 1;
        return work((done, total, what) =>
        {
            bool final = done == total;
            if (!final && !everyUpdate && (done * 10 < nextTenth * total || Stopwatch.GetElapsedTime(last).TotalSeconds < 2)) return;
            nextTenth = done * 10 / total + 1;
            last = Stopwatch.GetTimestamp();
            Console.Error.WriteLine($"{title}: {done}/{total} ({what})");
        });
    }
}
