using AcaKernels.Generators.Functions;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The math helpers lane kernels call, emitted once per system for the functions it uses (see
/// <see cref="LaneMathTable"/>). Their names are reserved (<see cref="GeneratedNames"/>), so no user local hides them.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    // A call clobbers every vector register (all are caller-saved on x64), so a fallback helper stays a call of
    // its own: the kernel saves its live vectors once around it, not once per lane around each scalar call.
    private const string NoInline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";

    private void EmitHelpers()
    {
        foreach (MathFunction function in _used.OrderBy(f => f))
        {
            _code.Line();
            LaneMathForm form = LaneMathTable.For(_target, function);
            switch (function)
            {
                case MathFunction.Clamp when form.Kind == LaneMathKind.Select:
                    _code.Line("/// <summary>Math.Clamp per lane with its own comparisons: x &lt; min ? min : x &gt; max ? max : x (so Clamp(-0, +0, 1)");
                    _code.Line("/// is -0 as in Math.Clamp). Where Math.Clamp throws (min &gt; max) one lane cannot throw alone: it gets this value.</summary>");
                    _code.Line(Inline);
                    _code.Line($"private static {_v} {form.Name}({_v} x, {_v} min, {_v} max) =>");
                    _code.Line($"    {_target.Select(_target.Call("LessThan", "x", "min"), "min", _target.Select(_target.Call("GreaterThan", "x", "max"), "max", "x"))};");
                    break;
                case MathFunction.Sign when form.Kind == LaneMathKind.Select:
                    string one = _target.Broadcast(Literals.Double(1));
                    _code.Line("/// <summary>(double)Math.Sign per lane: 1, -1 or +0. Where Math.Sign throws (NaN) one lane cannot throw alone: it");
                    _code.Line("/// stays NaN.</summary>");
                    _code.Line(Inline);
                    _code.Line($"private static {_v} {form.Name}({_v} x) =>");
                    _code.Line($"    {_target.Select(_target.Call("GreaterThan", "x", _target.Zero), one, _target.Select(_target.Call("LessThan", "x", _target.Zero), "-" + one, _target.Select(_target.Call("Equals", "x", "x"), _target.Zero, "x")))};");
                    break;
                default:
                    EmitFallback(function, form.Name);
                    break;
            }
        }
    }

    /// <summary>Each lane through the scalar System.Math function: bit-identical to the scalar kernels by construction.</summary>
    private void EmitFallback(MathFunction function, string name)
    {
        MathFunctionInfo info = KnownMathFunctions.Get(function);
        string[] parameters = Enumerable.Range(0, info.Arity).Select(i => "x" + i).ToArray();
        string e = _target.ElementType;
        _code.Line($"/// <summary>Math.{info.Name} lane by lane (no vector form has its exact results).</summary>");
        _code.Line(NoInline);
        _code.Open($"private static {_v} {name}({string.Join(", ", parameters.Select(x => _v + " " + x))})");
        _code.Line($"global::System.Span<{e}> r = stackalloc {e}[{_target.Lanes}];");
        _code.Line($"for (int i = 0; i < {_target.Lanes}; i++) r[i] = global::System.Math.{info.Name}({string.Join(", ", parameters.Select(x => x + "[i]"))});");
        _code.Line($"return {_target.VectorClass}.Create<{e}>(r);");
        _code.Close();
    }
}
