using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// The GPU loop form's ∂L/∂θ of a whole step in one sweep. A step VJP calls f's VJP once per stage, and in the loop form
/// each call adds its terms to the thread's ∂L/∂θ accumulator, which lives in local memory: the float32 tanh-MLP
/// (2-32-2, m = 162) read and wrote each of the 160 hidden-layer elements once per stage, ≈ 1 000 local read-modify-writes
/// per Dormand-Prince step, as many as its arithmetic operations, and its backward ran 13.5× its forward on an H200
/// (RESULTS §59, §64). Here the stages chain only the state part of the VJP (<see cref="GradientSplit.Without"/>; the
/// seeds kBarᵢ and inputs yᵢ stay in scratch), and then one sweep runs the parameter part of every stage, loop
/// iteration by loop iteration: iteration k of a top-level loop runs for stage s−1, …, 0 in turn, the elements of
/// ∂L/∂θ that iteration writes read into locals before and stored after — one read-modify-write per element per
/// step. Each stage's copy has its own locals (suffix <see cref="GeneratedNames.StageSuffix"/>) and recomputes the
/// loop's forward statements (the MLP's tanh: once more per unit and stage than before).
/// <para>Same bits: each stage's values come from the same statements on the same inputs, and where every element
/// is written within one loop iteration or top-level statement
/// (<see cref="GradientSplit.ParameterWritesStayInOneInstance"/>) it receives its terms in the same order as
/// the stages one after the other gave them. Where that does not hold, or a VJP has a tape, branch flags or local
/// arrays (each stage's copy would need its own in local memory), or no top-level loop writes ∂L/∂θ (nothing to
/// gain), there is no sweep and each stage's VJP accumulates as before — as it does where the user turns the sweep off
/// (<c>[OdeDynamics(…, GpuParameterSweep = false)]</c>: on CPU devices the accumulator is in cache and the second
/// evaluation of the activations is the cost, RESULTS §66).</para>
/// </summary>
internal sealed class StageParameterSweep
{
    private readonly IrFunction _f;
    private readonly VjpFunction _parameters;
    private readonly KernelTarget _target;
    private readonly string _t;

    private StageParameterSweep(IrFunction f, VjpFunction parameters, KernelTarget target)
    {
        _f = f;
        _parameters = parameters;
        _target = target;
        _t = Literals.TypeName(f.Type);
    }

    /// <summary>The name of the state-only VJP the stages chain (the GPU form's f, z, p, v, gradZ; returns vᵀ∂f/∂t).</summary>
    public const string StateVjpName = "StateVectorJacobianProduct";

    /// <summary>The sweep for <paramref name="vjp"/> (the VJP of <paramref name="f"/>'s state-unrolled body), or null
    /// where it does not apply (see the class summary).</summary>
    public static StageParameterSweep? TryCreate(IrFunction f, VjpFunction vjp, KernelTarget target)
    {
        if (vjp.TapeLength != 0 || vjp.BranchLength != 0 || vjp.Primal.Arrays.Count != 0 || vjp.ArrayAdjoints.Count != 0) return null;
        VjpFunction parameters = GradientSplit.Without(vjp, InputKind.State);
        IReadOnlyList<Stmt> top = parameters.Function.Body.Statements;
        if (!top.Any(s => s is ForStmt && GradientSplit.WritesParameterGradient(s))) return null;
        if (!GradientSplit.ParameterWritesStayInOneInstance(top)) return null;
        return new StageParameterSweep(f, parameters, target);
    }

    /// <summary>One stage of the sweep: its number, its time (an expression of t and h), its input y and its seed kBar.</summary>
    public readonly record struct StageInput(int Stage, string Time, string Input, string Seed);

    /// <summary>The sweep's statements over <paramref name="stages"/>, in the order the step VJP reversed them.</summary>
    public void Emit(CodeWriter code, IReadOnlyList<StageInput> stages)
    {
        if (stages.Count == 0) throw new ArgumentException("No stages", nameof(stages));
        IrFunction g = _parameters.Function;
        var inLoop = new List<(Affine Index, string Local)>();
        HashSet<AssignStmt> temporaries = ScalarVjpPrinter.Temporaries(_parameters);
        UserNames names = ScalarVjpPrinter.Names(_parameters, _f.Scalars.Select(s => s.Name), _f.Arrays.Select(a => a.Name), _f);
        var read = new SortedSet<int>();
        new GpuCoreEmitter.StateIndices(read).Visit(g.Body);
        ScalarExpressionWriter? indices = null; // any stage's writer: loop counters and indices print alike in every copy
        var copies = new List<ScalarStatementEmitter>();
        foreach (StageInput stage in stages)
        {
            string suffix = GeneratedNames.StageSuffix(stage.Stage);
            var writer = new ScalarExpressionWriter(g, names: new UserNames(
                names.Scalars.Select(n => n + suffix).ToArray(), names.Arrays.Select(n => n + suffix).ToArray()))
            {
                MathCall = _target.MathCall,
                StateLocals = new RegisterScope { State = j => "z" + j + suffix, Time = "t" + suffix },
                ElementNames = new Dictionary<int, Func<int, string>> { [_parameters.OutputAdjoint] = j => "db" + j + suffix },
                ParameterGradients = index => inLoop.FirstOrDefault(e => e.Index == index).Local,
            };
            code.Line($"// Stage {stage.Stage}: its time, input, seed and the VJP's locals.");
            code.Line($"{_t} t{suffix} = {stage.Time};");
            Declare(code, read, j => $"z{j}{suffix} = {stage.Input}[{j}]");
            Declare(code, Enumerable.Range(0, _f.StateSize), j => $"db{j}{suffix} = {stage.Seed}[{j}]");
            foreach (ScalarVariable s in _parameters.Primal.Scalars)
                code.Line($"{Literals.TypeName(s.Type)} {writer.Scalar(s.Id)} = {Literals.Of(s.Type, 0)};");
            ScalarVjpPrinter.DeclareScalarAdjoints(_parameters, writer, code);
            indices ??= writer;
            copies.Add(new ScalarStatementEmitter(code, writer) { Declaring = temporaries });
        }
        foreach (Stmt statement in g.Body.Statements)
        {
            if (statement is not ForStmt loop)
            {
                var single = new Block(EquatableArray.Create(statement));
                foreach (ScalarStatementEmitter copy in copies) copy.Emit(single);
                continue;
            }
            code.Line("// One iteration for every stage in turn; the ∂L/∂θ elements it writes in locals meanwhile.");
            code.Open(ScalarStatementEmitter.LoopHeader(loop, indices!.Loop(loop.LoopVariable)));
            foreach (Affine index in GradientSplit.ParameterIndices(loop.Body))
            {
                if (index.Terms.Any(term => term.LoopVariable != loop.LoopVariable)) continue; // an inner loop's: gradP[…]
                string local = "gp" + inLoop.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                code.Line($"{_t} {local} = gradP[{indices.Write(index)}];");
                inLoop.Add((index, local));
            }
            foreach (ScalarStatementEmitter copy in copies) copy.Emit(loop.Body);
            foreach ((Affine index, string local) in inLoop) code.Line($"gradP[{indices.Write(index)}] = {local};");
            inLoop.Clear();
            code.Close();
        }
    }

    private void Declare(CodeWriter code, IEnumerable<int> indices, Func<int, string> initialiser)
    {
        string[] locals = indices.Select(initialiser).ToArray();
        if (locals.Length != 0) code.Line($"{_t} " + string.Join(", ", locals) + ";");
    }
}
