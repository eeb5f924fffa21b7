using AcaKernels.Generators.Emit;
using AcaKernels.Generators.Emit.Gpu;
using AcaKernels.Generators.Model;
using AcaKernels.Generators.Parsing;
using AcaKernels.Generators.Emit.Tableaus;
using Microsoft.CodeAnalysis;

namespace AcaKernels.Generators;

/// <summary>
/// The <c>[OdeDynamics]</c> source generator: for each marked method, a nested struct implementing
/// <c>IOdeDynamics&lt;T&gt;</c> with the forward evaluation, its reverse-mode VJP and fused Runge-Kutta kernels.
/// Pipeline: attribute → <see cref="DynamicsParser"/> (IOperation → IR, diagnostics) → emitters.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OdeDynamicsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the transform step (method → spec + diagnostics).</summary>
    public const string TransformStep = "OdeDynamicsTransform";

    /// <summary>Tracking name of the spec step that feeds the emitter.</summary>
    public const string SpecStep = "OdeDynamicsSpec";

    /// <summary>Tracking name of the diagnostics step.</summary>
    public const string DiagnosticsStep = "OdeDynamicsDiagnostics";

    /// <summary>Tracking name of the step that collects the user's [RungeKuttaTableau] tableaus.</summary>
    public const string TableausStep = "RungeKuttaTableaus";

    /// <summary>Tracking name of the step that says whether the compilation references the GPU contract.</summary>
    public const string GpuContractStep = "GpuContract";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<Result<DynamicsSpec>> results = context.SyntaxProvider
            .ForAttributeWithMetadataName("AcaKernels.OdeDynamicsAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax,
                DynamicsParser.Transform)
            .WithTrackingName(TransformStep);

        IncrementalValuesProvider<DynamicsSpec> specs = results
            .Where(static r => r.Value is not null)
            .Select(static (r, _) => r.Value!)
            .WithTrackingName(SpecStep);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (r, _) => r.Diagnostics)
            .Where(static d => d.Count != 0)
            .WithTrackingName(DiagnosticsStep);

        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (DiagnosticInfo item in items) spc.ReportDiagnostic(item.ToDiagnostic());
        });

        // MSBuild property AcaKernelsFusedKernels=false leaves out the fused Runge-Kutta kernels (smaller code;
        // the solver then uses its generic stepper). AcaKernelsRegisterKernels=false keeps the loop form of every
        // kernel even for small bodies (the straight-line register form is the default where it fits).
        // AcaKernelsFusedMethods=DormandPrince5;Tsitouras5 keeps the fused kernels of the listed adaptive methods
        // only (a consumer that uses one method does not carry the code of the other four).
        IncrementalValueProvider<(bool Fused, bool Registers, FusedMethods Methods)> switches = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
            (!IsFalse(options.GlobalOptions, "build_property.AcaKernelsFusedKernels"),
             !IsFalse(options.GlobalOptions, "build_property.AcaKernelsRegisterKernels"),
             FusedMethods.Parse(options.GlobalOptions.TryGetValue("build_property.AcaKernelsFusedMethods", out string? list) ? list : null)));

        context.RegisterSourceOutput(switches, static (spc, s) =>
        {
            foreach (string unknown in s.Methods.Unknown)
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.UnknownFusedMethod, null, unknown, FusedMethods.Names));
        });

        // User tableaus ([RungeKuttaTableau] static classes): each valid one gets fused kernels in every system.
        IncrementalValuesProvider<Result<TableauSpec>> tableauResults = context.SyntaxProvider
            .ForAttributeWithMetadataName("AcaKernels.RungeKuttaTableauAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                TableauParser.Transform);
        context.RegisterSourceOutput(tableauResults.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count != 0),
            static (spc, items) =>
            {
                foreach (DiagnosticInfo item in items) spc.ReportDiagnostic(item.ToDiagnostic());
            });
        IncrementalValueProvider<EquatableArray<TableauSpec>> tableaus = tableauResults
            .Where(static r => r.Value is not null)
            .Select(static (r, _) => r.Value!)
            .Collect()
            .Select(static (all, _) => UserTableaus.Order(all))
            .WithTrackingName(TableausStep);

        // [SkipLocalsInit] on the generated struct needs unsafe code allowed (CS0227 otherwise).
        IncrementalValueProvider<bool> allowUnsafe = context.CompilationProvider.Select(static (compilation, _) =>
            compilation.Options is Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions { AllowUnsafe: true });

        // The GPU form: only when the compilation references AcaKernels.Gpu (its IGpuStepper<T> contract). The
        // constructs with no GPU form are reported then (ACA3001) and that system gets no GPU file.
        IncrementalValueProvider<bool> hasGpu = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(GpuEmitter.ContractMetadataName) is not null)
            .WithTrackingName(GpuContractStep);
        context.RegisterSourceOutput(results.Select(static (r, _) => r.GpuNotes).Where(static d => d.Count != 0).Combine(hasGpu),
            static (spc, pair) =>
            {
                if (!pair.Right) return;
                foreach (DiagnosticInfo item in pair.Left) spc.ReportDiagnostic(item.ToDiagnostic());
            });
        context.RegisterSourceOutput(specs.Combine(switches).Combine(tableaus).Combine(hasGpu), static (spc, pair) =>
        {
            (((DynamicsSpec spec, (bool _, bool registers, FusedMethods methods)), EquatableArray<TableauSpec> user), bool gpu) = pair;
            if (!gpu) return;
            string? source;
            try
            {
                source = GpuEmitter.Emit(spec, registers, OdeStructEmitter.Tableaus(methods, UserTableaus.ForEmission(user)));
            }
            catch (Exception e)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.InternalError, null,
                    spec.MethodName, "GPU form: " + e.GetType().Name + ": " + e.Message));
                return;
            }
            if (source is not null) spc.AddSource(spec.HintName + ".Gpu.g.cs", source);
        });

        context.RegisterSourceOutput(specs.Combine(switches).Combine(tableaus).Combine(allowUnsafe), static (spc, pair) =>
        {
            (((DynamicsSpec spec, (bool fused, bool registers, FusedMethods methods)), EquatableArray<TableauSpec> user), bool skipLocalsInit) = pair;
            string source;
            try
            {
                source = OdeStructEmitter.Emit(spec, fused, registers, methods, UserTableaus.ForEmission(user), skipLocalsInit);
            }
            catch (Exception e)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.InternalError, null,
                    spec.MethodName, e.GetType().Name + ": " + e.Message));
                return;
            }
            spc.AddSource(spec.HintName + ".g.cs", source);
        });
    }

    private static bool IsFalse(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
}
