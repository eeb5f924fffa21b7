using System.Diagnostics;
using AcaKernels.Numerics;

namespace AcaKernels.Benchmarks;

/// <summary>
/// <c>--float-tanh-interleaved</c>: the float tanh and sech² (OdeMath.TanhSingle.cs) against the float64 forms rounded
/// (what float32 systems called before) and MathF.Tanh, interleaved: each of 15 rounds runs every form once, the order
/// rotated, 2000 passes over 4096 values in [−6, 6]; median ns per value over the rounds (RESULTS.md §58).
/// </summary>
internal static class FloatTanhInterleaved
{
    public static int Run()
    {
        const int N = 4096, Passes = 2000, Rounds = 15;
        var rnd = new Random(58);
        float[] x = new float[N], t = new float[N];
        for (int i = 0; i < N; i++) { x[i] = (float)(12 * rnd.NextDouble() - 6); t[i] = OdeMath.Tanh(x[i]); }
        var forms = new (string Name, Func<float> Run)[]
        {
            ("tanh float", () => { float s = 0; for (int p = 0; p < Passes; p++) foreach (float v in x) s += OdeMath.Tanh(v); return s; }),
            ("tanh float64 rounded", () => { float s = 0; for (int p = 0; p < Passes; p++) foreach (float v in x) s += (float)OdeMath.Tanh((double)v); return s; }),
            ("tanh MathF.Tanh", () => { float s = 0; for (int p = 0; p < Passes; p++) foreach (float v in x) s += MathF.Tanh(v); return s; }),
            ("sech2 float", () => { float s = 0; for (int p = 0; p < Passes; p++) for (int i = 0; i < N; i++) s += OdeMath.TanhDerivative(x[i], t[i]); return s; }),
            ("sech2 float64 rounded", () => { float s = 0; for (int p = 0; p < Passes; p++) for (int i = 0; i < N; i++) s += (float)OdeMath.TanhDerivative((double)x[i], (double)t[i]); return s; }),
        };
        var times = forms.Select(_ => new List<double>()).ToArray();
        float sink = 0;
        foreach (var f in forms) for (int w = 0; w < 3; w++) sink += f.Run();
        for (int r = 0; r < Rounds; r++)
            for (int k = 0; k < forms.Length; k++)
            {
                int f = (k + r) % forms.Length;
                long start = Stopwatch.GetTimestamp();
                sink += forms[f].Run();
                times[f].Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / ((double)N * Passes));
            }
        for (int f = 0; f < forms.Length; f++)
            Console.WriteLine($"{forms[f].Name,-24} median {Median(times[f]):F2} ns/value (min {times[f].Min():F2}, max {times[f].Max():F2})");
        Console.WriteLine($"ratios: tanh float64/float {Median(times[1]) / Median(times[0]):F2}, MathF/float {Median(times[2]) / Median(times[0]):F2}, sech2 float64/float {Median(times[4]) / Median(times[3]):F2}   (sink {sink})");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
