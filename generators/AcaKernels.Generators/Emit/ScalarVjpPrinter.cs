using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Prints a <see cref="VjpFunction"/> (see <see cref="ReverseMode"/>) as scalar C#, in the loop form (the body of
/// VectorJacobianProduct: tape and branch flags in stackalloc'd spans, gradients into gradZ/gradP) or in the
/// register form (straight-line code whose tape, flags, seed and gradients are scalar locals). Only names and
/// declarations are decided here: the statements are the pass's.
/// </summary>
internal static class ScalarVjpPrinter
{
    /// <summary>Writes the body of VectorJacobianProduct (parameters t, z, p, v, gradZ, gradP; returns ∂/∂t) of
    /// <paramref name="vjp"/> (f's VJP, of <paramref name="function"/>), or of VectorJacobianProductKept, which also takes
    /// the span <c>kept</c> its replay filled, when <paramref name="vjp"/> is a <see cref="LoopKeptValues.Vjp"/>.</summary>
    public static void EmitBody(IrFunction function, VjpFunction vjp, CodeWriter code)
    {
        IrFunction f = vjp.Function;
        string t = Literals.TypeName(f.Type), tape = Literals.TypeName(vjp.TapeType);
        var writer = new ScalarExpressionWriter(f, names: Names(vjp, function.Scalars.Select(s => s.Name), function.Arrays.Select(a => a.Name), function))
        {
            Indices = new LoopIndexLocals(),
        };
        ScalarStatementEmitter.DeclareLocals(vjp.Primal, code);
        if (vjp.TapeLength > 0)
            code.Line($"global::System.Span<{tape}> tape = stackalloc {tape}[{vjp.TapeLength}]; // every slot read is written first");
        if (vjp.BranchLength > 0)
            code.Line($"global::System.Span<bool> branches = stackalloc bool[{vjp.BranchLength}];");
        var statements = new ScalarStatementEmitter(code, writer) { Declaring = Temporaries(vjp) };
        if (vjp.ForwardLength > 0)
        {
            code.Line();
            code.Line("// Forward sweep: the primal values the reverse sweep needs.");
            statements.Emit(vjp.Forward);
        }
        code.Line();
        code.Line("// Reverse sweep.");
        DeclareScalarAdjoints(vjp, writer, code);
        foreach (int id in vjp.ArrayAdjoints)
            ScalarStatementEmitter.ZeroedStackArray(code, Literals.TypeName(f.Arrays[id].Type), writer.Array(id), f.Arrays[id].Length);
        string dzBar = writer.Array(vjp.OutputAdjoint);
        code.Line($"global::System.Span<{t}> {dzBar} = stackalloc {t}[{f.StateSize}];");
        ScalarStatementEmitter.CopyLoop(code, "v", dzBar, f.StateSize);
        statements.Emit(vjp.Reverse);
        code.Line($"return {writer.Scalar(vjp.TimeAdjoint)};");
    }

    /// <summary>
    /// Writes the VJP of a straight-line body (see <see cref="Unroller"/>) with every value in scalar locals:
    /// the seed, the gradient accumulators and the time come from <paramref name="registers"/>; the tape and
    /// branch decisions are locals (tp0, br0), so nothing is allocated. Declares the user's locals; the caller
    /// opens a block around it when it inlines several copies. ∂/∂t goes to a local tBar when
    /// <see cref="RegisterScope.TimeGradient"/> is set.
    /// </summary>
    public static void EmitRegisterBody(VjpFunction vjp, UserNames names, RegisterScope registers, CodeWriter code)
    {
        IrFunction f = vjp.Function;
        string t = Literals.TypeName(f.Type), tape = Literals.TypeName(vjp.TapeType);
        var writer = new ScalarExpressionWriter(f, registers, Names(vjp, names.Scalars, names.Arrays, vjp.Primal, names))
        {
            ElementNames = new Dictionary<int, Func<int, string>> { [vjp.OutputAdjoint] = j => "db" + j },
        };
        Block forward = vjp.Forward;
        // A taped assignment saves the old value first, so FirstAssignments never picks it as the declaration.
        HashSet<AssignStmt> declaring = FirstAssignments.Find(forward);
        ScalarStatementEmitter.DeclareLocals(vjp.Primal, code, writer, declaring);
        if (vjp.TapeLength > 0)
            code.Line($"{tape} " + string.Join(", ", Enumerable.Range(0, checked((int)vjp.TapeLength)).Select(i => $"tp{i} = {Literals.Of(vjp.TapeType, 0)}")) + ";");
        if (vjp.BranchLength > 0)
            code.Line("bool " + string.Join(", ", Enumerable.Range(0, checked((int)vjp.BranchLength)).Select(i => $"br{i} = false")) + ";");
        declaring.UnionWith(Temporaries(vjp));
        var statements = new ScalarStatementEmitter(code, writer) { Declaring = declaring };
        statements.Emit(forward);
        code.Line("// Reverse sweep.");
        DeclareScalarAdjoints(vjp, writer, code, registers.TimeGradient);
        foreach (int id in vjp.ArrayAdjoints)
            code.Line($"{Literals.TypeName(f.Arrays[id].Type)} " + string.Join(", ", Enumerable.Range(0, f.Arrays[id].Length)
                .Select(i => $"{writer.Element(id, Affine.Of(i))} = {Literals.Of(f.Arrays[id].Type, 0)}")) + ";");
        code.Line($"{t} " + string.Join(", ", Enumerable.Range(0, f.StateSize)
            .Select(j => $"{writer.Element(vjp.OutputAdjoint, Affine.Of(j))} = {registers.Seed(j)}")) + ";");
        statements.Emit(vjp.Reverse);
    }

    /// <summary>The reverse sweep's scalars, each from 0: tBar (unless <paramref name="timeAdjoint"/> is false) and the
    /// adjoint of every scalar local, named by <paramref name="writer"/>.</summary>
    internal static void DeclareScalarAdjoints(VjpFunction vjp, ScalarExpressionWriter writer, CodeWriter code, bool timeAdjoint = true)
    {
        IrFunction f = vjp.Function;
        if (timeAdjoint) code.Line($"{Literals.TypeName(f.Type)} {writer.Scalar(vjp.TimeAdjoint)} = {Literals.Of(f.Type, 0)};");
        foreach (int id in vjp.ScalarAdjoints)
            code.Line($"{Literals.TypeName(f.Scalars[id].Type)} {writer.Scalar(id)} = {Literals.Of(f.Scalars[id].Type, 0)};");
    }

    /// <summary>The assignments of the temporaries (each declares its local).</summary>
    internal static HashSet<AssignStmt> Temporaries(VjpFunction vjp)
    {
        var finder = new TemporaryAssignments(vjp.FirstTemporary);
        finder.Visit(vjp.Function.Body);
        return finder.Found;
    }

    private sealed class TemporaryAssignments(int firstTemporary) : IrWalker
    {
        public HashSet<AssignStmt> Found { get; } = new(ReferenceComparer<AssignStmt>.Instance);

        public override void Visit(Stmt statement)
        {
            if (statement is AssignStmt { Target: LocalTarget l } assign && l.Variable >= firstTemporary) Found.Add(assign);
            base.Visit(statement);
        }
    }

    /// <summary>
    /// Every variable's name: f's keep <paramref name="scalars"/>/<paramref name="arrays"/>, an adjoint is its
    /// variable's name + "Bar", then tBar and dzBar, and each temporary its stem ("g", "r") + the first number
    /// that leaves it clear of every other name (numbered in order of appearance).
    /// </summary>
    internal static UserNames Names(VjpFunction vjp, IEnumerable<string> scalars, IEnumerable<string> arrays, IrFunction primal, UserNames? user = null)
    {
        IrFunction f = vjp.Function;
        string[] scalarNames = new string[f.Scalars.Count], arrayNames = new string[f.Arrays.Count];
        int k = 0;
        foreach (string name in scalars) scalarNames[k++] = name;
        k = 0;
        foreach (string name in arrays) arrayNames[k++] = name;
        for (int i = 0; i < vjp.ScalarAdjoints.Count; i++) scalarNames[vjp.ScalarAdjoints[i]] = scalarNames[i] + "Bar";
        for (int i = 0; i < vjp.ArrayAdjoints.Count; i++) arrayNames[vjp.ArrayAdjoints[i]] = arrayNames[i] + "Bar";
        scalarNames[vjp.TimeAdjoint] = "tBar";
        arrayNames[vjp.OutputAdjoint] = "dzBar";
        // Arrays the VJP reads but neither f nor reverse mode declared (a replay's kept values) keep their IR name.
        for (int id = 0; id < arrayNames.Length; id++) arrayNames[id] ??= f.Arrays[id].Name;
        var taken = new HashSet<string>(primal.Scalars.Select(s => s.Name).Concat(primal.Arrays.Select(a => a.Name))
            .Concat(primal.Loops.Select(l => l.Name)), StringComparer.Ordinal);
        if (user is not null) taken.UnionWith(user.Scalars.Concat(user.Arrays));
        int counter = 0;
        for (int id = vjp.FirstTemporary; id < f.Scalars.Count; id++)
        {
            string name;
            do name = f.Scalars[id].Name + counter++; while (taken.Contains(name));
            scalarNames[id] = name;
        }
        return new UserNames(scalarNames, arrayNames);
    }
}
