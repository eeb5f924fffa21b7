using System.Globalization;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit;

/// <summary>Exact, culture-invariant C# literals for floating-point values.</summary>
internal static class Literals
{
    /// <summary>A double literal that parses back to exactly <paramref name="value"/> (shortest round-trip form,
    /// falling back to 17 significant digits where "R" does not round-trip).</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)) != BitConverter.DoubleToInt64Bits(value))
            text = value.ToString("G17", CultureInfo.InvariantCulture);
        return text + "D";
    }

    /// <summary>A float literal equal to <paramref name="value"/> (which must be exact in float).</summary>
    public static string Single(float value)
    {
        if (float.IsNaN(value)) return "float.NaN";
        if (float.IsPositiveInfinity(value)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(value)) return "float.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        float back = float.Parse(text, CultureInfo.InvariantCulture);
        if (BitConverter.ToInt32(BitConverter.GetBytes(back), 0) == BitConverter.ToInt32(BitConverter.GetBytes(value), 0))
            return text + "F";
        return "(float)" + Double(value);
    }

    /// <summary>A literal of <paramref name="type"/>; the value must be exact in that type.</summary>
    public static string Of(ScalarType type, double value) =>
        type == ScalarType.Single ? Single((float)value) : Double(value);

    /// <summary>The tableau coefficient <paramref name="value"/> converted to T as the runtime does
    /// (T.CreateTruncating(double): a plain (float) cast for float).</summary>
    public static string Coefficient(ScalarType type, double value) =>
        type == ScalarType.Single ? "(float)" + Double(value) : Double(value);

    public static string TypeName(ScalarType type) => type == ScalarType.Single ? "float" : "double";
}
