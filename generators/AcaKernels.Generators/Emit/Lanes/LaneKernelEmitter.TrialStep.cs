using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Lane trial steps, one per tableau, with the arithmetic of the scalar fused kernels lane by lane: the weighted
/// sums of the spec on ButcherTableau, printed by <see cref="FusedSums"/> (the first term's product, then a fused
/// multiply-add per term in ascending stage order, zero coefficients dropped), y = fma(h, sum, z), stage times
/// t + c·h in float64, the new state of an FSAL method is the last stage's input, and stage 0 is the caller's.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    private string Header(ButcherTableau tableau) =>
        $"private static void TrialStepLanes{tableau.Name}({_v} t, {_v} h, {_ros} z, {_ros} p, {_span} stages, {_span} zNew, {_span} error, {_span} error2, {TolerancesAndSum})";

    /// <summary>The trial-step hooks' last parameters: the broadcast tolerances and the RMS norm's sum of squares per group.</summary>
    private string TolerancesAndSum => $"{_ros} atol, {_ros} rtol, {_span} sumOfSquares";

    /// <summary>The single kernel's only group, as the pair kernels name theirs.</summary>
    private static readonly PairGroup[] SingleGroup = [new PairGroup("t", "h", 0, "")];

    /// <summary>A tableau coefficient broadcast, or null when it is zero (the scalar kernels skip those).</summary>
    private string? Coefficient(double value) => value == 0.0 ? null : _target.Broadcast(Literals.Double(value));

    private string StageTime(double c) => $"t + {_target.Broadcast(Literals.Double(c))} * h";

    private void CheckStepSpans(ButcherTableau tableau)
    {
        Check("z", N);
        Check("p", _function.ParameterSize);
        Check("stages", tableau.Stages * N);
        Check("zNew", N);
        if (tableau.Error is not null) Check("error", N);
        if (tableau.Error2 is not null) Check("error2", N);
        CheckSumSpans(tableau, 1);
    }

    /// <summary>The fused weighted sum over the nonzero weights, or 0 (<see cref="FusedSums.Row"/>).</summary>
    private string Sum(int count, Func<int, double> weight, Func<int, string> stage) =>
        _target.Sums.Row(count, l => Coefficient(weight(l)), stage);

    /// <summary>Straight-line trial step: the scalar register kernel's statements on vectors. Stage values go to the
    /// stages buffer the contract fills anyway, and the sums read them back from there.</summary>
    private void EmitRegisterTrialStep(ButcherTableau tableau, RegisterForm form)
    {
        int s = tableau.Stages, n = N;
        _code.Open(Header(tableau));
        CheckStepSpans(tableau);
        _code.Line($"{_v} hT = h;");
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"z{j} = z[{j}]")) + ";");
        if (form.UsedParameters.Length != 0)
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(k => $"p{k} = p[{k}]")) + ";");
        Func<int, int, string> k = (l, j) => $"stages[{l * n + j}]";
        for (int i = 1; i < s; i++)
        {
            int row = i;
            _code.Line($"// Stage {i}: y = z + h·Σ a[{i},l]·k[l], k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y).");
            for (int j = 0; j < n; j++)
                _code.Line($"{_v} y{i}_{j} = {_target.Sums.Advance($"z{j}", "hT", Sum(i, l => tableau[row, l], l => k(l, j)))};");
            InlineStage(form, i, StageTime(tableau.C[i]), j => $"y{row}_{j}");
            for (int j = 0; j < n; j++) _code.Line($"{k(i, j)} = k{i}_{j};");
        }
        if (tableau.IsFsal)
        {
            _code.Line("// New state: the last stage's input (FSAL).");
            for (int j = 0; j < n; j++) _code.Line($"zNew[{j}] = y{s - 1}_{j};");
        }
        else
        {
            _code.Line("// New state.");
            for (int j = 0; j < n; j++) _code.Line($"zNew[{j}] = {_target.Sums.Advance($"z{j}", "hT", Sum(s, l => tableau.B[l], l => k(l, j)))};");
        }
        if (tableau.Error is { } e)
        {
            _code.Line("// Error estimate h·Σ e[l]·k[l].");
            for (int j = 0; j < n; j++) ErrorStatement(tableau, SingleGroup[0], j, $"error[{j}]", $"hT * {Sum(s, l => e[l], l => k(l, j))}");
        }
        if (tableau.Error2 is { } e2)
        {
            _code.Line("// Secondary error estimate.");
            for (int j = 0; j < n; j++) _code.Line($"error2[{j}] = hT * {Sum(s, l => e2[l], l => k(l, j))};");
        }
        // zNew as the kernel holds it: the last stage's input (FSAL) or the stored sum.
        EmitSumOfSquares(tableau, SingleGroup, (_, j) => $"z{j}", (_, j) => tableau.IsFsal ? $"y{s - 1}_{j}" : $"zNew[{j}]", (g, j) => g.Local(ErrorLocal + j));
        _code.Close();
    }

    /// <summary>Inlines f at stage <paramref name="i"/>: declares k{i}_j (0 where f leaves dz unwritten, as the lane
    /// Evaluate does) and computes them from the inputs <paramref name="input"/> at <paramref name="time"/>.</summary>
    private void InlineStage(RegisterForm form, int i, string time, Func<int, string> input)
    {
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, N).Select(j => $"k{i}_{j} = {_target.Zero}")) + ";");
        _code.Begin();
        string timeName = "t";
        if (form.UsesTime)
        {
            timeName = "tc" + i;
            _code.Line($"{_v} {timeName} = {time};");
        }
        int row = i;
        EmitStraightBody(form, new RegisterScope { State = input, Output = j => $"k{row}_{j}", Time = timeName });
        _code.Close();
    }

    /// <summary>Loop trial step (large systems): the scalar loop kernel on spans of vectors, f through EvaluateLanes.</summary>
    private void EmitLoopTrialStep(ButcherTableau tableau)
    {
        int s = tableau.Stages, n = N;
        _code.Open(Header(tableau));
        CheckStepSpans(tableau);
        _code.Line($"{_v} hT = h;");
        for (int l = 0; l < s; l++)
            _code.Line($"{_span} k{l} = stages.Slice({l * n}, {n});");
        for (int i = 1; i < s; i++)
        {
            int row = i;
            _code.Line($"// Stage {i}: y = z + h·Σ a[{i},l]·k[l] (in zNew), k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y).");
            Combination(i, l => tableau[row, l], "zNew", advance: true);
            _code.Line($"EvaluateLanes({StageTime(tableau.C[i])}, zNew, p, k{i});");
        }
        if (!tableau.IsFsal)
        {
            _code.Line("// New state.");
            Combination(s, l => tableau.B[l], "zNew", advance: true);
        }
        if (tableau.Error is { } e)
        {
            _code.Line("// Error estimate h·Σ e[l]·k[l].");
            Combination(s, l => e[l], "error", advance: false);
        }
        if (tableau.Error2 is { } e2)
        {
            _code.Line("// Secondary error estimate.");
            Combination(s, l => e2[l], "error2", advance: false);
        }
        EmitLoopSumOfSquares(tableau);
        _code.Close();
    }

    /// <summary>for each j: acc = Σ w[l]·k_l[j] over nonzero w[l], l &lt; count (<see cref="FusedSums.LoopSum"/>);
    /// target[j] = fma(h, acc, z[j]) with <paramref name="advance"/>, else h·acc.</summary>
    private void Combination(int count, Func<int, double> weight, string target, bool advance)
    {
        _code.Open($"for (int j = 0; j < {N}; j++)");
        foreach (string line in _target.Sums.LoopSum(_v, count, l => Coefficient(weight(l)), l => $"k{l}[j]"))
            _code.Line(line);
        _code.Line($"{target}[j] = {(advance ? _target.Sums.Advance("z[j]", "hT", "acc") : "hT * acc")};");
        _code.Close();
    }
}
