using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Ir;

/// <summary>A loop enclosing a taped site, as the forward sweep runs it: iteration k of it has counter
/// Start + k·Step (the reverse sweep runs the same loop backwards and still finds iteration k's slot).</summary>
internal sealed record SlotLoop(int LoopVariable, int Start, int Step, int Trips);

/// <summary>
/// One execution's slot of a taped site: Base + the linear index of the iteration of <paramref name="Loops"/>
/// (outermost first; the innermost varies fastest). A straight-line body has no loops, so the slot is Base.
/// </summary>
internal sealed record TapeSlot(long Base, EquatableArray<SlotLoop> Loops);

/// <summary>The value saved in a tape slot (the tape holds values of one type, see the VJP's TapeType).</summary>
internal sealed record TapeExpr(ScalarType Type, TapeSlot Slot) : Expr(Type);

/// <summary>Writes a tape slot (the forward sweep saves a value the reverse sweep restores).</summary>
internal sealed record TapeTarget(TapeSlot Slot) : Target;

/// <summary>Accumulates into the gradient of an input: ∂/∂z[Index] or ∂/∂p[Index] (only with +=).</summary>
internal sealed record GradientTarget(InputKind Input, Affine Index) : Target;

/// <summary>The branch decision saved in a flag slot.</summary>
internal sealed record FlagCond(TapeSlot Slot) : Cond;

/// <summary>Saves a branch decision into a flag slot.</summary>
internal sealed record SaveFlagStmt(TapeSlot Slot, Cond Condition) : Stmt;

/// <summary>The reverse-sweep statements of one forward assignment (<paramref name="Origin"/>, kept so that a
/// printer can say where they come from). Only a grouping: it has no effect of its own.</summary>
internal sealed record GroupStmt(AssignStmt Origin, Block Body) : Stmt;
