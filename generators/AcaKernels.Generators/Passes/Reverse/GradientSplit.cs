using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// Splits a VJP into the part that accumulates vᵀ∂f/∂z and the part that accumulates vᵀ∂f/∂p, for the GPU loop form's
/// step VJP (<see cref="Emit.Gpu.StageParameterSweep"/>): it chains the stages' state parts and sweeps all their
/// parameter parts afterwards in one pass. Neither part reads a gradient (the IR only accumulates into them), so
/// dropping one kind of accumulation leaves every value the other computes as it was: the same statements on the same
/// inputs, the same bits.
/// </summary>
internal static class GradientSplit
{
    /// <summary><paramref name="vjp"/> without its accumulations into the gradient of <paramref name="dropped"/>.</summary>
    public static VjpFunction Without(VjpFunction vjp, InputKind dropped)
    {
        var rewriter = new DropGradients(dropped);
        Block forward = rewriter.Rewrite(vjp.Forward), reverse = rewriter.Rewrite(vjp.Reverse);
        var body = new Block(forward.Statements.Concat(reverse.Statements).ToEquatableArray());
        return vjp with { Function = vjp.Function with { Body = body }, ForwardLength = forward.Statements.Count };
    }

    /// <summary>
    /// Whether each element of ∂L/∂p that <paramref name="statements"/> accumulate into is written within one
    /// <i>instance</i> only: one iteration of a top-level loop, or one top-level statement that is not a loop. Then
    /// running several copies of the statements (one per stage, each with locals of its own) instance by instance —
    /// instance 1 of every copy, then instance 2 of every copy, … — gives every element its terms in the order the
    /// copies one after the other give them: copy by copy, and within a copy in the statements' order. False also
    /// where an index cannot be evaluated, or the enumeration would exceed <paramref name="budget"/> writes.
    /// </summary>
    public static bool ParameterWritesStayInOneInstance(IReadOnlyList<Stmt> statements, int budget = 1 << 20)
    {
        var owners = new Dictionary<int, int>();
        var counters = new Dictionary<int, int>();
        int instance = 0, writes = 0;
        bool Collect(Stmt statement)
        {
            switch (statement)
            {
                case AssignStmt { Target: GradientTarget { Input: InputKind.Parameters } g }:
                    if (++writes > budget || Evaluate(g.Index, counters) is not int index) return false;
                    if (owners.TryGetValue(index, out int owner) && owner != instance) return false;
                    owners[index] = instance;
                    return true;
                case AssignStmt or SaveFlagStmt:
                    return true;
                case ForStmt loop:
                    return Iterate(loop, newInstances: false);
                case IfStmt branch:
                    return branch.Then.Statements.All(Collect) && branch.Else.Statements.All(Collect);
                case GroupStmt group:
                    return group.Body.Statements.All(Collect);
                default:
                    throw IrWalker.Unknown(statement);
            }
        }
        // Every iteration of the loop, with its counter bound; with newInstances each iteration is an instance of its own.
        bool Iterate(ForStmt loop, bool newInstances)
        {
            for (int k = 0; k < loop.Trips; k++)
            {
                if (newInstances) instance++;
                counters[loop.LoopVariable] = loop.Start + k * loop.Step;
                if (!loop.Body.Statements.All(Collect)) return false;
            }
            counters.Remove(loop.LoopVariable);
            return true;
        }
        foreach (Stmt statement in statements)
        {
            if (statement is ForStmt loop)
            {
                if (!Iterate(loop, newInstances: true)) return false;
                continue;
            }
            instance++;
            if (!Collect(statement)) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="statement"/> accumulates into ∂L/∂p anywhere inside it.</summary>
    public static bool WritesParameterGradient(Stmt statement)
    {
        var finder = new ParameterGradientTargets();
        finder.Visit(statement);
        return finder.Indices.Count != 0;
    }

    /// <summary>The distinct indices of ∂L/∂p that <paramref name="body"/> accumulates into, in order of appearance.</summary>
    public static IReadOnlyList<Affine> ParameterIndices(Block body)
    {
        var finder = new ParameterGradientTargets();
        finder.Visit(body);
        return finder.Indices;
    }

    private static int? Evaluate(Affine index, Dictionary<int, int> counters)
    {
        long value = index.Constant;
        foreach (AffineTerm term in index.Terms)
        {
            if (!counters.TryGetValue(term.LoopVariable, out int counter)) return null;
            value += (long)term.Coefficient * counter;
        }
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
    }

    private sealed class DropGradients(InputKind dropped) : IrRewriter
    {
        public override Block Rewrite(Block block) =>
            new(block.Statements.Where(s => s is not AssignStmt { Target: GradientTarget g } || g.Input != dropped)
                .Select(Rewrite).ToEquatableArray());
    }

    private sealed class ParameterGradientTargets : IrWalker
    {
        private readonly HashSet<Affine> _seen = new();

        public List<Affine> Indices { get; } = new();

        public override void Visit(Target target)
        {
            if (target is GradientTarget { Input: InputKind.Parameters } g && _seen.Add(g.Index)) Indices.Add(g.Index);
            base.Visit(target);
        }
    }
}
