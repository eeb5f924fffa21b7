using System.Collections.Generic;
using AcaKernels.Generators.Diagnostics;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AcaKernels.Generators.Parsing;

/// <summary>
/// Early <c>return</c> in the dynamics method. The IR has no jumps, so a branch that may return takes the rest of
/// the method with it: <c>if (c) { A; return; } R</c> becomes <c>if (c) { A } else { R }</c>, and in general the
/// statements after a returning if/else are parsed into both of its branches (each copy stops at its own
/// return). The copies are exactly the paths C# runs; a return inside a loop is diagnosed.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Most nested if/else splits whose branches both fall through into the rest (each doubles it).</summary>
    private const int MaxDuplicatingSplits = 6;

    private int _duplicatingSplits;

    /// <summary>A statement still to parse, with the loop/branch depth it sits at in the source.</summary>
    private readonly record struct Pending(IOperation Operation, int Depth);

    /// <summary>Parses the body of the [OdeDynamics] method itself (helpers use <see cref="ParseBody"/>).</summary>
    private Block ParseMethodBody(IOperation body)
    {
        IBlockOperation? block = body switch
        {
            IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
            IBlockOperation b => b,
            _ => null,
        };
        if (block is null)
            throw Error(DiagnosticDescriptors.UnsupportedStatement, body.Syntax, Text(body), DiagnosticDescriptors.SupportedStatements);
        return ParseSequence(block.Operations.Select(o => new Pending(o, 0)).ToList());
    }

    private Block ParseSequence(List<Pending> pending)
    {
        List<Stmt> saved = _output;
        int savedDepth = _controlDepth;
        _output = new List<Stmt>();
        for (int k = 0; k < pending.Count; k++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            (IOperation operation, int depth) = pending[k];
            _controlDepth = depth;
            if (operation is IReturnOperation) break; // the rest of this path is skipped
            if (operation is IBlockOperation inner && MayReturn(inner))
            {
                pending.InsertRange(k + 1, inner.Operations.Select(o => new Pending(o, depth)));
                continue;
            }
            if (operation is IConditionalOperation branch && MayReturn(branch))
            {
                List<Pending> rest = pending.GetRange(k + 1, pending.Count - k - 1);
                // The rest is parsed once per branch that can reach it; when both can, the code doubles.
                bool duplicates = rest.Count != 0 && !EndsInReturn(branch.WhenTrue)
                    && (branch.WhenFalse is null || !EndsInReturn(branch.WhenFalse));
                if (duplicates) _duplicatingSplits++;
                try
                {
                    if (_duplicatingSplits > MaxDuplicatingSplits)
                        throw Error(DiagnosticDescriptors.UnsupportedStatement, branch.Syntax, Shorten(branch.Syntax.ToString()),
                            $"more than {MaxDuplicatingSplits} nested ifs that return on some paths and fall through on others would copy the rest of the method 2^{MaxDuplicatingSplits + 1} times; end each branch with a return or put the rest in an else");
                    Cond condition = ParseCond(branch.Condition);
                    var then = new List<Pending> { new(branch.WhenTrue, depth + 1) };
                    then.AddRange(rest);
                    var otherwise = new List<Pending>();
                    if (branch.WhenFalse is not null) otherwise.Add(new Pending(branch.WhenFalse, depth + 1));
                    otherwise.AddRange(rest);
                    _output.Add(new IfStmt(condition, ParseSequence(then), ParseSequence(otherwise)));
                }
                catch (ParseException e)
                {
                    Report(e);
                }
                finally
                {
                    if (duplicates) _duplicatingSplits--;
                }
                break; // the rest was parsed into both branches
            }
            try
            {
                ParseStatement(operation);
            }
            catch (ParseException e)
            {
                Report(e);
            }
        }
        var block = new Block(_output.ToEquatableArray());
        _output = saved;
        _controlDepth = savedDepth;
        return block;
    }

    private void Report(ParseException e)
    {
        // The statements after a returning branch are parsed once per path: report each problem once.
        if (e.Diagnostic is not null && !_diagnostics.Contains(e.Diagnostic)) _diagnostics.Add(e.Diagnostic);
    }

    /// <summary>Whether every path through <paramref name="operation"/> ends in a return.</summary>
    private static bool EndsInReturn(IOperation operation) => operation switch
    {
        IReturnOperation => true,
        IBlockOperation { Operations: { Length: > 0 } operations } => EndsInReturn(operations[operations.Length - 1]),
        IConditionalOperation { WhenFalse: { } whenFalse } branch => EndsInReturn(branch.WhenTrue) && EndsInReturn(whenFalse),
        _ => false,
    };

    /// <summary>Whether a return statement occurs in <paramref name="operation"/> outside loops (a return inside
    /// a loop is left to <see cref="ParseStatement"/>, which reports it).</summary>
    private static bool MayReturn(IOperation operation) => operation switch
    {
        IReturnOperation => true,
        ILoopOperation or ILocalFunctionOperation or IAnonymousFunctionOperation => false,
        _ => operation.ChildOperations.Any(MayReturn),
    };
}
