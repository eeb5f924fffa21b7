using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// How the memory form of the two-group lane trial step (<see cref="LaneKernelEmitter"/>, TrialStepPairMemory) prints a
/// straight-line f: each output that one top-level plain assignment sets goes straight to its stage slot (no local
/// held to the end of f), each stage input is summed right before the first top-level statement that reads it, and
/// <see cref="PeakLive"/> estimates how many vectors one group then keeps live at once.
/// </summary>
internal sealed class PairMemoryPlan
{
    private PairMemoryPlan(bool[] directOutputs, int[][] firstReads, int[] unreadState, int peakLive)
    {
        DirectOutputs = directOutputs;
        FirstReads = firstReads;
        UnreadState = unreadState;
        PeakLive = peakLive;
    }

    /// <summary>Per output j: whether dz[j] is set once, by a top-level plain assignment (not under a branch, not
    /// accumulated), and nowhere else: that statement may write the stage slot itself. Other outputs keep a local
    /// from 0 that is stored after f.</summary>
    public bool[] DirectOutputs { get; }

    /// <summary>Per top-level statement of f: the state components it is the first to read, ascending.</summary>
    public int[][] FirstReads { get; }

    /// <summary>The state components f never reads (an FSAL step still needs them as the new state).</summary>
    public int[] UnreadState { get; }

    /// <summary>The most vectors one group holds at a statement boundary of f: f's locals and array elements between
    /// their first mention and last read, stage inputs between their first and last read, the outputs kept in locals
    /// throughout, and the stage time when f reads t. Values inside one expression are not counted.</summary>
    public int PeakLive { get; }

    public static PairMemoryPlan For(IrFunction straight, bool usesTime)
    {
        IReadOnlyList<Stmt> statements = straight.Body.Statements;
        int n = straight.StateSize, count = statements.Count;
        var assignments = new int[n];
        var direct = new bool[n];
        var first = new Dictionary<(char Kind, int Id, int Index), int>();
        var last = new Dictionary<(char Kind, int Id, int Index), int>();
        for (int k = 0; k < count; k++)
        {
            var mentions = new Mentions();
            mentions.Visit(statements[k]);
            foreach (int j in mentions.Outputs) assignments[j]++;
            if (statements[k] is AssignStmt { Target: OutputTarget output, Op: AssignOp.Set })
                direct[ScalarExpressionWriter.Constant(output.Index)] = true;
            foreach ((char, int, int) v in mentions.Values)
            {
                if (!first.ContainsKey(v)) first[v] = k;
                last[v] = k;
            }
        }
        for (int j = 0; j < n; j++) direct[j] &= assignments[j] == 1;

        var firstReads = new int[count][];
        for (int k = 0; k < count; k++)
            firstReads[k] = first.Where(e => e.Key.Kind == 'z' && e.Value == k).Select(e => e.Key.Id).OrderBy(j => j).ToArray();
        int[] unread = Enumerable.Range(0, n).Where(j => !first.ContainsKey(('z', j, 0))).ToArray();

        int kept = direct.Count(d => !d) + (usesTime ? 1 : 0), peak = kept;
        for (int k = 0; k < count; k++)
            peak = Math.Max(peak, kept + first.Count(e => e.Value <= k && last[e.Key] >= k));
        return new PairMemoryPlan(direct, firstReads, unread, peak);
    }

    /// <summary>The values a statement mentions (locals, array elements, state inputs) and the outputs it assigns.</summary>
    private sealed class Mentions : IrWalker
    {
        public HashSet<(char Kind, int Id, int Index)> Values { get; } = new();

        public List<int> Outputs { get; } = new();

        public override void Visit(Target target)
        {
            switch (target)
            {
                case LocalTarget l:
                    Values.Add(('s', l.Variable, 0));
                    break;
                case ArrayTarget a:
                    Values.Add(('a', a.Array, ScalarExpressionWriter.Constant(a.Index)));
                    break;
                case OutputTarget o:
                    Outputs.Add(ScalarExpressionWriter.Constant(o.Index));
                    break;
            }
        }

        public override void Visit(Expr e)
        {
            switch (e)
            {
                case LocalExpr l:
                    Values.Add(('s', l.Variable, 0));
                    break;
                case ArrayExpr a:
                    Values.Add(('a', a.Array, ScalarExpressionWriter.Constant(a.Index)));
                    break;
                case InputExpr { Input: InputKind.State } i:
                    Values.Add(('z', ScalarExpressionWriter.Constant(i.Index), 0));
                    break;
                default:
                    base.Visit(e);
                    break;
            }
        }
    }
}
