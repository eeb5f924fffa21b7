using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Reference;

/// <summary>
/// A rooted tree τ of Butcher's theory: a root with an unordered multiset of subtrees. A Runge-Kutta method
/// has order p iff Σ bᵢ Φᵢ(τ) = 1/γ(τ) for every tree with |τ| ≤ p, where Φᵢ(•) = 1,
/// Φᵢ([τ₁ … τₖ]) = Π_m Σ_j a_ij Φ_j(τ_m), γ(•) = 1 and γ([τ₁ … τₖ]) = |τ| Π_m γ(τ_m).
/// </summary>
/// <remarks>Hairer, Nørsett and Wanner, <i>Solving Ordinary Differential Equations I</i>, 2nd ed., §II.2,
/// Theorem 2.13; Butcher, <i>Numerical Methods for Ordinary Differential Equations</i>, §30.</remarks>
public sealed class RootedTree
{
    private RootedTree(RootedTree[] children)
    {
        Children = children;
        Order = 1 + children.Sum(c => c.Order);
        Density = Order * children.Aggregate(1.0, (product, c) => product * c.Density);
        Notation = children.Length == 0 ? "•" : "[" + string.Join(" ", children.Select(c => c.Notation)) + "]";
    }

    /// <summary>The subtrees of the root (in the canonical order of generation).</summary>
    public IReadOnlyList<RootedTree> Children { get; }

    /// <summary>Number of vertices |τ|.</summary>
    public int Order { get; }

    /// <summary>The density γ(τ).</summary>
    public double Density { get; }

    /// <summary>Bracket notation, e.g. [• [•]].</summary>
    public string Notation { get; }

    /// <summary>
    /// Every rooted tree with 1 ≤ |τ| ≤ <paramref name="maxOrder"/>, each exactly once, by increasing order.
    /// Trees of order n are the multisets of trees whose orders sum to n − 1, enumerated as non-decreasing
    /// index sequences into the list built so far, which makes each multiset appear once.
    /// </summary>
    public static IReadOnlyList<RootedTree> UpTo(int maxOrder)
    {
        var all = new List<RootedTree>();
        for (int order = 1; order <= maxOrder; order++)
        {
            int existing = all.Count;
            var chosen = new List<RootedTree>();
            void Extend(int remaining, int minIndex)
            {
                if (remaining == 0)
                {
                    all.Add(new RootedTree([.. chosen]));
                    return;
                }
                for (int i = minIndex; i < existing; i++)
                {
                    if (all[i].Order > remaining) continue;
                    chosen.Add(all[i]);
                    Extend(remaining - all[i].Order, i);
                    chosen.RemoveAt(chosen.Count - 1);
                }
            }
            Extend(order - 1, 0);
        }
        return all;
    }

    /// <summary>Φ(τ) per stage for A (or |A| when <paramref name="absolute"/>, for a rounding-error scale).</summary>
    public double[] StageWeights(ButcherTableau tableau, bool absolute = false)
    {
        int s = tableau.Stages;
        var phi = new double[s];
        Array.Fill(phi, 1.0);
        foreach (RootedTree child in Children)
        {
            double[] inner = child.StageWeights(tableau, absolute);
            for (int i = 0; i < s; i++)
            {
                double sum = 0;
                for (int j = 0; j < i; j++)
                    sum += (absolute ? Math.Abs(tableau[i, j]) : tableau[i, j]) * inner[j];
                phi[i] *= sum;
            }
        }
        return phi;
    }

    /// <summary>
    /// Σ wᵢ Φᵢ(τ) for weights w (b, b̂, …), and the same sum over |w| and |A|, which bounds how much rounding of
    /// the coefficients can move it.
    /// </summary>
    public (double Value, double Scale) ElementaryWeight(ButcherTableau tableau, ReadOnlySpan<double> weights)
    {
        double[] phi = StageWeights(tableau);
        double[] phiAbs = StageWeights(tableau, absolute: true);
        double value = 0, scale = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            value += weights[i] * phi[i];
            scale += Math.Abs(weights[i]) * phiAbs[i];
        }
        return (value, scale);
    }

    /// <summary>The residual of the order condition of τ for weights w: Σ wᵢ Φᵢ(τ) − 1/γ(τ), and its scale.</summary>
    public (double Residual, double Scale) OrderConditionResidual(ButcherTableau tableau, ReadOnlySpan<double> weights)
    {
        (double value, double scale) = ElementaryWeight(tableau, weights);
        return (value - 1 / Density, Math.Max(scale, 1 / Density));
    }

    /// <inheritdoc/>
    public override string ToString() => Notation;
}
