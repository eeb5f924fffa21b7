using System.Text;

namespace AcaKernels.Experiments.Common;

/// <summary>A plain-text table: a title, a header row and right-aligned columns, one line per row, so that it
/// reads the same on a terminal, in a log file and in README.</summary>
public sealed class TextTable(string title, params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; it must have one cell per header.</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"Table '{title}': a row has {cells.Length} cells, the header {headers.Length}.", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>Rows added so far.</summary>
    public int RowCount => _rows.Count;

    /// <summary>The table as text, ending with a newline.</summary>
    public override string ToString()
    {
        var widths = new int[headers.Length];
        for (int c = 0; c < headers.Length; c++)
            widths[c] = Math.Max(headers[c].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Length));
        var text = new StringBuilder().Append(title).Append('\n');
        AppendRow(text, headers, widths);
        text.Append(new string('-', widths.Sum() + 2 * (widths.Length - 1))).Append('\n');
        foreach (string[] row in _rows) AppendRow(text, row, widths);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0) text.Append("  ");
            text.Append(cells[c].PadLeft(widths[c]));
        }
        text.Append('\n');
    }
}
