using AcaKernels.Tests.Reference;

namespace AcaKernels.Tests.Tableaus;

public sealed class RootedTreeTests
{
    [Fact]
    public void UpTo_Order9_CountsPerOrderAreOeisA000081()
    {
        IReadOnlyList<RootedTree> trees = RootedTree.UpTo(9);
        int[] counts = Enumerable.Range(1, 9).Select(order => trees.Count(t => t.Order == order)).ToArray();
        Assert.Equal([1, 1, 2, 4, 9, 20, 48, 115, 286], counts);
        Assert.Equal(200, RootedTree.UpTo(8).Count);
    }

    [Fact]
    public void UpTo_Order8_EveryTreeIsDistinct()
    {
        // The notation lists children in generation order, which is canonical, so equal trees print equally.
        IReadOnlyList<RootedTree> trees = RootedTree.UpTo(8);
        Assert.Equal(trees.Count, trees.Select(t => t.Notation).Distinct().Count());
    }

    [Fact]
    public void Density_TreesUpToOrder4_MatchButchersTable()
    {
        // Hairer-Nørsett-Wanner I, Table II.2.1: γ for the 8 trees of order ≤ 4.
        var densities = RootedTree.UpTo(4).ToDictionary(t => t.Notation, t => t.Density);
        Assert.Equal(1, densities["•"]);
        Assert.Equal(2, densities["[•]"]);
        Assert.Equal(3, densities["[• •]"]);
        Assert.Equal(6, densities["[[•]]"]);
        Assert.Equal(4, densities["[• • •]"]);
        Assert.Equal(8, densities["[• [•]]"]);
        Assert.Equal(12, densities["[[• •]]"]);
        Assert.Equal(24, densities["[[[•]]]"]);
    }

    [Fact]
    public void ElementaryWeight_Euler_IsOneOnlyForTheSingleVertex()
    {
        // Euler has one stage with c = 0, so Φ(τ) = 0 for every tree with a child: its weights are 1, 0, 0, ….
        foreach (RootedTree tree in RootedTree.UpTo(6))
        {
            (double value, _) = tree.ElementaryWeight(AcaKernels.Tableaus.Euler.Tableau, [1.0]);
            Assert.Equal(tree.Order == 1 ? 1.0 : 0.0, value);
        }
    }
}
