namespace AcaKernels.Cli.CommandLine;

/// <summary>Checks --json and --plot-dir before a run, so a typo does not cost the whole run.</summary>
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

    private static void CreateFolder(string folder, string option)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option}: cannot create the folder {folder}: {error.Message}");
        }
    }
}
