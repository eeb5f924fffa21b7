using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

internal sealed partial class ReverseMode
{
    /// <summary>
    /// The reverse sweep of one assignment: names the intermediate values the adjoint rules read (temporaries
    /// "r"), then pushes the adjoint through the right-hand side (temporaries "g"). Named nodes are found by
    /// identity, and every later expression that contains one reads the temporary instead.
    /// </summary>
    private sealed class AssignmentSweep
    {
        private readonly ReverseMode _pass;
        private readonly Dictionary<Expr, Expr> _named = new(ReferenceComparer<Expr>.Instance);
        private readonly HashSet<Expr> _known = new(ReferenceComparer<Expr>.Instance);
        private readonly Substitution _substitution;
        private List<Stmt> _body;

        public AssignmentSweep(ReverseMode pass, List<Stmt> body)
        {
            _pass = pass;
            _body = body;
            _substitution = new Substitution(this);
        }

        /// <summary>A fresh temporary holding <paramref name="value"/>, assigned here (and nowhere else).</summary>
        public LocalExpr Temporary(string stem, Expr value)
        {
            int id = _pass.Add(new ScalarVariable(_pass._scalars.Count, stem, value.Type));
            _body.Add(new AssignStmt(new LocalTarget(id), AssignOp.Set, value));
            return new LocalExpr(value.Type, id);
        }

        /// <summary>Names <paramref name="e"/> by <paramref name="value"/>, an expression already holding its bits (the
        /// target it was assigned to): <see cref="Primal"/> then does not compute it again.</summary>
        public void Known(Expr e, Expr value)
        {
            _named[e] = value;
            _known.Add(e);
        }

        /// <summary><paramref name="e"/> with its named subexpressions read from their temporaries.</summary>
        private Expr Value(Expr e) => _substitution.Rewrite(e);

        /// <summary>Names the non-leaf nodes of <paramref name="e"/> whose values the adjoint rules read: operands
        /// of products, divisors and quotients, call arguments and results, and <paramref name="valueNeeded"/>
        /// (the node's own value is read by its parent's rule). Sums, negations and conversions only pass adjoints
        /// through, so their values are not named.</summary>
        public void Primal(Expr e, bool valueNeeded)
        {
            bool named = valueNeeded;
            switch (e)
            {
                case NegateExpr n:
                    Primal(n.Operand, false);
                    break;
                case ConvertExpr c:
                    Primal(c.Operand, false);
                    break;
                case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b:
                    Primal(b.Left, false);
                    Primal(b.Right, false);
                    break;
                case BinaryExpr { Op: BinaryOp.Multiply } b:
                    Primal(b.Left, !Dependencies.IsConstant(b.Right));
                    Primal(b.Right, !Dependencies.IsConstant(b.Left));
                    break;
                case BinaryExpr b:
                    // ∂/∂left = 1/right, ∂/∂right = -(left/right)/right: the divisor always, the quotient for the right.
                    Primal(b.Left, false);
                    Primal(b.Right, true);
                    named |= !Dependencies.IsConstant(b.Right);
                    break;
                case CallExpr call:
                    // A known result needs its arguments only where a partial reads them (√ and exp do not).
                    bool known = _known.Contains(call);
                    for (int k = 0; k < call.Arguments.Count; k++) Primal(call.Arguments[k], !known || PartialsRead(call, k));
                    named = true;
                    break;
                case SelectExpr s:
                    Primal(s.WhenTrue, valueNeeded);
                    Primal(s.WhenFalse, valueNeeded);
                    break;
                default:
                    return;
            }
            if (!named || Dependencies.IsConstant(e) || _known.Contains(e)) return;
            _named[e] = Temporary("r", Value(e));
        }

        /// <summary>Whether a partial derivative of <paramref name="call"/> reads argument <paramref name="k"/>.</summary>
        private static bool PartialsRead(CallExpr call, int k)
        {
            var finder = new PlaceholderFinder(k);
            foreach (Expr partial in KnownMathFunctions.Get(call.Function).Partials(call.Type)) finder.Visit(partial);
            return finder.Found;
        }

        private sealed class PlaceholderFinder(int index) : IrWalker
        {
            public bool Found { get; private set; }

            public override void Visit(Expr e)
            {
                if (e is PlaceholderExpr p && p.Index == index) Found = true;
                base.Visit(e);
            }
        }

        /// <summary>Adds adjoint <paramref name="g"/> (a temporary, or any expression for a leaf) into
        /// <paramref name="e"/>'s inputs.</summary>
        public void Adjoint(Expr e, Expr g)
        {
            if (Dependencies.IsConstant(e)) return;
            switch (e)
            {
                case TimeExpr:
                    if (_pass._timeGradient) Accumulate(new LocalTarget(_pass._timeAdjoint), g);
                    return;
                case InputExpr i:
                    Accumulate(new GradientTarget(i.Input, i.Index), g);
                    return;
                case LocalExpr l:
                    Accumulate(new LocalTarget(_pass._scalarAdjoints[l.Variable]), g);
                    return;
                case ArrayExpr a:
                    Accumulate(new ArrayTarget(_pass._arrayAdjoints[a.Array], a.Index), g);
                    return;
                case NegateExpr n:
                    Push(n.Operand, new NegateExpr(n.Type, g));
                    return;
                case ConvertExpr c:
                    Push(c.Operand, new ConvertExpr(c.Operand.Type, g));
                    return;
                case BinaryExpr b:
                    Expr left = Value(b.Left), right = Value(b.Right);
                    switch (b.Op)
                    {
                        case BinaryOp.Add:
                            Push(b.Left, g);
                            Push(b.Right, g);
                            break;
                        case BinaryOp.Subtract:
                            Push(b.Left, g);
                            Push(b.Right, new NegateExpr(b.Type, g));
                            break;
                        case BinaryOp.Multiply:
                            Push(b.Left, Times(g, right));
                            Push(b.Right, Times(g, left));
                            break;
                        default:
                            DivideAdjoint(b, g, right);
                            break;
                    }
                    return;
                case CallExpr call:
                    Expr[] partials = KnownMathFunctions.Get(call.Function).Partials(call.Type);
                    var rule = new RuleFiller(index => Value(index < 0 ? call : call.Arguments[index]));
                    for (int k = 0; k < call.Arguments.Count; k++)
                        Push(call.Arguments[k], Scale(g, partials[k], rule));
                    return;
                case SelectExpr s:
                    Cond condition = _substitution.Rewrite(s.Condition);
                    List<Stmt> outer = _body, whenTrue = new(), whenFalse = new();
                    _body = whenTrue;
                    Push(s.WhenTrue, g);
                    _body = whenFalse;
                    Push(s.WhenFalse, g);
                    _body = outer;
                    _body.Add(new IfStmt(condition, new Block(whenTrue.ToEquatableArray()), new Block(whenFalse.ToEquatableArray())));
                    return;
                default:
                    throw IrWalker.Unknown(e);
            }
        }

        /// <summary>
        /// q = a/b: ∂q/∂a = 1/b, ∂q/∂b = −q/b, with as few divides as the operands allow (a divide costs several
        /// multiplies' throughput in lane code). Both operands variable: g/b once, into a temporary both terms read.
        /// q = 1/b read back (the three-body's 1/r³): −g·q·q, no divide. Otherwise one divide per variable operand.
        /// </summary>
        private void DivideAdjoint(BinaryExpr b, Expr g, Expr right)
        {
            Expr quotient = Value(b);
            bool leftVaries = !Dependencies.IsConstant(b.Left), rightVaries = !Dependencies.IsConstant(b.Right);
            if (leftVaries && rightVaries)
            {
                Expr perDivisor = Temporary("g", new BinaryExpr(b.Type, BinaryOp.Divide, g, right));
                Push(b.Left, perDivisor);
                Push(b.Right, new NegateExpr(b.Type, Times(perDivisor, quotient)));
                return;
            }
            if (leftVaries)
            {
                Push(b.Left, new BinaryExpr(b.Type, BinaryOp.Divide, g, right));
                return;
            }
            if (b.Left is ConstExpr { Value: 1 } && quotient is LocalExpr or ArrayExpr)
                Push(b.Right, new NegateExpr(b.Type, Times(Times(g, quotient), quotient)));
            else
                Push(b.Right, new BinaryExpr(b.Type, BinaryOp.Divide, new NegateExpr(b.Type, Times(g, quotient)), right));
        }

        /// <summary>c = K/(…) as K·b^p (<see cref="PowerChains"/>): pushes c̄·∂c/∂b, a product of c
        /// (<paramref name="c"/>, its value read back) and the rule's target (b, or r pre-scaled), into that target.</summary>
        public void PowerAdjoint(PowerRule rule, Expr c, Expr g)
        {
            (int cs, int intos, double coefficient) = rule.Monomial();
            Expr monomial = c;
            for (int k = 1; k < cs; k++) monomial = Times(monomial, c);
            for (int k = 0; k < intos; k++) monomial = Times(monomial, rule.Into);
            double exact = c.Type == ScalarType.Single ? (float)coefficient : coefficient;
            Expr scaled = Temporary("g", Times(g, new ConstExpr(c.Type, exact)));
            Push(rule.Into, Times(scaled, monomial));
        }

        /// <summary>target += g; a product term g·x as target = fma(g, x, target) (<see cref="AssignOp.MultiplyAdd"/>),
        /// the rule every step-VJP accumulation follows too.</summary>
        private void Accumulate(Target target, Expr g) =>
            _body.Add(new AssignStmt(target, g is BinaryExpr { Op: BinaryOp.Multiply } ? AssignOp.MultiplyAdd : AssignOp.Add, g));

        private static Expr Times(Expr g, Expr factor) => new BinaryExpr(factor.Type, BinaryOp.Multiply, g, factor);

        /// <summary>g·∂, simplifying a branch-wise partial (Abs, Min, Max) into a choice between g, -g and 0.</summary>
        private Expr Scale(Expr g, Expr partial, RuleFiller rule)
        {
            if (partial is ConstExpr { Value: 1 }) return g;
            if (partial is SelectExpr { WhenTrue: ConstExpr a, WhenFalse: ConstExpr b } select)
                return new SelectExpr(partial.Type, rule.Rewrite(select.Condition), Times(g, a), Times(g, b));
            return Times(g, ShareRepeatedCalls(rule.Rewrite(partial)));
        }

        /// <summary>
        /// A call that a filled-in rule makes more than once with the same arguments (tanh's 1/(cosh a·cosh a)) is
        /// made once, into a temporary "r" the rule then reads: math calls are pure, so the value is the same bits,
        /// and in lane code each call is 8 scalar calls of an opaque helper, which the JIT cannot merge.
        /// </summary>
        private Expr ShareRepeatedCalls(Expr rule)
        {
            var counter = new CallCounter();
            counter.Visit(rule);
            var shared = new Dictionary<Expr, Expr>();
            foreach (KeyValuePair<CallExpr, int> call in counter.Counts)
                if (call.Value > 1) shared[call.Key] = Temporary("r", call.Key);
            return shared.Count == 0 ? rule : new Sharing(shared).Rewrite(rule);
        }

        /// <summary>How often each call occurs (structurally equal calls count together).</summary>
        private sealed class CallCounter : IrWalker
        {
            public Dictionary<CallExpr, int> Counts { get; } = new();

            public override void Visit(Expr e)
            {
                if (e is CallExpr call) Counts[call] = Counts.TryGetValue(call, out int count) ? count + 1 : 1;
                base.Visit(e);
            }
        }

        /// <summary>Replaces the shared calls with their temporaries.</summary>
        private sealed class Sharing(Dictionary<Expr, Expr> shared) : IrRewriter
        {
            public override Expr Rewrite(Expr e) => shared.TryGetValue(e, out Expr? local) ? local : base.Rewrite(e);
        }

        private static Expr Times(Expr g, ConstExpr c) => c.Value switch
        {
            1 => g,
            -1 => new NegateExpr(c.Type, g),
            0 => new ConstExpr(c.Type, 0),
            _ => new BinaryExpr(c.Type, BinaryOp.Multiply, g, c),
        };

        /// <summary>Sends <paramref name="adjoint"/> into <paramref name="e"/>, through a temporary when
        /// <paramref name="e"/> is not a leaf and the adjoint is not one already.</summary>
        private void Push(Expr e, Expr adjoint)
        {
            if (Dependencies.IsConstant(e)) return;
            if (e is TimeExpr or InputExpr or LocalExpr or ArrayExpr || adjoint is LocalExpr)
            {
                Adjoint(e, adjoint);
                return;
            }
            Adjoint(e, Temporary("g", adjoint));
        }

        /// <summary>Replaces named nodes (by identity) with their temporaries.</summary>
        private sealed class Substitution(AssignmentSweep sweep) : IrRewriter
        {
            public override Expr Rewrite(Expr e) =>
                sweep._named.TryGetValue(e, out Expr? value) ? value : base.Rewrite(e);
        }

        /// <summary>Fills the placeholders of a derivative rule: argument k, or the call's result for -1.</summary>
        private sealed class RuleFiller(Func<int, Expr> value) : IrRewriter
        {
            public override Expr Rewrite(Expr e) => e is PlaceholderExpr p ? value(p.Index) : base.Rewrite(e);
        }
    }
}
