using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// Writes f and its VJP over ArrayViews, shared by the stepper structs of one system: the straight-line form where
/// the scalar struct has it (inputs, outputs and the VJP's tape in locals), else the loop form, whose stack arrays
/// (local arrays, tape, branch flags, adjoint arrays) live in per-thread <c>LocalMemory</c> and are zeroed where the
/// scalar form zeroes them. Statements and expressions are printed by the scalar printers, in the same order.
/// </summary>
internal sealed class GpuCoreEmitter(IrFunction f, RegisterForm? registers, KernelTarget target, CodeWriter code, bool parameterSweep = true)
{
    private readonly string _t = Literals.TypeName(f.Type);

    /// <summary>f's body with its state loops unrolled, for a body without the straight-line form (null when it has it, or
    /// when <see cref="Passes.StateLoopUnroller"/> declines): f and its VJP print from it.</summary>
    private readonly Block? _stateUnrolled = registers is null ? Passes.StateLoopUnroller.Unroll(f) : null;

    /// <summary>The VJP of <see cref="_stateUnrolled"/> (loops whose iterations stand alone recomputed, see
    /// <see cref="EmitLoopVjp"/>), or null without that body.</summary>
    private VjpFunction? StateUnrolledVjp =>
        _stateUnrolledVjp ??= _stateUnrolled is { } body ? ReverseMode.Differentiate(f with { Body = body }, recomputeLoops: true) : null;

    private VjpFunction? _stateUnrolledVjp;

    /// <summary>The step VJPs' one sweep over the stages' ∂L/∂θ, where it applies (the state-unrolled form only) and the
    /// attribute allows it (<c>GpuParameterSweep</c>); then f's VJP is <see cref="StageParameterSweep.StateVjpName"/>,
    /// without gradP.</summary>
    public StageParameterSweep? Sweep
    {
        get
        {
            if (!_sweepDecided) _sweep = parameterSweep && StateUnrolledVjp is { } vjp ? StageParameterSweep.TryCreate(f, vjp, target) : null;
            _sweepDecided = true;
            return _sweep;
        }
    }

    private StageParameterSweep? _sweep;
    private bool _sweepDecided;

    private string View => target.Writable;

    /// <summary><c>private static void Evaluate(T t, z, p, dz)</c>: f, writing every dz[j].</summary>
    public void EmitEvaluate()
    {
        int n = f.StateSize;
        code.Line("/// <summary>f(t, z, p) into dz, as the scalar struct's Evaluate.</summary>");
        code.Open($"private static void Evaluate({_t} t, {View} z, {View} p, {View} dz)");
        if (registers is { } form)
        {
            code.Line("// Straight-line form: inputs and outputs in locals, every dz[j] stored (0 where f leaves it unwritten).");
            DeclareScalars(form.UsedState, j => $"z{j} = z[{j}]");
            DeclareScalars(form.UsedParameters, k => $"p{k} = p[{k}]");
            DeclareScalars(Enumerable.Range(0, n), j => $"o{j} = {Literals.Of(f.Type, 0)}");
            form.EmitEvaluate(code, new RegisterScope { MathCall = target.MathCall });
            for (int j = 0; j < n; j++) code.Line($"dz[{j}] = o{j};");
        }
        else if (_stateUnrolled is { } body)
        {
            EmitStateLocalsEvaluate(body);
        }
        else
        {
            DeclareLocals(f);
            if (OdeStructEmitter.WritesOutputCompound(f.Body)) ScalarStatementEmitter.ZeroLoop(code, "dz", n);
            new ScalarStatementEmitter(code, new ScalarExpressionWriter(f) { MathCall = target.MathCall }).Emit(f.Body);
        }
        code.Close();
    }

    /// <summary>The loop form with the loops over the state unrolled (<see cref="Passes.StateLoopUnroller"/>): z read
    /// once into locals, dz accumulated in locals and stored once (0 where f leaves it unwritten, as the straight-line
    /// form), the other loops kept; the same operations in the same order as the loop form.</summary>
    private void EmitStateLocalsEvaluate(Block body)
    {
        int n = f.StateSize;
        var used = new SortedSet<int>();
        new StateIndices(used).Visit(body);
        code.Line("// Loops over the state unrolled: z and dz in locals, read and stored once (the other loops kept).");
        DeclareScalars(used, j => $"z{j} = z[{j}]");
        DeclareScalars(Enumerable.Range(0, n), j => $"o{j} = {Literals.Of(f.Type, 0)}");
        DeclareLocals(f);
        var writer = new ScalarExpressionWriter(f) { MathCall = target.MathCall, StateLocals = new RegisterScope() };
        new ScalarStatementEmitter(code, writer).Emit(body);
        for (int j = 0; j < n; j++) code.Line($"dz[{j}] = o{j};");
    }

    /// <summary>The (constant) state indices a body reads, and those whose vᵀ∂f/∂z accumulator it adds to.</summary>
    internal sealed class StateIndices(SortedSet<int> read, SortedSet<int>? accumulated = null) : IrWalker
    {
        public override void Visit(Expr e)
        {
            if (e is InputExpr { Input: InputKind.State } i) read.Add(ScalarExpressionWriter.Constant(i.Index));
            base.Visit(e);
        }

        public override void Visit(Target target)
        {
            if (target is GradientTarget { Input: InputKind.State } g) accumulated?.Add(ScalarExpressionWriter.Constant(g.Index));
            base.Visit(target);
        }
    }

    /// <summary><c>private static T VectorJacobianProduct(T t, z, p, v, gradZ, gradP)</c>: adds vᵀ∂f/∂z and vᵀ∂f/∂p,
    /// returns vᵀ∂f/∂t, as the scalar struct's VectorJacobianProduct. With a <see cref="Sweep"/>, <c>private static T
    /// StateVectorJacobianProduct(T t, z, p, v, gradZ)</c> instead: the same without vᵀ∂f/∂p.</summary>
    public void EmitVectorJacobianProduct()
    {
        if (Sweep is not null)
        {
            code.Line("/// <summary>Adds vᵀ∂f/∂z to gradZ, returns vᵀ∂f/∂t: the VectorJacobianProduct of the scalar struct without vᵀ∂f/∂p,");
            code.Line("/// which the step VJPs add for all their stages at once (their parameter sweep).</summary>");
            code.Open($"private static {_t} {StageParameterSweep.StateVjpName}({_t} t, {View} z, {View} p, {View} v, {View} gradZ)");
            EmitStateLocalsVjp(GradientSplit.Without(StateUnrolledVjp!, InputKind.Parameters));
            code.Close();
            return;
        }
        code.Line("/// <summary>Adds vᵀ∂f/∂z to gradZ and vᵀ∂f/∂p to gradP, returns vᵀ∂f/∂t, as the scalar struct's VectorJacobianProduct.</summary>");
        code.Open($"private static {_t} VectorJacobianProduct({_t} t, {View} z, {View} p, {View} v, {View} gradZ, {View} gradP)");
        if (registers is { } form) EmitRegisterVjp(form);
        else if (StateUnrolledVjp is { } vjp) EmitStateLocalsVjp(vjp);
        else EmitLoopVjp();
        code.Close();
    }

    private void EmitRegisterVjp(RegisterForm form)
    {
        int n = f.StateSize;
        code.Line("// Straight-line form: inputs, seed and gradient accumulators in locals.");
        DeclareScalars(form.UsedState, j => $"z{j} = z[{j}]");
        DeclareScalars(form.UsedState, j => $"gz{j} = gradZ[{j}]");
        DeclareScalars(form.UsedParameters, k => $"p{k} = p[{k}]");
        DeclareScalars(form.UsedParameters, k => $"gp{k} = gradP[{k}]");
        DeclareScalars(Enumerable.Range(0, n), j => $"v{j} = v[{j}]");
        form.EmitVjp(code, new RegisterScope { MathCall = target.MathCall });
        foreach (int j in form.UsedState) code.Line($"gradZ[{j}] = gz{j};");
        foreach (int k in form.UsedParameters) code.Line($"gradP[{k}] = gp{k};");
        code.Line("return tBar;");
    }

    /// <summary>The loop form of <see cref="ScalarVjpPrinter.EmitBody"/> with LocalMemory for its stack arrays.</summary>
    private void EmitLoopVjp()
    {
        // Loops whose iterations stand alone are recomputed, not taped: a GPU keeps the tape in off-chip local memory
        // (the tanh-MLP's backward kernel: 3.4 KB of it per thread).
        VjpFunction vjp = ReverseMode.Differentiate(f, recomputeLoops: true);
        var writer = new ScalarExpressionWriter(vjp.Function, names: ScalarVjpPrinter.Names(vjp, f.Scalars.Select(s => s.Name), f.Arrays.Select(a => a.Name), f))
        {
            MathCall = target.MathCall,
        };
        EmitVjpSweeps(vjp, writer, () =>
        {
            string dzBar = writer.Array(vjp.OutputAdjoint);
            code.Line($"global::ILGPU.ArrayView<{_t}> {dzBar} = global::ILGPU.LocalMemory.Allocate<{_t}>({f.StateSize});");
            ScalarStatementEmitter.CopyLoop(code, "v", dzBar, f.StateSize);
        });
        code.Line($"return {writer.Scalar(vjp.TimeAdjoint)};");
    }

    /// <summary>The VJP's locals, tape and branch flags, its forward sweep, its adjoints, the output adjoint (declared by
    /// <paramref name="declareOutputAdjoint"/>) and its reverse sweep.</summary>
    private void EmitVjpSweeps(VjpFunction vjp, ScalarExpressionWriter writer, Action declareOutputAdjoint)
    {
        IrFunction g = vjp.Function;
        string tape = Literals.TypeName(vjp.TapeType);
        DeclareLocals(vjp.Primal);
        if (vjp.TapeLength > 0)
            code.Line($"global::ILGPU.ArrayView<{tape}> tape = global::ILGPU.LocalMemory.Allocate<{tape}>({vjp.TapeLength}); // every slot read is written first");
        if (vjp.BranchLength > 0)
            code.Line($"global::ILGPU.ArrayView<bool> branches = global::ILGPU.LocalMemory.Allocate<bool>({vjp.BranchLength});");
        var statements = new ScalarStatementEmitter(code, writer) { Declaring = ScalarVjpPrinter.Temporaries(vjp) };
        if (vjp.ForwardLength > 0)
        {
            code.Line();
            code.Line("// Forward sweep: the primal values the reverse sweep needs.");
            statements.Emit(vjp.Forward);
        }
        code.Line();
        code.Line("// Reverse sweep.");
        ScalarVjpPrinter.DeclareScalarAdjoints(vjp, writer, code);
        foreach (int id in vjp.ArrayAdjoints)
            ZeroedLocalArray(Literals.TypeName(g.Arrays[id].Type), writer.Array(id), g.Arrays[id].Length);
        declareOutputAdjoint();
        statements.Emit(vjp.Reverse);
    }

    /// <summary>The VJP of <see cref="EmitStateLocalsEvaluate"/>'s form: differentiated from the state-unrolled body (loops
    /// whose iterations stand alone recomputed, as <see cref="EmitLoopVjp"/>), z, the seed and the vᵀ∂f/∂z accumulators in
    /// locals, ∂L/∂θ and the local arrays where the loop form keeps them.</summary>
    private void EmitStateLocalsVjp(VjpFunction vjp)
    {
        int n = f.StateSize;
        IrFunction g = vjp.Function;
        var scope = new RegisterScope();
        var writer = new ScalarExpressionWriter(g, names: ScalarVjpPrinter.Names(vjp, f.Scalars.Select(s => s.Name), f.Arrays.Select(a => a.Name), f))
        {
            MathCall = target.MathCall,
            StateLocals = scope,
            ElementNames = new Dictionary<int, Func<int, string>> { [vjp.OutputAdjoint] = j => "db" + j },
        };
        var read = new SortedSet<int>();
        var accumulated = new SortedSet<int>();
        var inputs = new StateIndices(read, accumulated);
        inputs.Visit(vjp.Forward);
        inputs.Visit(vjp.Reverse);
        code.Line("// Loops over the state unrolled: z, the seed and the vᵀ∂f/∂z accumulators in locals (the other loops kept).");
        DeclareScalars(read, j => $"{scope.State(j)} = z[{j}]");
        DeclareScalars(accumulated, j => $"{scope.GradState(j)} = gradZ[{j}]");
        EmitVjpSweeps(vjp, writer, () => DeclareScalars(Enumerable.Range(0, n), j => $"db{j} = v[{j}]"));
        foreach (int j in accumulated) code.Line($"gradZ[{j}] = {scope.GradState(j)};");
        code.Line($"return {writer.Scalar(vjp.TimeAdjoint)};");
    }

    /// <summary>One declaration of T locals with their initial values ("T z0 = z[0], z1 = z[1];"); nothing for no indices.</summary>
    private void DeclareScalars(IEnumerable<int> indices, Func<int, string> initialiser)
    {
        string[] locals = indices.Select(initialiser).ToArray();
        if (locals.Length != 0) code.Line($"{_t} " + string.Join(", ", locals) + ";");
    }

    /// <summary>Every scalar local at 0 and every local array in zeroed LocalMemory, at the top (as the scalar
    /// form's <see cref="ScalarStatementEmitter.DeclareLocals(IrFunction, CodeWriter)"/>).</summary>
    private void DeclareLocals(IrFunction function)
    {
        foreach (ScalarVariable s in function.Scalars)
            code.Line($"{Literals.TypeName(s.Type)} {s.Name} = {Literals.Of(s.Type, 0)};");
        foreach (ArrayVariable a in function.Arrays)
            ZeroedLocalArray(Literals.TypeName(a.Type), a.Name, a.Length);
    }

    private void ZeroedLocalArray(string type, string name, int length)
    {
        code.Line($"global::ILGPU.ArrayView<{type}> {name} = global::ILGPU.LocalMemory.Allocate<{type}>({length});");
        ScalarStatementEmitter.ZeroLoop(code, name, length);
    }
}
