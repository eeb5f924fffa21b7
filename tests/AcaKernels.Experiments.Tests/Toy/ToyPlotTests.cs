using AcaKernels.Experiments.Toy;
using SkiaSharp;

namespace AcaKernels.Experiments.Tests.Toy;

public sealed class ToyPlotTests(SmallToyRun run) : IClassFixture<SmallToyRun>
{
    [Fact]
    public void Plots_AreNonEmptyPngsOfTheRightSizeWithText()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-toy-plots-{Guid.NewGuid():N}");
        try
        {
            var paths = ToyPlots.Write(run.Report, folder);
            Assert.Equal(3 * run.Report.Alphas.Count, paths.Count);
            foreach (string path in paths)
            {
                using var bitmap = SKBitmap.Decode(path);
                Assert.NotNull(bitmap);
                Assert.Equal(ToyPlots.Width, bitmap.Width);
                Assert.Equal(ToyPlots.Height, bitmap.Height);
                // Text is drawn (the embedded font works): the x-axis label sits in the bottom 25 rows and the
                // title in the top 25, where nothing else is drawn; both must hold dark pixels.
                Assert.True(DarkPixels(bitmap, 0, 25) > 50, $"{Path.GetFileName(path)}: no title");
                Assert.True(DarkPixels(bitmap, bitmap.Height - 25, bitmap.Height) > 50, $"{Path.GetFileName(path)}: no x-axis label");
                // And the data: lines in the three method colours cover more than a few pixels.
                Assert.True(ColouredPixels(bitmap) > 500, $"{Path.GetFileName(path)}: no lines");
            }
            Assert.Empty(Directory.GetFiles(folder, "*.partial.png", SearchOption.AllDirectories));
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    private static int DarkPixels(SKBitmap bitmap, int fromRow, int toRow)
    {
        int count = 0;
        for (int y = fromRow; y < toRow; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 300) count++;
            }
        return count;
    }

    private static int ColouredPixels(SKBitmap bitmap)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 100) count++;
            }
        return count;
    }
}
