namespace AcaKernels.Cli.CommandLine;

/// <summary>Checks --json and --plot-dir before a run, so a typo does not cost the whole run, and writes them after
/// it, the same way for every experiment.</summary>
internal static class OutputPaths
{
    /// <summary>Throws <see cref="ArgumentException"/> when the JSON file or the plot folder cannot be written.</summary>
    public static void Check(string? jsonPath, string? plotDirectory)
    {
        if (jsonPath is not null)
        {
            if (string.IsNullOrWhiteSpace(jsonPath)) throw new ArgumentException("--json needs a file name.");
            if (Directory.Exists(jsonPath)) throw new ArgumentException($"--json {jsonPath} is a folder; give a file name, e.g. {Path.Combine(jsonPath, "toy.json")}.");
            CreateFolder(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, "--json");
        }
        if (plotDirectory is not null)
        {
            if (File.Exists(plotDirectory)) throw new ArgumentException($"--plot-dir {plotDirectory} is a file; give a folder.");
            CreateFolder(Path.GetFullPath(plotDirectory), "--plot-dir");
        }
    }

    /// <summary>Writes the JSON file and the plots that were asked for (a null path: not asked), printing
    /// "wrote PATH" for each file on stdout. False, after an error on stderr naming <paramref name="command"/>, when a
    /// file could not be written.</summary>
    public static bool TryWrite(string command, string? jsonPath, Action<string> writeJson,
        string? plotDirectory = null, Func<string, IReadOnlyList<string>>? writePlots = null)
    {
        try
        {
            if (jsonPath is not null)
            {
                writeJson(jsonPath);
                Console.WriteLine($"wrote {jsonPath}");
            }
            if (plotDirectory is not null && writePlots is not null)
                foreach (string path in writePlots(plotDirectory))
                    Console.WriteLine($"wrote {path}");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"aca {command}: error: could not write the results: {error.Message}");
            return false;
        }
    }

    /// <summary>Creates <paramref name="folder"/> when missing and checks that a file can be written in it: a folder
    /// that exists but refuses files (no permission, a read-only or virtual file system) would otherwise fail only
    /// after the whole run.</summary>
    private static void CreateFolder(string folder, string option)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option}: cannot create the folder {folder}: {error.Message}");
        }
        string probe = Path.Combine(folder, $".aca-write-check-{Environment.ProcessId}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option}: cannot write files in the folder {folder} ({error.Message}); give a writable one.");
        }
    }
}
