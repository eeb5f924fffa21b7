using System.Collections.Generic;
using AcaKernels.Generators.Emit.Lanes;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Generators.Passes.Reverse;
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

    /// <summary>Largest estimated lane step VJP without time terms (the estimate of <see cref="Fits"/>), for the lane
    /// kernels only. One straight-line method beats the loop form's span calls there (the planar three-body problem's
    /// Dormand-Prince 5, estimate ≤ 5 992: 0.7–0.8× the loop kernel's time, benchmarks/RESULTS.md §18) as long as the JIT
    /// optimises it: that kernel's IL is 53 KB (48 KB before its seeds were summed term by term, §23), and at 60 KB of IL
    /// the JIT compiles a method with MinOpts (its
    /// Dormand-Prince 8 kernel, 121 KB, ran 10× slower), so the budget stays close above it.</summary>
    public const int MaxLaneStepVjpSize = 6000;

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
    public bool Fits(ButcherTableau tableau) => StepVjpEstimate(tableau) <= MaxKernelSize;

    /// <summary>Whether the straight-line lane step VJP of <paramref name="tableau"/> stays within
    /// <see cref="MaxLaneStepVjpSize"/> (the scalar and GPU kernels keep <see cref="MaxKernelSize"/>).</summary>
    public bool FitsLaneStepVjp(ButcherTableau tableau) => StepVjpEstimate(tableau) <= MaxLaneStepVjpSize;

    /// <summary>The fused backward's size estimate: per stage f replayed and its VJP (about three times f), and the
    /// stage sums of the replay and the reverse.</summary>
    internal int StepVjpEstimate(ButcherTableau tableau)
    {
        int s = tableau.Stages, n = Straight.StateSize;
        return s * (4 * Size + 2 * n * s);
    }

    /// <summary>Whether a straight-line trial step of <paramref name="tableau"/> alone stays within
    /// <see cref="MaxKernelSize"/>: f inlined once per stage and the stage sums, about a quarter of the backward's
    /// estimate, so a system whose backward keeps the loop form (the three-body problem's Dormand-Prince 5) can still
    /// have a straight-line forward. The lane trial steps use it (see LaneKernelEmitter).</summary>
    public bool FitsTrialStep(ButcherTableau tableau) => TrialStepEstimate(tableau) <= MaxKernelSize;

    /// <summary>Most vectors the two-group lane trial step may keep live: the 32 zmm registers of x64 AVX-512.</summary>
    public const int MaxPairLiveVectors = 32;

    /// <summary>Which two-group lane trial step (both groups' trial steps in one method, statement by statement) the
    /// lanes get for <paramref name="tableau"/>. None when its size, twice the single one, passes
    /// <see cref="MaxKernelSize"/>. <see cref="TrialStepPairForm.Registers"/> when what both groups keep live through a
    /// stage (each its state, stage input, stage value, θ read by f, and h) fits in <see cref="MaxPairLiveVectors"/>
    /// registers (Lorenz: 26). Otherwise that form spills what the interleaving was to overlap (the planar three-body
    /// problem, 80 such vectors, ran its forward 1.2–3× slower with it than with two single kernels, benchmarks/RESULTS.md
    /// §22), and <see cref="TrialStepPairForm.Memory"/> is taken when its smaller live set (<see cref="PairMemoryPlan"/>:
    /// each group's f at its peak, and h) fits instead; none when that does not fit either.</summary>
    public TrialStepPairForm TrialStepPair(ButcherTableau tableau)
    {
        if (2 * TrialStepEstimate(tableau) > MaxKernelSize) return TrialStepPairForm.None;
        if (2 * (3 * Straight.StateSize + UsedParameters.Length + 1) <= MaxPairLiveVectors) return TrialStepPairForm.Registers;
        return 2 * (PairMemory.PeakLive + 1) <= MaxPairLiveVectors ? TrialStepPairForm.Memory : TrialStepPairForm.None;
    }

    /// <summary>How the memory form of the two-group trial step prints f (computed on first use).</summary>
    public PairMemoryPlan PairMemory => _pairMemory ??= PairMemoryPlan.For(Straight, UsesTime);

    private PairMemoryPlan? _pairMemory;

    private int TrialStepEstimate(ButcherTableau tableau)
    {
        int s = tableau.Stages, n = Straight.StateSize;
        return s * (Size + n * s);
    }

    /// <summary>Writes f inline: declares its locals and runs its body with the leaves of <paramref name="scope"/>.
    /// Call inside a block of its own when the kernel inlines f more than once.</summary>
    public void EmitEvaluate(CodeWriter code, RegisterScope scope)
    {
        var writer = new ScalarExpressionWriter(Straight, scope, Names);
        HashSet<AssignStmt> declaring = FirstAssignments.Find(Straight.Body);
        ScalarStatementEmitter.DeclareLocals(Straight, code, writer, declaring);
        new ScalarStatementEmitter(code, writer) { Declaring = declaring }.Emit(Straight.Body);
    }

    /// <summary>Writes the VJP inline (see <see cref="ScalarVjpPrinter.EmitRegisterBody"/>).</summary>
    public void EmitVjp(CodeWriter code, RegisterScope scope) =>
        ScalarVjpPrinter.EmitRegisterBody(Vjp(scope.TimeGradient), Names, scope, code);

    /// <summary>f's VJP, with or without ∂/∂t. The pass runs once per variant: the fused kernels inline the VJP
    /// (without ∂/∂t) once per stage.</summary>
    public VjpFunction Vjp(bool timeGradient)
    {
        ref VjpFunction? vjp = ref timeGradient ? ref _vjpWithTime : ref _vjpWithoutTime;
        return vjp ??= ReverseMode.Differentiate(Straight, timeGradient);
    }

    private VjpFunction? _vjpWithTime, _vjpWithoutTime;

    /// <summary>The values a step VJP's replay keeps for <see cref="Vjp"/>'s variant (<see cref="ReplayReuse"/>), or null:
    /// chosen once and shared by the lane and the scalar register kernels.</summary>
    public KeptValues? Kept(bool timeGradient)
    {
        ref (KeptValues? Kept, bool Chosen) kept = ref timeGradient ? ref _keptWithTime : ref _keptWithoutTime;
        if (!kept.Chosen) kept = (ReplayReuse.For(Vjp(timeGradient)), true);
        return kept.Kept;
    }

    private (KeptValues? Kept, bool Chosen) _keptWithTime, _keptWithoutTime;

    private void Collect(Block block, SortedSet<int> state, SortedSet<int> parameters)
    {
        var leaves = new Leaves(state, parameters);
        leaves.Visit(block);
        UsesTime = leaves.UsesTime;
    }

    /// <summary>The inputs and whether t is read (straight-line code: every index is a constant).</summary>
    private sealed class Leaves(SortedSet<int> state, SortedSet<int> parameters) : IrWalker
    {
        public bool UsesTime { get; private set; }

        public override void Visit(Expr e)
        {
            switch (e)
            {
                case TimeExpr:
                    UsesTime = true;
                    break;
                case InputExpr i:
                    (i.Input == InputKind.State ? state : parameters).Add(ScalarExpressionWriter.Constant(i.Index));
                    break;
                default:
                    base.Visit(e);
                    break;
            }
        }
    }
}

/// <summary>The two-group lane trial step a system gets for a tableau (<see cref="RegisterForm.TrialStepPair"/>).</summary>
internal enum TrialStepPairForm
{
    /// <summary>No pair kernel: the engine calls the single kernel once per group.</summary>
    None,
    /// <summary>Both groups' state, stage inputs, values and θ in locals, as the single kernel keeps them.</summary>
    Registers,
    /// <summary>Stage values stored as computed and read back, the state and θ read from their spans at each use, stage
    /// inputs summed where f first reads them: a live set of f's own values only.</summary>
    Memory,
}
