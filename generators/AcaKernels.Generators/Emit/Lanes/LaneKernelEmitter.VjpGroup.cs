using System.Collections.Generic;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

internal sealed partial class LaneKernelEmitter
{
    /// <summary>
    /// Where one lane group's values live in a step-VJP kernel. The stage inputs, stage values and input adjoints the
    /// stages pass on stay in locals or go through the group's scratch as <see cref="StepVjpRegisterPlan"/> says.
    /// Every local has a reserved shape (see <see cref="GeneratedNames"/>): the parameters are fixed names,
    /// the locals a stem, digits and underscores.
    /// </summary>
    private sealed class VjpGroup
    {
        private readonly int _s, _n;
        private readonly StepVjpRegisterPlan _plan;
        private readonly int _keptOffset;

        private readonly HashSet<int>?[] _reads;

        public VjpGroup(int stages, int n, StepVjpRegisterPlan plan, KeptValues? kept, int keptOffset,
            Dictionary<(int Stage, int Later), int> stepScales, HashSet<int>?[] reads, int lastReverseStage)
        {
            _reads = reads;
            LastReverseStage = lastReverseStage;
            _plan = plan;
            StepScales = stepScales;
            Kept = kept;
            _keptOffset = keptOffset;
            (_s, _n) = (stages, n);
            (T, H, Z, P, AdjointOut, AdjointIn, GradP, Scratch, HT) =
                ("t", "h", "z", "p", "adjointOut", "adjointIn", "gradP", "scratch", "hT");
        }

        public string T { get; }
        public string H { get; }
        public string Z { get; }
        public string P { get; }
        public string AdjointOut { get; }
        public string AdjointIn { get; }
        public string GradP { get; }
        public string Scratch { get; }
        public string HT { get; }

        /// <summary>Component j of the state: loaded once for the replay, or, for the large systems whose n locals would
        /// hold n registers through the whole replay (<see cref="StepVjpRegisterPlan.SeedsAtFirstUse"/>), read from z at
        /// each use (a memory operand).</summary>
        public string State(int j) => _plan.SeedsAtFirstUse ? $"{Z}[{j}]" : $"z{j}";

        public string Parameter(int q) => $"p{q}";

        /// <summary>Stage i's input as the replay computes it (a local that dies within the stage).</summary>
        public string ReplayInput(int i, int j) => $"y{i}_{j}";

        /// <summary>Stage i's value as the replay computes it.</summary>
        public string ReplayValue(int i, int j) => $"k{i}_{j}";

        public StepVjpRegisterPlan Plan => _plan;

        /// <summary>The values stage replays keep for their stage's VJP (see the KeptReplay part), or null.</summary>
        public KeptValues? Kept { get; }

        /// <summary>Where stage i's kept value k waits for its VJP: scratch past the stage vectors, as in the loop form.</summary>
        public string KeptSlot(int i, int k) => $"{Scratch}[{_keptOffset + i * Kept!.Count + k}]";

        /// <summary>Stage i's input as the reverse reads it: the state, the replay's local, or its copy in scratch.</summary>
        public string Input(int i, int j) =>
            i == 0 ? $"{Z}[{j}]" : _plan.InputInLocal(i) ? ReplayInput(i, j) : $"{Scratch}[{i * _n + j}]";

        /// <summary>Stage l's value as later stages read it: the replay's local, or its copy in scratch.</summary>
        public string Stage(int l, int j) => _plan.StageInLocal(l) ? ReplayValue(l, j) : $"{Scratch}[{(_s + l) * _n + j}]";

        /// <summary>Whether stage i's VJP reads component j of its input (see <see cref="StageInputReads"/>).</summary>
        public bool ReadsInput(int i, int j) => _reads[i] is not { } reads || reads.Contains(j);

        /// <summary>The stage the reverse ends with (the first that influences the step), or −1 when none does.</summary>
        public int LastReverseStage { get; }

        /// <summary>Whether adjointIn is summed once, in the last reverse stage, from adjointOut and the input adjoints the
        /// stages left in scratch (<see cref="StepVjpRegisterPlan.SumsAdjointInLast"/>), rather than accumulated stage by stage.</summary>
        public bool SumsAdjointInLast => _plan.SumsAdjointInLast && LastReverseStage >= 0;

        /// <summary>Stage i's input adjoint in its scratch slot, where the last reverse stage reads it for adjointIn's sum.</summary>
        public string InputBarSlot(int i, int j) => $"{Scratch}[{(2 * _s + i) * _n + j}]";

        /// <summary>Stage i's input adjoint (inputBar_i = kBar_iᵀ∂f/∂y), read by the earlier stages: a local of the
        /// method's scope, or scratch.</summary>
        public string InputBar(int i, int j) => _plan.InputBarInLocal(i) ? $"ib{i}_{j}" : InputBarSlot(i, j);

        /// <summary>Component j of the adjoint coming in (read from its span: "ao" is the lane statements' mask stem).</summary>
        public string AdjointOutAt(int j) => $"{AdjointOut}[{j}]";

        /// <summary>Component j of adjointIn as the reverse accumulates it: a local, or (<see cref="StepVjpRegisterPlan.AdjointInInLocals"/>
        /// false) scratch's slot past the input adjoints, which the register kernels leave free.</summary>
        public string AdjointInAccumulator(int j) => _plan.AdjointInInLocals ? $"ai{j}" : $"{Scratch}[{3 * _s * _n + j}]";

        public string GradPLocal(int q) => $"gp{q}";

        /// <summary>The scratch slots of the reverse's h·bᵢ (later stage −1) and h·a_li (see the StepScales part); empty
        /// when the stages keep them in locals.</summary>
        public Dictionary<(int Stage, int Later), int> StepScales { get; }

        /// <summary>Where h·bᵢ (<paramref name="later"/> −1) or h·a_li waits for stage i's seeds.</summary>
        public string StepScale(int i, int later) => $"{Scratch}[{StepScales[(i, later)]}]";

        /// <summary>The local stage i's reverse reads h·bᵢ (<paramref name="later"/> −1) or h·a_li from.</summary>
        public string StepScaleLocal(int i, int later) => later < 0 ? $"hb{i}" : $"ha{later}_{i}";

        /// <summary>Stage i's time, when f reads t.</summary>
        public string StageTime(int i) => $"tc{i}";
    }
}
