using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// Rewrites the reverse sweep's accumulations so that no target starts with <c>0 +</c>, for every printer at once
/// (scalar, lane, GPU all print this IR, so every engine keeps the same bits as every other):
/// <list type="number">
/// <item><c>x += -g</c> becomes <c>x -= g</c>: IEEE 754 defines x − g as x + (−g), the same bits (NaN payloads
/// aside), one negation fewer.</item>
/// <item>The first accumulation into an adjoint that still holds the +0 every printer starts it at (a scalar's
/// adjoint, a constant element of an array's adjoint in straight-line code, or one the sweep has just reset to 0)
/// becomes a plain assignment: <c>x += g</c> → <c>x = g</c>, <c>x -= g</c> → <c>x = -g</c>, <c>x = fma(a, b, x)</c>
/// → <c>x = a * b</c>. The value is the same except where it is an exact zero of negative sign: 0 + (−0) is +0, and
/// fma(a, b, +0) of an exact −0 product is +0, where the new form keeps −0. A later sum with anything nonzero gives
/// the same bits either way; only a chain of exact zeros can carry the sign further.</item>
/// </list>
/// Only statements that run unconditionally are rewritten (top level and <see cref="GroupStmt"/> blocks); a write
/// under a branch or in a loop makes its target unknown from there on. Gradient targets (the caller's gradZ and
/// gradP) and the time adjoint are never assumed zero.
/// </summary>
internal static class FreshAccumulators
{
    public static List<Stmt> Rewrite(List<Stmt> reverse, IEnumerable<int> scalarAdjoints, IEnumerable<int> arrayAdjoints)
    {
        var adjoints = new HashSet<int>(scalarAdjoints);
        var state = new ZeroState(adjoints, new HashSet<int>(adjoints), new HashSet<int>(arrayAdjoints));
        return reverse.Select(s => Straight(s, state)).ToList();
    }

    /// <summary>Which adjoints hold +0 at the current statement.</summary>
    private sealed class ZeroState(HashSet<int> adjoints, HashSet<int> scalars, HashSet<int> freshArrays)
    {
        /// <summary>Elements of a fresh array written so far (no longer known to be 0).</summary>
        private readonly Dictionary<int, HashSet<int>> _written = new();

        public bool IsZero(Target target) => target switch
        {
            LocalTarget l => scalars.Contains(l.Variable),
            ArrayTarget { Index.IsConstant: true } a => freshArrays.Contains(a.Array)
                && !(_written.TryGetValue(a.Array, out var written) && written.Contains(a.Index.Constant)),
            _ => false,
        };

        /// <summary>The target after an unconditional write: +0 again when <paramref name="zero"/>.</summary>
        public void Written(Target target, bool zero)
        {
            switch (target)
            {
                case LocalTarget l when zero && adjoints.Contains(l.Variable):
                    scalars.Add(l.Variable);
                    break;
                case LocalTarget l:
                    scalars.Remove(l.Variable);
                    break;
                case ArrayTarget { Index.IsConstant: true } a when freshArrays.Contains(a.Array):
                    // A reset element stays "written": conservative, and straight-line bodies rarely reset elements.
                    if (!_written.TryGetValue(a.Array, out var written)) _written[a.Array] = written = new HashSet<int>();
                    written.Add(a.Index.Constant);
                    break;
                case ArrayTarget a:
                    freshArrays.Remove(a.Array);
                    break;
            }
        }

        /// <summary>Forgets every target written anywhere inside <paramref name="block"/> (a branch or loop body).</summary>
        public void Unknown(Block block)
        {
            foreach (Stmt statement in block.Statements)
            {
                switch (statement)
                {
                    case AssignStmt assign when assign.Target is ArrayTarget a:
                        freshArrays.Remove(a.Array);
                        break;
                    case AssignStmt assign:
                        Written(assign.Target, zero: false);
                        break;
                    case GroupStmt group:
                        Unknown(group.Body);
                        break;
                    case IfStmt branch:
                        Unknown(branch.Then);
                        Unknown(branch.Else);
                        break;
                    case ForStmt loop:
                        Unknown(loop.Body);
                        break;
                }
            }
        }
    }

    private static Stmt Straight(Stmt statement, ZeroState state)
    {
        switch (statement)
        {
            case AssignStmt assign:
                // Assign returns the record itself where nothing changes (printers key some sets on statement identity).
                AssignStmt rewritten = Assign(assign, state.IsZero(assign.Target));
                state.Written(assign.Target, rewritten is { Op: AssignOp.Set, Value: ConstExpr c } && BitConverter.DoubleToInt64Bits(c.Value) == 0);
                return rewritten;
            case GroupStmt group:
                return group with { Body = new Block(group.Body.Statements.Select(s => Straight(s, state)).ToEquatableArray()) };
            case IfStmt branch:
                var then = Conditional(branch.Then);
                var otherwise = Conditional(branch.Else);
                state.Unknown(branch.Then);
                state.Unknown(branch.Else);
                return branch with { Then = then, Else = otherwise };
            case ForStmt loop:
                state.Unknown(loop.Body);
                return loop with { Body = Conditional(loop.Body) };
            default:
                return statement;
        }
    }

    /// <summary>A block that may not run (or runs many times): only the exact x += -g → x -= g there.</summary>
    private static Block Conditional(Block block) =>
        new(block.Statements.Select(s => s switch
        {
            AssignStmt a => Assign(a, zero: false),
            GroupStmt g => g with { Body = Conditional(g.Body) },
            IfStmt b => b with { Then = Conditional(b.Then), Else = Conditional(b.Else) },
            ForStmt l => l with { Body = Conditional(l.Body) },
            _ => s,
        }).ToEquatableArray());

    private static AssignStmt Assign(AssignStmt assign, bool zero) => (assign.Op, assign.Value, zero) switch
    {
        (AssignOp.Add, NegateExpr n, false) => assign with { Op = AssignOp.Subtract, Value = n.Operand },
        (AssignOp.Add or AssignOp.MultiplyAdd, _, true) => assign with { Op = AssignOp.Set },
        (AssignOp.Subtract, _, true) => assign with { Op = AssignOp.Set, Value = new NegateExpr(assign.Value.Type, assign.Value) },
        _ => assign,
    };
}
