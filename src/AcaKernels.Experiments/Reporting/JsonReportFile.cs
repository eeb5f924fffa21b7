namespace AcaKernels.Experiments.Reporting;

/// <summary>
/// What every experiment's JSON output shares: the file is replaced only once the whole document is written, and
/// the schemas are embedded in this assembly (the files are Schemas/{name}.schema.json in the repository).
/// </summary>
internal static class JsonReportFile
{
    /// <summary>Writes a document to <paramref name="path"/> (its folder is created) through a ".partial" file that
    /// replaces the real one only when <paramref name="write"/> finished, so an interrupted write never leaves half a
    /// file under the real name.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".partial";
        using (var stream = File.Create(temporary)) write(stream);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The text of the embedded schema Schemas/<paramref name="name"/>.schema.json.</summary>
    public static string EmbeddedSchema(string name)
    {
        using Stream stream = typeof(JsonReportFile).Assembly.GetManifestResourceStream($"AcaKernels.Experiments.Schemas.{name}.schema.json")
            ?? throw new InvalidOperationException($"The {name} schema is not embedded in {typeof(JsonReportFile).Assembly.GetName().Name}; the build is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
