using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// How one power assignment c = K / (product of b and √b) is differentiated straight into b (see <see cref="PowerChains"/>).
/// </summary>
/// <param name="Into">Where c̄·∂c/∂b goes: mode "within", the leaf b the product's factors are b or √b of; mode
/// "across", the local r = √S every factor reads (its adjoint then holds ∂L/∂S, pre-scaled).</param>
/// <param name="Across">Mode "across" (the factors are r) rather than "within".</param>
/// <param name="HalfPowers">n: the product is b^(n/2) (each b counts 2, each √b or r counts 1), so c = K·b^p with p = −n/2.</param>
/// <param name="Numerator">K, a constant.</param>
internal sealed record PowerRule(Expr Into, bool Across, int HalfPowers, double Numerator)
{
    /// <summary>p = −n/2, the power of b in c.</summary>
    public double Power => -HalfPowers / 2.0;

    /// <summary>
    /// ∂c/∂b = p·K·b^(p−1), written without a divide from values the reverse sweep holds: c^i·r^j·b^m·p/K^(i−1)
    /// with i·p + j/2 + m = p − 1, i.e. j + 2m = e = (i − 1)·n − 2. Across statements only c and r are at hand
    /// (m = 0, j = e: i = 2, or 3 when n = 1); within one, c and b (j = 0, so i is chosen to make e even).
    /// Returns i, the power of <see cref="Into"/> (j across, m within) and the coefficient.
    /// </summary>
    public (int C, int Into, double Coefficient) Monomial()
    {
        int n = HalfPowers;
        int i = n == 1 || !Across && n % 2 == 1 ? 3 : 2;
        int e = (i - 1) * n - 2;
        return (i, Across ? e : e / 2, Power / Math.Pow(Numerator, i - 1));
    }
}

/// <summary>
/// Reverse mode by the statement turns a power of a square root into a long chain: for c = 1/(r·r·r), r = √S (the
/// three-body's pull) it pushes c̄ → r̄ through the product rule and 1/x's rule (≈ 7 operations) and then r̄ → S̄
/// through √'s rule, r̄/(r + r), one divide per pair and evaluation. Here c = K·S^(−3/2), so ∂c/∂S = −1.5·c/S =
/// −1.5·c·c·r/K: three multiplies and no divide. This pass finds the assignments where that algebra holds:
/// <list type="bullet">
/// <item><b>across</b>: c = K / (r·…·r), every factor the local r, r = Math.Sqrt(S) the last write to r before it in
/// the same block, and every statement that reads r such a power. Then r̄ accumulates c̄·∂c/∂S (pre-scaled), and
/// r = √S's reverse pushes r̄ into S unchanged (<see cref="PrescaledRoots"/>).</item>
/// <item><b>within</b>: c = K / (product of b and √b), b a leaf, at least one √b (NewtonianGravity's
/// K1/(s·√s)): b̄ += c̄·∂c/∂b, for n = 3 c³·b²·p/K² (four multiplies where the rules took two divides).</item>
/// </list>
/// Both need c's value read back (<see cref="ResultReuse"/>): the rule reads c and the factors, which the
/// product rule read anyway, so the tape plan holds. The values differ from the chain's by rounding only; the
/// scalar, lane and GPU kernels all print this one VJP, so they still agree bit for bit with each other.
/// </summary>
internal sealed class PowerChains
{
    private PowerChains(Dictionary<AssignStmt, PowerRule> powers, HashSet<AssignStmt> prescaledRoots)
    {
        Powers = powers;
        PrescaledRoots = prescaledRoots;
    }

    /// <summary>The power assignments differentiated straight into their base.</summary>
    public Dictionary<AssignStmt, PowerRule> Powers { get; }

    /// <summary>The r = √S assignments whose r̄ already holds ∂L/∂S (pushed into S as it is).</summary>
    public HashSet<AssignStmt> PrescaledRoots { get; }

    public static PowerChains Find(IrFunction f, HashSet<AssignStmt> reused)
    {
        var readers = new Readers();
        readers.Visit(f.Body);
        var powers = new Dictionary<AssignStmt, PowerRule>(ReferenceComparer<AssignStmt>.Instance);
        var roots = new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance);
        var across = new Dictionary<int, List<(AssignStmt Power, PowerRule Rule, AssignStmt Root)>>();
        var rejected = new HashSet<int>();
        Scan(f.Body);

        foreach (KeyValuePair<int, List<(AssignStmt Power, PowerRule Rule, AssignStmt Root)>> root in across)
        {
            // Every read of r must be one of these powers: then r̄ receives nothing but pre-scaled terms.
            if (rejected.Contains(root.Key)) continue;
            HashSet<Stmt> reading = readers.Of(root.Key);
            if (reading.Count != root.Value.Count || root.Value.Any(p => !reading.Contains(p.Power))) continue;
            foreach ((AssignStmt power, PowerRule rule, AssignStmt sqrt) in root.Value)
            {
                powers[power] = rule;
                roots.Add(sqrt);
            }
        }
        return new PowerChains(powers, roots);

        void Scan(Block block)
        {
            for (int k = 0; k < block.Statements.Count; k++)
            {
                switch (block.Statements[k])
                {
                    case ForStmt loop:
                        Scan(loop.Body);
                        break;
                    case IfStmt branch:
                        Scan(branch.Then);
                        Scan(branch.Else);
                        break;
                    case AssignStmt { Op: AssignOp.Set, Target: LocalTarget, Value: BinaryExpr { Op: BinaryOp.Divide, Left: ConstExpr k0 } quotient } assign
                        when k0.Value != 0 && reused.Contains(assign):
                        var factors = new List<Expr>();
                        if (!Factors(quotient.Right, factors)) break;
                        if (Within(factors) is { } within)
                            powers[assign] = within with { Numerator = k0.Value };
                        else if (factors.All(x => x is LocalExpr l && l.Variable == ((LocalExpr)factors[0]).Variable))
                        {
                            int r = ((LocalExpr)factors[0]).Variable;
                            if (RootBefore(block, k, r) is { } sqrt && sqrt.Value.Type == quotient.Type)
                            {
                                if (!across.TryGetValue(r, out var list)) across[r] = list = new();
                                list.Add((assign, new PowerRule(factors[0], true, factors.Count, k0.Value), sqrt));
                            }
                            else rejected.Add(r);
                        }
                        break;
                }
            }
        }
    }

    /// <summary>The leaves of a product tree; false where a factor is constant (then the power is not K·b^p).</summary>
    private static bool Factors(Expr e, List<Expr> factors)
    {
        if (e is BinaryExpr { Op: BinaryOp.Multiply } product) return Factors(product.Left, factors) && Factors(product.Right, factors);
        if (Dependencies.IsConstant(e)) return false;
        factors.Add(e);
        return true;
    }

    /// <summary>Mode "within": every factor b or √b for one leaf b, at least one √b.</summary>
    private static PowerRule? Within(List<Expr> factors)
    {
        Expr? b = null;
        int half = 0, roots = 0;
        foreach (Expr factor in factors)
        {
            Expr leaf = factor is CallExpr { Function: MathFunction.Sqrt } call ? call.Arguments[0] : factor;
            if (leaf is not (LocalExpr or ArrayExpr or InputExpr) || leaf.Type != factor.Type) return null;
            if (b is null) b = leaf;
            else if (!b.Equals(leaf)) return null;
            bool isRoot = !ReferenceEquals(leaf, factor);
            half += isRoot ? 1 : 2;
            roots += isRoot ? 1 : 0;
        }
        return b is not null && roots > 0 ? new PowerRule(b, false, half, 1) : null;
    }

    /// <summary>The assignment r = Math.Sqrt(S) that the statement at <paramref name="index"/> reads r from: the last
    /// write to r before it in the same block, with no statement in between that may write r.</summary>
    private static AssignStmt? RootBefore(Block block, int index, int r)
    {
        for (int k = index - 1; k >= 0; k--)
        {
            Stmt statement = block.Statements[k];
            if (statement is AssignStmt assign)
            {
                if (assign.Target is not LocalTarget { Variable: var v } || v != r) continue;
                return assign is { Op: AssignOp.Set, Value: CallExpr { Function: MathFunction.Sqrt } } ? assign : null;
            }
            if (Writes(statement, r)) return null;
        }
        return null;
    }

    private static bool Writes(Stmt statement, int r)
    {
        var finder = new WriteFinder(r);
        finder.Visit(statement);
        return finder.Found;
    }

    private sealed class WriteFinder(int variable) : IrWalker
    {
        public bool Found { get; private set; }

        public override void Visit(Target target)
        {
            if (target is LocalTarget l && l.Variable == variable) Found = true;
            base.Visit(target);
        }
    }

    /// <summary>Which statements read each scalar local: in a value, a branch condition, or as the old value of a
    /// compound assignment.</summary>
    private sealed class Readers : IrWalker
    {
        private readonly Dictionary<int, HashSet<Stmt>> _reads = new();
        private Stmt? _current;

        public HashSet<Stmt> Of(int variable) =>
            _reads.TryGetValue(variable, out HashSet<Stmt>? statements) ? statements : new HashSet<Stmt>();

        public override void Visit(Stmt statement)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    _current = assign;
                    if (assign.Op != AssignOp.Set && assign.Target is LocalTarget l) Add(l.Variable);
                    Visit(assign.Value);
                    break;
                case IfStmt branch:
                    _current = branch;
                    Visit(branch.Condition);
                    Visit(branch.Then);
                    Visit(branch.Else);
                    break;
                default:
                    base.Visit(statement);
                    break;
            }
        }

        public override void Visit(Expr e)
        {
            if (e is LocalExpr l) Add(l.Variable);
            base.Visit(e);
        }

        private void Add(int variable)
        {
            if (!_reads.TryGetValue(variable, out HashSet<Stmt>? statements)) _reads[variable] = statements = new(ReferenceComparer<Stmt>.Instance);
            statements.Add(_current!);
        }
    }
}
