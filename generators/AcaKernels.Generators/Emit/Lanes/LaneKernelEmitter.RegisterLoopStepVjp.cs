using System.Collections.Generic;
using AcaKernels.Generators.Passes.Reverse;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Every lane step-VJP hook of a system. A straight-line body gets the one-method register kernels where they fit: the
/// plain kernel within the lane budget (<see cref="RegisterForm.FitsLaneStepVjp"/>, which admits the three-body
/// problem's Dormand-Prince 5: n = 12, s = 7), the one with time terms within the fused budget
/// (<see cref="RegisterForm.Fits"/>). Beyond them it gets the loop kernels (<see cref="EmitLoopStepVjp"/>) around the
/// register VJP printed on vectors, as its scalar kernels call the register VectorJacobianProduct per stage; in both
/// forms the replay keeps f's roots and quotients for the stage VJPs (the KeptReplay part). A loop body gets the loop
/// kernels around its loop VJP.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>TryLaneStepVjp and TryLaneStepVjpWithTime with their kernels, then VectorJacobianProductLanes when a
    /// loop kernel calls it; nothing when no VJP prints in lane form.</summary>
    private void EmitStepVjps(IReadOnlyList<FusedTableau> tableaus)
    {
        FusedTableau[] straight = StepVjpTableaus(tableaus);
        VjpFunction? loopVjp = _registers is null ? LoopVjp() : VjpWithTime();
        FusedTableau[] all = loopVjp is null ? straight : [.. tableaus];
        if (all.Length == 0) return;
        bool InRegisters(FusedTableau fused) => straight.Contains(fused);
        // The kernels with time terms keep the fused budget: on the three-body problem the straight-line one gained
        // nothing (RESULTS.md §18) and its IL (58 KB for Tsitouras 5) is next to the JIT's 60 KB switch to MinOpts.
        bool WithTimeInRegisters(FusedTableau fused) => InRegisters(fused) && (loopVjp is null || _registers!.Fits(fused.Tableau));

        EmitStepVjpDispatch(all);
        foreach (FusedTableau fused in all)
        {
            if (InRegisters(fused)) EmitRegisterStepVjp(fused.Tableau, _registers!, _vjp!);
            else EmitLoopStepVjp(fused.Tableau, timeTerms: false);
        }

        // The register kernels with time terms inline the VJP that accumulates ∂/∂t; without it they have none.
        VjpFunction? registerWithTime = straight.Length != 0 ? VjpWithTime() : null;
        FusedTableau[] withTime = all.Where(fused => !WithTimeInRegisters(fused) || registerWithTime is not null).ToArray();
        if (withTime.Length != 0)
        {
            _code.Line();
            TableauDispatch.Emit(_code, "TryLaneStepVjpWithTime",
                $"{_v} t, {_v} h, {_ros} z, {_ros} p, {_ros} adjointOut, {_span} adjointIn, {_span} gradP, {_span} scratch, out {_v} gradH, out {_v} gradT",
                "StepVjpWithTimeLanes", "t, h, z, p, adjointOut, adjointIn, gradP, scratch, out gradH, out gradT", withTime, "gradH", "gradT");
            foreach (FusedTableau fused in withTime)
            {
                if (WithTimeInRegisters(fused)) EmitRegisterStepVjp(fused.Tableau, _registers!, registerWithTime!, timeTerms: true);
                else EmitLoopStepVjp(fused.Tableau, timeTerms: true);
            }
        }

        if (_registers is not { } form)
        {
            EmitLoopVjp(loopVjp!);
            long keptSlots = 0;
            if (LoopKept() is { } loopKept)
            {
                // The replay keeps f's costly values per stage after the VJP's workspace (LoopKeptReplay part).
                EmitEvaluateKeepingLoop(loopKept);
                EmitLoopVjp(loopKept.Vjp, loopKept);
                keptSlots = all.Max(fused => (long)loopKept.Length * fused.Tableau.Stages);
            }
            EmitWorkspaceLength(LoopVjpWorkspace + keptSlots);
            return;
        }
        if (all.Any(fused => !WithTimeInRegisters(fused)))
        {
            EmitRegisterLoopVjp(form, loopVjp!);
            if (Kept() is { } kept)
            {
                EmitEvaluateKeeping(form, kept);
                EmitRegisterLoopVjpKept(form, kept);
            }
        }
        // Either form's replay keeps f's values per stage in the scratch's tail when it keeps any (KeptReplay part).
        int KeptPerStage(FusedTableau fused) => Math.Max(InRegisters(fused) ? KeptFor(_vjp!)?.Count ?? 0 : Kept()?.Count ?? 0,
            WithTimeInRegisters(fused) && registerWithTime is null ? 0 : Kept()?.Count ?? 0);
        // The register kernels of large systems add their step-scaled coefficients (StepScales part) after the kept values.
        long keptVectors = all.Max(fused => (long)KeptPerStage(fused) * fused.Tableau.Stages
            + (InRegisters(fused) ? StepScaleVectors(fused.Tableau) : 0));
        if (keptVectors != 0) EmitWorkspaceLength(keptVectors);
    }

    /// <summary>
    /// VectorJacobianProductLanes of a straight-line body: the scalar register VectorJacobianProduct (OdeStructEmitter)
    /// on vectors. Inputs, seed and the gradient accumulators of the components f reads are loaded into locals, the
    /// VJP IR with ∂/∂t runs inline, and the accumulators go back: every gradient element receives its terms in the
    /// scalar method's order, so each lane returns its bits.
    /// </summary>
    private void EmitRegisterLoopVjp(RegisterForm form, VjpFunction vjp)
    {
        OpenLaneVjp("straight-line, as the scalar VectorJacobianProduct, whose bits each lane computes.", workspace: null);
        EmitRegisterVjpBody(form, vjp);
    }

    /// <summary>
    /// The body of a straight-line lane VJP after its own loads: the inputs f reads, the seed and the gradient
    /// accumulators into locals, the VJP IR inline, the accumulators back, tBar returned, the method closed.
    /// </summary>
    private void EmitRegisterVjpBody(RegisterForm form, VjpFunction vjp)
    {
        int n = N;
        if (form.UsedState.Length != 0)
        {
            _code.Line($"{_v} " + string.Join(", ", form.UsedState.Select(j => $"z{j} = z[{j}]")) + ";");
            _code.Line($"{_v} " + string.Join(", ", form.UsedState.Select(j => $"gz{j} = gradZ[{j}]")) + ";");
        }
        if (form.UsedParameters.Length != 0)
        {
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"p{q} = p[{q}]")) + ";");
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"gp{q} = gradP[{q}]")) + ";");
        }
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"v{j} = v[{j}]")) + ";");
        _used.UnionWith(LaneVjpPrinter.EmitRegisterBody(vjp, form.Names, new RegisterScope(), _target, _code));
        foreach (int j in form.UsedState) _code.Line($"gradZ[{j}] = gz{j};");
        foreach (int q in form.UsedParameters) _code.Line($"gradP[{q}] = gp{q};");
        _code.Line("return tBar;");
        _code.Close();
    }
}
