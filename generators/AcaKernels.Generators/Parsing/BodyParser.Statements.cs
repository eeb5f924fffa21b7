using System.Collections.Generic;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>Statements: declarations, assignments, loops, branches, returns.</summary>
internal sealed partial class BodyParser
{
    /// <summary>Parses a method body; a trailing <c>return value;</c> is handed back when <paramref name="returnsValue"/>.</summary>
    private Block ParseBody(IOperation body, bool returnsValue, out IOperation? returned)
    {
        returned = null;
        IBlockOperation? block = body switch
        {
            IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
            IBlockOperation b => b,
            ILocalFunctionOperation f => f.Body ?? f.IgnoredBody,
            _ => null,
        };
        if (block is null)
            throw Error(DiagnosticDescriptors.UnsupportedStatement, body.Syntax, Text(body), DiagnosticDescriptors.SupportedStatements);
        var statements = new List<IOperation>(block.Operations);
        if (statements.Count > 0 && statements[statements.Count - 1] is IReturnOperation last)
        {
            statements.RemoveAt(statements.Count - 1);
            if (returnsValue) returned = last.ReturnedValue;
        }
        if (returnsValue && returned is null)
            throw Error(DiagnosticDescriptors.UnsupportedHelper, body.Syntax, _inlineStack[_inlineStack.Count - 1].Name,
                "end it with a single 'return expression;' and return nowhere else");
        return ParseStatements(statements);
    }

    private Block ParseStatements(IEnumerable<IOperation> operations)
    {
        List<Stmt> saved = _output;
        _output = new List<Stmt>();
        foreach (IOperation operation in operations)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            try
            {
                ParseStatement(operation);
            }
            catch (ParseException e)
            {
                if (e.Diagnostic is not null && !_diagnostics.Contains(e.Diagnostic)) _diagnostics.Add(e.Diagnostic);
            }
        }
        var block = new Block(_output.ToEquatableArray());
        _output = saved;
        return block;
    }

    private void ParseStatement(IOperation operation)
    {
        switch (operation)
        {
            case IBlockOperation block:
                foreach (IOperation inner in block.Operations) ParseStatement(inner);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (IVariableDeclarationOperation declaration in group.Declarations)
                    foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                        ParseDeclarator(declarator, declarator.Initializer?.Value ?? declaration.Initializer?.Value);
                break;
            case IExpressionStatementOperation { Operation: var expression }:
                ParseExpressionStatement(expression);
                break;
            case IForLoopOperation loop:
                ParseFor(loop);
                break;
            case IConditionalOperation branch:
                ParseIf(branch);
                break;
            case IEmptyOperation:
            case ILocalFunctionOperation:
                break;
            case IReturnOperation when _inlineStack.Count > 1:
                throw Error(DiagnosticDescriptors.UnsupportedHelper, operation.Syntax, _inlineStack[_inlineStack.Count - 1].Name,
                    "end it with a single 'return expression;' and return nowhere else (use a ?: or a local for branches)");
            case IReturnOperation:
                // Returns outside loops are handled by ParseSequence; one inside a loop would need a loop exit.
                throw Error(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, Text(operation),
                    "a 'return' inside a loop is not supported (loops run their constant trip count); move it out of the loop, or guard the rest of the loop body with if/else");
            default:
                throw Error(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, Text(operation), StatementAdvice(operation));
        }
    }

    /// <summary>What to write instead of an unsupported statement.</summary>
    private static string StatementAdvice(IOperation operation) => operation switch
    {
        IWhileLoopOperation or IForEachLoopOperation => "loops must be 'for (int i = A; i < B; i++)' with constant A and B",
        IBranchOperation => "'break', 'continue' and 'goto' are not supported; loops run their constant trip count, guard the rest of the body with if/else",
        ISwitchOperation => "write the cases as if/else",
        _ => DiagnosticDescriptors.SupportedStatements,
    };

    private void ParseDeclarator(IVariableDeclaratorOperation declarator, IOperation? initializer)
    {
        try
        {
            DeclareLocal(declarator, initializer);
        }
        catch (ParseException) when (!_frame.Bindings.ContainsKey(declarator.Symbol))
        {
            // Later uses of this local must not report a second, misleading error (ACA2009 "not a local").
            _frame.Bindings[declarator.Symbol] = new ErrorBinding();
            throw;
        }
    }

    private void DeclareLocal(IVariableDeclaratorOperation declarator, IOperation? initializer)
    {
        ILocalSymbol local = declarator.Symbol;
        if (local.IsConst) return;
        if (local.RefKind != RefKind.None)
            throw Error(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, Shorten(declarator.Syntax.Parent?.ToString() ?? local.Name),
                "ref locals are not supported; use a plain local and assign the element back");
        if (RealType(local.Type) is ScalarType real)
        {
            int id = NewScalar(local.Name, real);
            _frame.Bindings[local] = new ScalarBinding(id, real);
            if (initializer is not null)
                _output.Add(new AssignStmt(new LocalTarget(id), AssignOp.Set, ParseReal(initializer, real)));
            return;
        }
        if (IsInt(local.Type))
        {
            if (initializer is null)
                throw Error(DiagnosticDescriptors.IntegerLocal, declarator.Syntax, local.Name, "give it an initial value");
            _frame.Bindings[local] = new IntBinding(ParseIntInitializer(local, initializer), IsLoopCounter: false);
            return;
        }
        if (SpanType(local.Type) is { } span)
        {
            if (initializer is null)
                throw Error(DiagnosticDescriptors.ParameterMisuse, declarator.Syntax, local.Name, "initialise span locals where they are declared");
            SyntaxNode? valueSyntax = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
            SpanView view = valueSyntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax
                ? ParseStackalloc(local, valueSyntax, initializer, span.Element)
                : ParseView(initializer);
            if (span.Writable && !view.Writable)
                throw Error(DiagnosticDescriptors.ParameterMisuse, declarator.Syntax, local.Name, "only dz and stackalloc arrays are writable");
            _frame.Bindings[local] = new SpanBinding(view with { Writable = span.Writable && view.Writable, Name = local.Name });
            return;
        }
        if (local.Type is IArrayTypeSymbol array && RealType(array.ElementType) is ScalarType element)
            throw Error(DiagnosticDescriptors.HeapArray, declarator.Syntax, Shorten(declarator.Syntax.ToString()),
                $"Span<{Emit.Literals.TypeName(element)}> {local.Name} = stackalloc {Emit.Literals.TypeName(element)}[{ArrayLengthText(initializer)}];");
        throw Error(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, Shorten(declarator.Syntax.ToString()),
            $"a local of type {local.Type.ToDisplayString()} is not supported; locals must be float, double, int (constants and loop counters), Span<T> or ReadOnlySpan<T>");
    }

    /// <summary>The length of a heap array creation as written, for the stackalloc suggestion ("N" when unknown).</summary>
    private static string ArrayLengthText(IOperation? initializer)
    {
        while (initializer is IConversionOperation conversion) initializer = conversion.Operand;
        return initializer switch
        {
            IArrayCreationOperation { DimensionSizes: [{ ConstantValue: { HasValue: true, Value: int n } }] } => n.ToString(),
            IArrayCreationOperation { DimensionSizes: [var size] } => Shorten(size.Syntax.ToString()),
            _ => "N",
        };
    }

    /// <summary>An int local's initializer, which must be affine in the loop counters.</summary>
    private Affine ParseIntInitializer(ILocalSymbol local, IOperation initializer)
    {
        try
        {
            return ParseAffine(initializer);
        }
        catch (ParseException e) when (e.Diagnostic?.Id == DiagnosticDescriptors.NonAffineIndex.Id)
        {
            throw Error(DiagnosticDescriptors.IntegerLocal, initializer.Syntax, local.Name,
                $"'{Text(initializer)}' is not a constant or an affine expression of loop counters; declare '{local.Name}' as double (or float) if it holds a real value");
        }
    }

    private SpanView ParseStackalloc(ILocalSymbol local, SyntaxNode syntax, IOperation initializer, ScalarType element)
    {
        string text = Shorten(syntax.ToString()), typeName = Emit.Literals.TypeName(element);
        if (syntax is not StackAllocArrayCreationExpressionSyntax
            {
                Initializer: null,
                Type: ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [var sizeSyntax] }] } arrayType,
            })
            throw Error(DiagnosticDescriptors.StackallocForm, syntax, text,
                $"initializers are not supported; write 'stackalloc {typeName}[N]' with a constant N and assign the elements");
        SemanticModel? model = initializer.SemanticModel;
        IOperation? sizeOperation = model?.GetOperation(sizeSyntax, _cancellationToken);
        if (!TryConstant(sizeOperation, out int length))
            throw Error(DiagnosticDescriptors.StackallocForm, syntax, text,
                $"its size '{Shorten(sizeSyntax.ToString())}' is not a constant; write 'stackalloc {typeName}[N]' with N a literal, a const or a constant int local");
        if (length < 0)
            throw Error(DiagnosticDescriptors.StackallocForm, syntax, text, $"its size {length} is negative");
        if (RealType(model?.GetTypeInfo(arrayType.ElementType).Type) != element)
            throw Error(DiagnosticDescriptors.StackallocForm, syntax, text, $"its element type must be {typeName}, the span's");
        if (_controlDepth > 0)
            throw Error(DiagnosticDescriptors.StackallocPlacement, syntax, text);
        int id = _arrays.Count;
        _arrays.Add(new ArrayVariable(id, UniqueName(local.Name), element, length));
        return new SpanView(SpanSource.LocalArray, id, Affine.Of(0), length, true, local.Name, KnownLength: true);
    }

    private void ParseExpressionStatement(IOperation expression)
    {
        switch (expression)
        {
            case ISimpleAssignmentOperation { IsRef: false } assignment:
            {
                (Target target, ScalarType type, _) = ParseTarget(assignment.Target);
                _output.Add(new AssignStmt(target, AssignOp.Set, ParseReal(assignment.Value, type)));
                break;
            }
            case ICompoundAssignmentOperation compound when compound.OperatorMethod is null
                && compound.InConversion.IsIdentity && compound.OutConversion.IsIdentity:
            {
                (Target target, ScalarType type, Func<Expr> read) = ParseTarget(compound.Target);
                // C# reads the target before the value; a helper in the value may write that array element.
                if (MayChangeBefore(target, compound.Value)
                    && compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract
                        or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide)
                {
                    Expr before = Spill(read());
                    BinaryOp combine = BinaryOpOf(compound.OperatorKind)!.Value;
                    _output.Add(new AssignStmt(target, AssignOp.Set, new BinaryExpr(type, combine, before, ParseReal(compound.Value, type))));
                    break;
                }
                Expr value = ParseReal(compound.Value, type);
                switch (compound.OperatorKind)
                {
                    case BinaryOperatorKind.Add:
                        _output.Add(new AssignStmt(target, AssignOp.Add, value));
                        break;
                    case BinaryOperatorKind.Subtract:
                        _output.Add(new AssignStmt(target, AssignOp.Subtract, value));
                        break;
                    case BinaryOperatorKind.Multiply:
                    case BinaryOperatorKind.Divide:
                        BinaryOp op = compound.OperatorKind == BinaryOperatorKind.Multiply ? BinaryOp.Multiply : BinaryOp.Divide;
                        Expr old = read();
                        _output.Add(new AssignStmt(target, AssignOp.Set, new BinaryExpr(type, op, old, value)));
                        break;
                    default:
                        throw Error(DiagnosticDescriptors.UnsupportedExpression, expression.Syntax, Text(expression));
                }
                break;
            }
            case IIncrementOrDecrementOperation step:
            {
                // x++ / ++x / x-- / --x as a statement: x = x ± 1 (exactly what C# computes for float and double).
                (Target target, ScalarType type, _) = ParseTarget(step.Target);
                _output.Add(new AssignStmt(target, step.Kind == OperationKind.Increment ? AssignOp.Add : AssignOp.Subtract,
                    new ConstExpr(type, 1)));
                break;
            }
            case IInvocationOperation invocation:
                InlineHelper(invocation, wantsValue: false);
                break;
            default:
                throw Error(DiagnosticDescriptors.UnsupportedStatement, expression.Syntax, Text(expression), DiagnosticDescriptors.SupportedStatements);
        }
    }

    /// <summary>An assignable location: a scalar local, dz[i] or a local array element.</summary>
    private (Target Target, ScalarType Type, Func<Expr> Read) ParseTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation:
            {
                ISymbol symbol = target is ILocalReferenceOperation l ? l.Local : ((IParameterReferenceOperation)target).Parameter;
                Binding? binding = Lookup(symbol, target);
                switch (binding)
                {
                    case ScalarBinding s:
                        return (new LocalTarget(s.Variable), s.Type, () => new LocalExpr(s.Type, s.Variable));
                    case IntBinding { IsLoopCounter: true }:
                        throw Error(DiagnosticDescriptors.UnsupportedLoop, target.Syntax.Parent ?? target.Syntax, symbol.Name);
                    case IntBinding:
                        throw Error(DiagnosticDescriptors.IntegerLocal, target.Syntax, symbol.Name, "declare a new local instead of assigning");
                    default:
                        throw Error(DiagnosticDescriptors.ParameterMisuse, target.Syntax, symbol.Name, "copy it into a new local to change it");
                }
            }
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance, Arguments: [var argument] } indexer
                when SpanType(instance.Type) is not null:
            {
                SpanView view = ParseView(instance);
                Affine index = ParseIndex(argument.Value, view, indexer.Syntax);
                ScalarType type = SpanType(instance.Type)!.Value.Element;
                switch (view.Source)
                {
                    case SpanSource.Output:
                        return (new OutputTarget(index), type, () => throw Error(DiagnosticDescriptors.ReadsOutput, target.Syntax, Text(target)));
                    case SpanSource.LocalArray when view.Writable:
                        return (new ArrayTarget(view.Array, index), type, () => new ArrayExpr(type, view.Array, index));
                    default:
                        throw Error(DiagnosticDescriptors.ParameterMisuse, target.Syntax, view.Name, "it is read-only: write to dz or to a stackalloc array");
                }
            }
            case IArrayElementReferenceOperation element:
                if (element.ArrayReference is ILocalReferenceOperation array)
                    Lookup(array.Local, array); // a rejected heap array declaration: already reported
                throw Error(DiagnosticDescriptors.TableMisuse, target.Syntax, Text(target),
                    "[OdeDynamics] code reads arrays but never writes them (tables are constants); copy the values into a stackalloc Span<T> to change them");
            default:
                throw Error(DiagnosticDescriptors.UnsupportedStatement, target.Syntax.Parent ?? target.Syntax, Text(target.Parent ?? target),
                    $"'{Text(target)}' cannot be assigned; assign scalar locals, dz[i] and elements of stackalloc arrays");
        }
    }

    private void ParseFor(IForLoopOperation loop)
    {
        long count = -1;
        if (loop.Before is not [IVariableDeclarationGroupOperation { Declarations: [{ Declarators: [var declarator] } declaration] }]
            || !IsInt(declarator.Symbol.Type)
            || !TryConstant(declarator.Initializer?.Value ?? declaration.Initializer?.Value, out int start)
            || loop.Condition is null
            || !TryLoopBound(loop.Condition, declarator.Symbol, out CompareOp op, out int bound)
            || loop.AtLoopBottom is not [IExpressionStatementOperation { Operation: var increment }]
            || !TryLoopStep(increment, declarator.Symbol, out int step)
            || (count = TripCount(start, op, bound, step)) < 0)
            throw Error(DiagnosticDescriptors.UnsupportedLoop, LoopHeader(loop), LoopText(loop));
        if (count > MaxTrips)
            throw Error(DiagnosticDescriptors.LoopTooLong, LoopHeader(loop), LoopText(loop), count.ToString(), MaxTrips.ToString());
        int trips = (int)count;
        if (trips == 0) return;
        int id = _loops.Count;
        _loops.Add(new LoopVariable(id, UniqueName(declarator.Symbol.Name)));
        int last = start + (trips - 1) * step;
        _loopRanges[id] = (System.Math.Min(start, last), System.Math.Max(start, last));
        _frame.Bindings[declarator.Symbol] = new IntBinding(Affine.Variable(id), IsLoopCounter: true);
        _controlDepth++;
        Block body = ParseStatements([loop.Body]);
        _controlDepth--;
        var statement = new ForStmt(id, start, step, trips, body);
        RememberLoop(statement, loop);
        _output.Add(statement);
    }

    private static SyntaxNode LoopHeader(IForLoopOperation loop) =>
        loop.Syntax is ForStatementSyntax f ? (SyntaxNode?)f.Condition ?? f : loop.Syntax;

    private static string LoopText(IForLoopOperation loop) =>
        loop.Syntax is ForStatementSyntax f
            ? Shorten($"for ({f.Declaration}; {f.Condition}; {string.Join(", ", f.Incrementors)})")
            : Text(loop);

    /// <summary>An integer that is constant here: a literal, a const, or an int local/parameter bound to a constant.</summary>
    private bool TryConstant(IOperation? operation, out int value)
    {
        value = 0;
        if (operation is null) return false;
        if (operation.ConstantValue is { HasValue: true, Value: int constant })
        {
            value = constant;
            return true;
        }
        try
        {
            Affine affine = ParseAffine(operation);
            value = affine.Constant;
            return affine.IsConstant;
        }
        catch (ParseException e) when (e.Diagnostic?.Id != DiagnosticDescriptors.CallerSpanLength.Id
            && e.Diagnostic?.Id != DiagnosticDescriptors.TableMisuse.Id)
        {
            // Not constant; the caller reports what it needed. An unknowable Length is reported as itself.
            return false;
        }
    }

    private bool TryLoopBound(IOperation condition, ILocalSymbol counter, out CompareOp op, out int bound)
    {
        op = default;
        bound = 0;
        if (condition is not IBinaryOperation binary || CompareOpOf(binary.OperatorKind) is not CompareOp found)
            return false;
        if (IsCounter(binary.LeftOperand, counter) && TryConstant(binary.RightOperand, out int right))
        {
            op = found;
            bound = right;
            return true;
        }
        if (IsCounter(binary.RightOperand, counter) && TryConstant(binary.LeftOperand, out int left))
        {
            op = Flip(found);
            bound = left;
            return true;
        }
        return false;
    }

    private bool TryLoopStep(IOperation increment, ILocalSymbol counter, out int step)
    {
        step = 0;
        switch (increment)
        {
            case IIncrementOrDecrementOperation inc when IsCounter(inc.Target, counter):
                step = inc.Kind == OperationKind.Increment ? 1 : -1;
                return true;
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } c
                when IsCounter(c.Target, counter) && TryConstant(c.Value, out int amount):
                step = c.OperatorKind == BinaryOperatorKind.Add ? amount : -amount;
                return step != 0;
            default:
                return false;
        }
    }

    /// <summary>The number of iterations, or -1 when the loop never ends.</summary>
    private static long TripCount(int start, CompareOp op, int bound, int step)
    {
        long count = (op, step > 0) switch
        {
            (CompareOp.Less, true) => bound > start ? ((long)bound - start + step - 1) / step : 0,
            (CompareOp.LessOrEqual, true) => bound >= start ? ((long)bound - start) / step + 1 : 0,
            (CompareOp.Greater, false) => start > bound ? ((long)start - bound - step - 1) / -step : 0,
            (CompareOp.GreaterOrEqual, false) => start >= bound ? ((long)start - bound) / -step + 1 : 0,
            (CompareOp.NotEqual, _) when ((long)bound - start) % step == 0 && ((long)bound - start) / step >= 0 => ((long)bound - start) / step,
            _ => -1,
        };
        return count;
    }

    private static bool IsCounter(IOperation operation, ILocalSymbol counter) =>
        operation is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, counter);

    private void ParseIf(IConditionalOperation branch)
    {
        Cond condition = ParseCond(branch.Condition);
        _controlDepth++;
        Block then = ParseStatements([branch.WhenTrue]);
        Block otherwise = branch.WhenFalse is null ? Block.Empty : ParseStatements([branch.WhenFalse]);
        _controlDepth--;
        _output.Add(new IfStmt(condition, then, otherwise));
    }
}
