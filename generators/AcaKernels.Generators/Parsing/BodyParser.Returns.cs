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
                try
                {
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

    /// <summary>Whether a return statement occurs in <paramref name="operation"/> outside loops (a return inside
    /// a loop is left to <see cref="ParseStatement"/>, which reports it).</summary>
    private static bool MayReturn(IOperation operation) => operation switch
    {
        IReturnOperation => true,
        ILoopOperation or ILocalFunctionOperation or IAnonymousFunctionOperation => false,
        _ => operation.ChildOperations.Any(MayReturn),
    };
}
