using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace AcaKernels.Generators.Passes;

/// <summary>Compares IR nodes by identity: records compare structurally, but a pass annotates one occurrence.</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T> where T : class
{
    // Identity hash codes without RuntimeHelpers.GetHashCode (that name is taken by a netstandard2.0 polyfill).
    private static readonly ConditionalWeakTable<T, object> Ids = new();
    private static int _next;

    public static ReferenceComparer<T> Instance { get; } = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => (int)Ids.GetValue(obj, static _ => Interlocked.Increment(ref _next));
}
