using ScottPlot;

namespace AcaKernels.Experiments.Plotting;

/// <summary>How every chart is written: its folder created, through a hidden ".partial.png" file renamed at the
/// end, so a reader (or an interrupted run) never sees a half-written PNG under the real name.</summary>
internal static class PngFile
{
    /// <summary>Writes <paramref name="plot"/> to <paramref name="path"/>, width × height pixels.</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".partial.png");
        plot.SavePng(temporary, width, height);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Saves a chart as <paramref name="name"/> in <paramref name="folder"/> through its own save method
    /// and returns the path: the one-liner each experiment's plot writer uses.</summary>
    public static string SaveInto(string folder, string name, Action<string, int, int> save, int width, int height)
    {
        string path = Path.Combine(folder, name);
        save(path, width, height);
        return path;
    }
}
