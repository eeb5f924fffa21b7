using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The straight-line form of a small dynamics body, for the register emitters: loops unrolled, array elements
/// and inputs as scalar locals, so f, its VJP and the fused kernels run without spans, loops or stack memory.
/// Bodies too large for it (or whose kernels would be too large for the JIT to optimise well) keep the loop form.
/// </summary>
internal sealed class RegisterForm
{
    /// <summary>Largest state size with register kernels.</summary>
    public const int MaxState = 16;

    /// <summary>Most local-array elements (each becomes a scalar local).</summary>
    public const int MaxArrayElements = 64;

    /// <summary>Largest unrolled body, in IR nodes.</summary>
    public const int MaxBodySize = 400;

    /// <summary>Largest estimated fused kernel (IR nodes plus combination terms); beyond it the JIT may stop
    /// optimising the method (its MinOpts limits on IL size and local references), so the loop form is kept.</summary>
    public const int MaxKernelSize = 5000;

    private RegisterForm(IrFunction straight, int size)
    {
        Straight = straight;
        Size = size;
        Names = new UserNames(straight);
        var state = new SortedSet<int>();
        var parameters = new SortedSet<int>();
        Collect(straight.Body, state, parameters);
        UsedState = state.ToArray();
        UsedParameters = parameters.ToArray();
    }

    /// <summary>The function with its body unrolled (loops are gone, every index is a constant).</summary>
    public IrFunction Straight { get; }

    public int Size { get; }

    public UserNames Names { get; }

    /// <summary>The state components f reads, ascending.</summary>
    public int[] UsedState { get; }

    /// <summary>The parameters f reads, ascending.</summary>
    public int[] UsedParameters { get; }

    /// <summary>Whether f reads t.</summary>
    public bool UsesTime { get; private set; }

    /// <summary>The register form of <paramref name="function"/>, or null when it is too large.</summary>
    public static RegisterForm? For(IrFunction function, bool enabled = true)
    {
        if (!enabled || function.StateSize > MaxState || function.Arrays.Sum(a => a.Length) > MaxArrayElements) return null;
        if (Unroller.Unroll(function, MaxBodySize) is not { } unrolled) return null;
        return new RegisterForm(function with { Body = unrolled.Body }, unrolled.Size);
    }

    /// <summary>Whether the fused kernels of <paramref name="tableau"/> stay within <see cref="MaxKernelSize"/>
    /// (the backward replays f and runs its VJP, about three times f, per stage).</summary>
    public bool Fits(ButcherTableau tableau)
    {
        int s = tableau.Stages, n = Straight.StateSize;
        return s * (4 * Size + 2 * n * s) <= MaxKernelSize;
    }

    /// <summary>Writes f inline: declares its locals and runs its body with the leaves of <paramref name="scope"/>.
    /// Call inside a block of its own when the kernel inlines f more than once.</summary>
    public void EmitEvaluate(CodeWriter code, RegisterScope scope)
    {
        var writer = new ScalarExpressionWriter(Straight, scope, Names);
        HashSet<AssignStmt> declaring = FirstAssignments.Find(Straight.Body);
        ScalarStatementEmitter.DeclareLocals(Straight, code, writer, declaring);
        new ScalarStatementEmitter(code, writer, plan: null) { Declaring = declaring }.Emit(Straight.Body);
    }

    /// <summary>Writes the VJP inline (see <see cref="ScalarVjpEmitter.EmitRegisterBody"/>).</summary>
    public void EmitVjp(CodeWriter code, RegisterScope scope) => ScalarVjpEmitter.EmitRegisterBody(Straight, Names, scope, code);

    private void Collect(Block block, SortedSet<int> state, SortedSet<int> parameters)
    {
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    Collect(assign.Value, state, parameters);
                    break;
                case IfStmt branch:
                    Collect(branch.Condition, state, parameters);
                    Collect(branch.Then, state, parameters);
                    Collect(branch.Else, state, parameters);
                    break;
            }
        }
    }

    private void Collect(Expr e, SortedSet<int> state, SortedSet<int> parameters)
    {
        switch (e)
        {
            case TimeExpr:
                UsesTime = true;
                break;
            case InputExpr i:
                (i.Input == InputKind.State ? state : parameters).Add(ScalarExpressionWriter.Constant(i.Index));
                break;
            case NegateExpr n:
                Collect(n.Operand, state, parameters);
                break;
            case ConvertExpr c:
                Collect(c.Operand, state, parameters);
                break;
            case BinaryExpr b:
                Collect(b.Left, state, parameters);
                Collect(b.Right, state, parameters);
                break;
            case CallExpr c:
                foreach (Expr argument in c.Arguments) Collect(argument, state, parameters);
                break;
            case SelectExpr s:
                Collect(s.Condition, state, parameters);
                Collect(s.WhenTrue, state, parameters);
                Collect(s.WhenFalse, state, parameters);
                break;
        }
    }

    private void Collect(Cond c, SortedSet<int> state, SortedSet<int> parameters)
    {
        switch (c)
        {
            case CompareCond k:
                Collect(k.Left, state, parameters);
                Collect(k.Right, state, parameters);
                break;
            case LogicalCond l:
                Collect(l.Left, state, parameters);
                Collect(l.Right, state, parameters);
                break;
            case NotCond n:
                Collect(n.Operand, state, parameters);
                break;
        }
    }
}
