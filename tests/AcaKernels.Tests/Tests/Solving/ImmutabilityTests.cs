using System.Reflection;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// Shared data cannot be changed by a user (issue 6): tableaus, coefficients and options are shared by every
/// solver of the process, so a public mutable array anywhere would let one caller corrupt all of them.
/// </summary>
public sealed class ImmutabilityTests
{
    [Fact]
    public void PublicApi_ExposesNoArrays()
    {
        // Every public property, field and method return of every public type: none may be an array (a caller
        // could write into it). Method parameters may be arrays; those are the caller's own and are copied.
        var offenders = new List<string>();
        foreach (Type type in typeof(OdeSolver<,>).Assembly.GetExportedTypes())
        {
            const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (PropertyInfo property in type.GetProperties(Public))
                if (property.PropertyType.IsArray) offenders.Add($"{type.Name}.{property.Name}");
            foreach (FieldInfo field in type.GetFields(Public))
                if (field.FieldType.IsArray) offenders.Add($"{type.Name}.{field.Name}");
            foreach (MethodInfo method in type.GetMethods(Public))
                if (method.ReturnType.IsArray) offenders.Add($"{type.Name}.{method.Name}()");
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void Tableau_Weights_CannotBeChangedThroughACast()
    {
        // ImmutableArray is a struct: there is no array object to cast back to and write.
        IReadOnlyList<double> b = DormandPrince5.Tableau.B;
        Assert.False(b is double[]);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)b)[0] = 1.0);
        Assert.Equal(35.0 / 384, DormandPrince5.Tableau.B[0]);
    }

    [Fact]
    public void Options_PerComponentTolerances_AreACopyOfTheCallersArray()
    {
        double[] rtol = [1e-6, 1e-6, 1e-6];
        var options = new OdeOptions { RelativeTolerances = rtol, AbsoluteTolerances = rtol };
        rtol[0] = -1;
        Assert.Equal(1e-6, options.RelativeTolerances![0]);
        Assert.Equal(1e-6, options.AbsoluteTolerances![0]);
        Assert.False(options.RelativeTolerances is double[]);
    }
}
