using ScottPlot;
using SkiaSharp;

namespace AcaKernels.Experiments.Plotting;

/// <summary>
/// The font every plot draws with, DejaVu Sans, loaded from this assembly. ScottPlot otherwise looks for fonts in
/// the system font folder, and where it finds none every title, label and tick silently disappears (engineering
/// notes); a minimal container or CI machine has none.
/// </summary>
internal static class EmbeddedFont
{
    /// <summary>The family name plots ask for.</summary>
    public const string Name = "AcaKernels DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the font with ScottPlot once per process and makes it the default.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Add(new Resolver(Load()));
            Fonts.Default = Name;
            _registered = true;
        }
    }

    private static SKTypeface Load()
    {
        using Stream stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream("AcaKernels.Experiments.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The plot font is not embedded in AcaKernels.Experiments; the build is broken.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException("SkiaSharp could not read the embedded plot font (DejaVuSans.ttf).");
    }

    /// <summary>Answers requests for <see cref="Name"/> (any weight or slant: one face serves all) and declines others.</summary>
    private sealed class Resolver(SKTypeface typeface) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Name ? typeface : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Name ? typeface : null;
    }
}
