using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Tests.Common;

public sealed class TextTableTests
{
    [Fact]
    public void ToString_AlignsColumnsToTheWidestCell()
    {
        var table = new TextTable("title", "a", "long header");
        table.Add("12345", "1");
        string[] lines = table.ToString().Split('\n');
        Assert.Equal("title", lines[0]);
        Assert.Equal("    a  long header", lines[1]);
        Assert.Equal(new string('-', 18), lines[2]);
        Assert.Equal("12345            1", lines[3]);
    }

    [Fact]
    public void Add_WrongCellCount_SaysWhichTable()
    {
        var table = new TextTable("errors", "a", "b");
        var error = Assert.Throws<ArgumentException>(() => table.Add("only one"));
        Assert.Contains("errors", error.Message);
    }
}
