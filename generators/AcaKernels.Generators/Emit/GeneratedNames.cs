using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The names generated code gives its own locals, and how user names stay clear of them. Every generated name
/// has one of three reserved shapes: a fixed name (the kernels' parameters and a few locals such as tape, tBar,
/// dzBar), a short stem followed by a digit and then only digits and underscores (z0, k3_1, g12, tp4), or a name ending in "Bar"
/// (the adjoint of a local x is xBar); the second lane group of a pair kernel appends "_B" to any of them (and to user
/// names: <see cref="SecondGroupSuffix"/>), and each stage's copy of a VJP in the GPU form's parameter sweep appends "_S"
/// and the stage's number (<see cref="StageSuffix"/>). The lane kernels' math helpers (LaneExp, LaneClamp, …) are reserved too: lane
/// code calls them by simple name where user locals are in scope, and a local of that name would hide the method.
/// A user name of a reserved shape gets a "u" appended, which leaves every
/// shape (no fixed name, helper, stem, "Bar" or "_B" ends in "u"), so a generated name can never equal a user's: a new
/// generated name only has to take one of these shapes, never to be checked against the user's code.
/// </summary>
internal static class GeneratedNames
{
    private static readonly Regex StemShape = new("^(z|p|k|y|kb|ib|ai|ao|gp|gz|o|db|tc|hb|ha|tp|br|g|r|v|ix|er)[0-9][0-9_]*$", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal)
    {
        "t", "h", "z", "p", "dz", "v", "gradZ", "gradP", "stages", "zNew", "error", "error2", "adjointOut", "adjointIn",
        "scratch", "method", "hT", "ha", "hb", "tBar", "tape", "branches", "dzBar", "gradH", "gradT", ElementIndex,
        // The loop-form lane VJP's buffers (Lanes/LaneWorkspace).
        Lanes.LaneWorkspace.Parameter,
        // The values a loop-form replay keeps for its stage VJPs (Passes/Reverse/LoopReplayReuse).
        Passes.Reverse.LoopReplayReuse.ArrayName,
        // The second lane group's arguments of the two-group lane step VJP.
        "tB", "hB", "zB", "pB", "adjointOutB", "adjointInB", "gradPB", "scratchB", "hTB",
        // The refs to the spans' first elements in the memory form of the two-group lane trial step.
        "zRef", "pRef", "stagesRef", "zNewRef", "errorRef", "error2Ref",
        // The lane trial steps' tolerances and sum of squares (the RMS norm's sum made in the kernel).
        "atol", "rtol", "sumOfSquares",
    };

    /// <summary>Ends every local of the second lane group in a two-group lane kernel (TrialStepPairLanes): its name is
    /// the first group's name with this appended. No user name ends in it (reserved), and no name of the first group
    /// does, so the two groups' locals never clash.</summary>
    public const string SecondGroupSuffix = "_B";

    /// <summary>Ends every local of stage <paramref name="stage"/>'s copy of the VJP in the GPU loop form's parameter
    /// sweep (<see cref="Gpu.StageParameterSweep"/>): "_S5". No user name ends so (reserved), so the copies' locals clash
    /// neither with each other nor with the kernel's own.</summary>
    public static string StageSuffix(int stage) => "_S" + stage.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Regex StageSuffixShape = new("_S[0-9]+$", RegexOptions.CultureInvariant);

    /// <summary>The index of the scalar zeroing and copying loops (<see cref="ScalarStatementEmitter.ZeroLoop"/>).</summary>
    public const string ElementIndex = "elementIndex";

    /// <summary>The lane kernels' math helpers (LaneExp, LaneClamp, …), called from code that holds user locals.</summary>
    private static readonly HashSet<string> LaneHelpers = new(
        Enum.GetNames(typeof(Functions.MathFunction)).Select(name => "Lane" + name), StringComparer.Ordinal);

    /// <summary>Whether generated code may use <paramref name="name"/> (without any '@') for a local of its own.</summary>
    public static bool IsReserved(string name) =>
        Fixed.Contains(name) || LaneHelpers.Contains(name) || StemShape.IsMatch(name) || name.EndsWith("Bar", StringComparison.Ordinal)
        || name.EndsWith(SecondGroupSuffix, StringComparison.Ordinal) || StageSuffixShape.IsMatch(name);

    /// <summary><paramref name="name"/>, or, when it has a reserved shape, the same name with "u" appended.</summary>
    public static string Unreserved(string name) => IsReserved(name) ? name + "u" : name;

    /// <summary>
    /// A local's name as C# source: a verbatim '@' in front of a keyword (the user's <c>@in</c> reaches the
    /// generator as "in"). Names derived by appending (inBar, in_3, inu) stay valid with the '@' in front.
    /// </summary>
    public static string Printable(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.VarKeyword
            ? "@" + name : name;
}
