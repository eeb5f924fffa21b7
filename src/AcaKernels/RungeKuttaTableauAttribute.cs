namespace AcaKernels;

/// <summary>
/// Marks a static class that declares a user-defined explicit Runge-Kutta method as
/// <c>public static ButcherTableau Tableau { get; } = new("Name", order: …, errorOrder: …, c: […], a: […], b: […], error: […]);</c>
/// with constant arguments (literals and constant arithmetic such as <c>2.0 / 9 - 7.0 / 24</c>). The AcaKernels
/// source generator then builds the same tableau at compile time and gives every <see cref="OdeDynamicsAttribute"/>
/// system of the compilation fused scalar and lane kernels for it, dispatched by reference to that
/// <c>Tableau</c> object; solve with it through <c>OdeOptions.Tableau</c>. A non-constant or inconsistent tableau
/// is reported as ACA1024 at the declaration. The class must be visible to the systems (not private).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RungeKuttaTableauAttribute : Attribute;
