namespace AcaKernels.Generators.Ir;

/// <summary>The floating-point type of an IR value.</summary>
internal enum ScalarType
{
    /// <summary>IEEE binary32 (float).</summary>
    Single,
    /// <summary>IEEE binary64 (double).</summary>
    Double,
}
