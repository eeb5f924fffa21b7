using System.Globalization;
using System.Text;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// Generates random valid [OdeDynamics] methods: locals with reassignment and compound assignment, loops with
/// affine indices (nested), carried nonlinear updates, stackalloc arrays, if/else, ternaries, Math functions in
/// domain-safe forms (Log(c + x²) …), and calls to a value helper and a span helper. Values stay bounded so
/// that dual numbers and differences are meaningful. Shapes that found bugs (issue 7): helpers in expressions
/// whose order matters (a span helper that writes the array an operand reads, a square root guarded by ?: or
/// &amp;&amp;), user names that shadow generated ones (tape, tBar, xBar beside x, z0, g1) and verbatim keywords
/// (@in), explicitly zeroed arrays (so a [SkipLocalsInit] module means the same), and larger nests of constant
/// loops with a carried nonlinear update.
/// </summary>
internal sealed class RandomDynamics
{
    private readonly Random _random;
    private readonly StringBuilder _body = new();
    private readonly List<string> _scalars = new();
    private readonly List<(string Name, int Length)> _arrays = new();
    private readonly List<(string Name, int Trips)> _loops = new();
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private int _indent = 2;
    private int _names;
    private bool _inBigNest;

    /// <summary>Names of the generated code's own locals and kernel temporaries, and C# keywords.</summary>
    private static readonly string[] Shadows =
    [
        "tape", "branches", "tBar", "dzBar", "hT", "hb", "acc", "stages", "g0", "g1", "r0", "r2", "tp0", "br0", "z0", "p1",
        "gz0", "gp1", "k1_0", "kb0", "o0", "db0", "v0", "@in", "@event", "@for", "@return",
    ];

    private RandomDynamics(int seed)
    {
        _random = new Random(seed);
        N = 1 + _random.Next(4);
        M = 1 + _random.Next(4);
    }

    private RandomDynamics(int seed, int stateSize, int parameterSize)
    {
        _random = new Random(seed);
        N = stateSize;
        M = parameterSize;
    }

    public int N { get; }

    public int M { get; }

    /// <summary>The method body (statements only).</summary>
    public string Body => _body.ToString();

    public const string Helpers = """
            private static double Soft(double x) => x / (1.0 + x * x);

            private static double Sq(double x) => x * x;

            private static double Root(double x) => Math.Sqrt(x);

            private static double Put(Span<double> a, double x) { a[0] += x; return x; }

            private static void Scale(ReadOnlySpan<double> source, Span<double> target, double factor, int count)
            {
                for (int i = 0; i < count; i++)
                    target[i] += factor * Math.Tanh(source[i]);
            }
        """;

    /// <summary>The source of class <paramref name="className"/> with method F(t, z, p, dz).</summary>
    public static RandomDynamics Create(int seed)
    {
        var program = new RandomDynamics(seed);
        program.Generate();
        return program;
    }

    /// <summary>A program of the given sizes (the lane tests' wider systems: n of 6 or more keeps more values live than
    /// the two-group trial step's register form holds). <see cref="Create(int)"/> draws the sizes instead, so what it
    /// generates for a seed does not depend on this.</summary>
    public static RandomDynamics Create(int seed, int stateSize, int parameterSize)
    {
        var program = new RandomDynamics(seed, stateSize, parameterSize);
        program.Generate();
        return program;
    }

    public string Source(string className, bool attribute = true) => $$"""
        public static partial class {{className}}
        {
            {{(attribute ? $"[OdeDynamics({N}, {M})]" : "")}}
            public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
            {
        {{Body}}    }

        {{Helpers}}
        }
        """;

    private void Generate()
    {
        if (_random.Next(3) == 0)
        {
            int length = 1 + _random.Next(5);
            string name = Fresh("a");
            Line($"Span<double> {name} = stackalloc double[{length}];");
            // Zeroed explicitly: under [module: SkipLocalsInit] (some property batches) stackalloc does not.
            string counter = Fresh("i");
            Line($"for (int {counter} = 0; {counter} < {length}; {counter}++) {name}[{counter}] = 0.0;");
            _arrays.Add((name, length));
        }
        int statements = 2 + _random.Next(5);
        for (int i = 0; i < statements; i++) Statement(depth: 0);
        if (_scalars.Count != 0 && _random.Next(6) == 0) BigNest();
        for (int k = 0; k < N; k++)
            Line($"dz[{k}] {(_random.Next(3) == 0 ? "+=" : "=")} {Expr(2)};");
        if (_random.Next(4) == 0 && N >= 1)
            Line($"Scale(z, dz, {Const()}, {1 + _random.Next(N)});");
    }

    private void Statement(int depth)
    {
        int choice = _random.Next(depth >= 2 ? 4 : 7);
        switch (choice)
        {
            case 0:
            case 1:
                // Sometimes named as the adjoint of an existing local (x beside xBar).
                string adjointName = _scalars.Count != 0 && _random.Next(8) == 0 ? Pick(_scalars) + "Bar" : "";
                string name = adjointName.Length != 0 && _used.Add(adjointName) ? adjointName : Fresh("x");
                Line($"double {name} = {Expr(2)};");
                _scalars.Add(name);
                break;
            case 2:
                if (_scalars.Count == 0) goto case 0;
                string target = Pick(_scalars);
                string op = Pick(["=", "+=", "-=", "*="]);
                Line($"{target} {op} {(op == "*=" ? $"Math.Tanh({Expr(1)})" : Expr(2))};");
                break;
            case 3:
                if (_arrays.Count == 0) goto case 0;
                var (array, length) = _arrays[_random.Next(_arrays.Count)];
                Line($"{array}[{_random.Next(length)}] {Pick(["=", "+="])} {Expr(2)};");
                break;
            case 4:
            case 5:
                Loop(depth);
                break;
            default:
                Line($"if ({Expr(1)} < {Expr(1)})");
                Block(depth);
                if (_random.Next(2) == 0)
                {
                    Line("else");
                    Block(depth);
                }
                break;
        }
    }

    private void Block(int depth)
    {
        Line("{");
        _indent++;
        int scalars = _scalars.Count;
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++) Statement(depth + 1);
        _scalars.RemoveRange(scalars, _scalars.Count - scalars);
        _indent--;
        Line("}");
    }

    private void Loop(int depth)
    {
        int trips = 1 + _random.Next(Math.Min(N, M) + 1);
        string counter = Fresh("i");
        bool reverse = _random.Next(4) == 0;
        Line(reverse ? $"for (int {counter} = {trips - 1}; {counter} >= 0; {counter}--)" : $"for (int {counter} = 0; {counter} < {trips}; {counter}++)");
        _loops.Add((counter, trips));
        if (_scalars.Count != 0 && _random.Next(2) == 0)
        {
            // A carried update: either an accumulation or a nonlinear recurrence (taped).
            Line("{");
            _indent++;
            int scalars = _scalars.Count;
            string carried = Pick(_scalars);
            Line(_random.Next(2) == 0 ? $"{carried} += {Expr(2)};" : $"{carried} = Math.Sin({carried}) * {Expr(1)} + {Expr(1)};");
            if (_random.Next(2) == 0) Statement(depth + 1);
            _scalars.RemoveRange(scalars, _scalars.Count - scalars);
            _indent--;
            Line("}");
        }
        else
            Block(depth);
        _loops.RemoveAt(_loops.Count - 1);
    }

    /// <summary>
    /// Two nested constant loops of a few hundred to about 1700 iterations carrying x = Sin(x)·0.5 + …: the loop
    /// form with a tape of that many values (no span helper inside, so values stay bounded).
    /// </summary>
    private void BigNest()
    {
        string target = Pick(_scalars), outer = Fresh("i"), inner = Fresh("i");
        int outerTrips = 5 + _random.Next(20), innerTrips = 10 + _random.Next(60);
        _inBigNest = true;
        Line($"for (int {outer} = 0; {outer} < {outerTrips}; {outer}++)");
        Line($"    for (int {inner} = 0; {inner} < {innerTrips}; {inner}++)");
        Line($"        {target} = Math.Sin({target}) * 0.5 + 0.1 * Math.Tanh({Expr(1)});");
        _inBigNest = false;
    }

    private string Expr(int depth)
    {
        if (depth == 0 || _random.Next(4) == 0) return Leaf();
        string a = Expr(depth - 1), b = Expr(depth - 1);
        int choice = _random.Next(26);
        if (choice >= 22 && (_inBigNest || _arrays.Count == 0) && choice != 24) choice = 24;
        return choice switch
        {
            // Helpers whose order matters: Put writes a[0], which an operand to its left may read; Root is
            // only defined where its guard holds (the untaken branch gave NaN gradients).
            22 => $"{_arrays[0].Name}[0] * 0.5 + Put({_arrays[0].Name}, Math.Tanh({a}))",
            23 => $"({a} > 0.3 && Put({_arrays[0].Name}, 0.25) > 0.0 ? {_arrays[0].Name}[0] : Math.Tanh({b}))",
            24 => $"({a} > 0.1 ? Root({a}) : -({b}))",
            25 => $"({a} > 0.1 || Put({_arrays[0].Name}, Math.Sin({b})) > 0.5 ? {_arrays[0].Name}[0] * ({a}) : 0.5)",
            0 => $"{a} + {b}",
            1 => $"{a} - {b}",
            2 => $"({a}) * ({b})",
            3 => $"({a}) / (1.5 + Sq({b}))",
            4 => $"-({a})",
            5 => $"Math.Sin({a})",
            6 => $"Math.Cos({a})",
            7 => $"Math.Tanh({a})",
            8 => $"Math.Exp(0.5 * Math.Tanh({a}))",
            9 => $"Math.Log(1.25 + Sq({a}))",
            10 => $"Math.Sqrt(1.1 + Sq({a}))",
            11 => $"Math.Atan({a})",
            12 => $"Math.Pow(1.3 + Sq({a}), {Const()})",
            13 => $"Math.Pow(1.3 + Sq({a}), Math.Tanh({b}))",
            14 => $"Math.Atan2({a}, 1.5 + Sq({b}))",
            15 => $"Math.Abs({a})",
            16 => $"Math.Min({a}, {b})",
            17 => $"Math.Max({a}, {b})",
            18 => $"({a} > {b} ? {Expr(depth - 1)} : {Expr(depth - 1)} * 0.5)",
            19 => $"Soft({a})",
            20 => $"Math.Sinh(Math.Tanh({a}))",
            _ => $"Math.Cosh(Math.Tanh({a})) * ({b})",
        };
    }

    private string Leaf()
    {
        int choice = _random.Next(8);
        if (choice < 2) return $"z[{Index(N)}]";
        if (choice < 4) return $"p[{Index(M)}]";
        if (choice == 4 && _scalars.Count != 0) return Pick(_scalars);
        if (choice == 5 && _arrays.Count != 0)
        {
            var (array, length) = _arrays[_random.Next(_arrays.Count)];
            return $"{array}[{_random.Next(length)}]";
        }
        if (choice == 6) return _random.Next(2) == 0 ? "t" : Const();
        return _loops.Count != 0 ? $"0.25 * {_loops[_random.Next(_loops.Count)].Name}" : Const();
    }

    /// <summary>An index into an array of <paramref name="length"/>: a constant or an affine expression of a loop
    /// counter that stays in range.</summary>
    private string Index(int length)
    {
        var fitting = _loops.Where(l => l.Trips <= length).ToList();
        if (fitting.Count == 0 || _random.Next(3) == 0) return _random.Next(length).ToString(CultureInfo.InvariantCulture);
        var (counter, trips) = fitting[_random.Next(fitting.Count)];
        int offset = _random.Next(length - trips + 1);
        if (_random.Next(2) == 0) return offset == 0 ? counter : $"{counter} + {offset}";
        return $"{length - 1 - offset} - {counter}";
    }

    private string Const() =>
        (Math.Round(_random.NextDouble() * 3 - 1.5, 2) is var c && c == 0 ? 0.5 : c).ToString("0.0##", CultureInfo.InvariantCulture);

    private string Pick(IReadOnlyList<string> items) => items[_random.Next(items.Count)];

    /// <summary>A name not used before in the method (so no scope conflicts): sometimes one that shadows a
    /// generated name or is a keyword, otherwise stem plus a counter.</summary>
    private string Fresh(string stem)
    {
        string name = Shadows[_random.Next(Shadows.Length)];
        if (_random.Next(4) == 0 && _used.Add(name)) return name;
        do name = stem + _names++; while (!_used.Add(name));
        return name;
    }

    private void Line(string text) => _body.Append(' ', 4 * _indent).Append(text).Append('\n');
}
