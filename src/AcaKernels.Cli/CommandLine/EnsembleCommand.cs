using System.CommandLine;
using AcaKernels.Cli.Ensemble;
using AcaKernels.Cli.Ensemble.Systems;

namespace AcaKernels.Cli.CommandLine;

/// <summary>`aca ensemble`: B trajectories of one system, solve + ACA gradient on a chosen backend (<see cref="EnsembleRun"/>).</summary>
internal static class EnsembleCommand
{
    public static Command Create()
    {
        var defaults = new EnsembleSettings();
        var system = new Option<string>("--system")
        {
            Description = "What to solve: lorenz (Lorenz-63, θ = (10, 28, 8/3)), three-body (the three-body experiment's bodies in 3-D, the " +
                          "masses as θ; float64 only) or neural-ode (a tanh MLP 2-32-2, its 162 weights as θ). θ is shared by all " +
                          "trajectories, z0 spread; the GPU kernels of each are embedded in aca.",
            HelpName = string.Join('|', EnsembleSystems.Names),
            DefaultValueFactory = _ => defaults.System.Name,
        };
        system.AcceptOnlyFromAmong(EnsembleSystems.Names);
        var backend = new Option<string>("--backend")
        {
            Description = "Where to run: cpu (the CPU engine), lanes (its AVX-512 lanes), opencl or cuda (the GPU kernels embedded in aca, " +
                          "through the driver: no .NET GPU runtime), auto (a CUDA GPU, else an OpenCL GPU, else lanes, else cpu: an OpenCL device " +
                          "that is not a GPU, such as PoCL, is slower than the CPU engine and is only used when named).",
            HelpName = string.Join('|', EnsembleBackendChoices.Names),
            DefaultValueFactory = _ => "auto",
        };
        backend.AcceptOnlyFromAmong(EnsembleBackendChoices.Names);
        var trajectories = new Option<int>("--trajectories", "-b")
        {
            Description = "Trajectories B.",
            HelpName = "B",
            DefaultValueFactory = _ => defaults.Trajectories,
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed runs of solve + gradient; the fastest is reported.",
            DefaultValueFactory = _ => defaults.Repeats,
        };
        var precision = new Option<string>("--precision")
        {
            Description = "The states' number type: float64, or float32 (time stays float64; on a GPU the fast path; checked against the " +
                          "CPU engine in float32).",
            HelpName = "float64|float32",
            DefaultValueFactory = _ => "float64",
        };
        precision.AcceptOnlyFromAmong("float64", "float32");
        var device = new Option<string?>("--device")
        {
            Description = "With --backend opencl or cuda: which of its devices, on a machine with several (0, the default: the first GPU; " +
                          "a number past them is an error that lists them). Several, separated by commas (0,1): the trajectories are " +
                          "split over them in whole blocks of 1024, all solving at once.",
            HelpName = "N[,N...]",
        };
        Option<int> threads = CommonOptions.Threads();
        var command = new Command("ensemble",
            "An ensemble of B trajectories of one system (--system; shared θ, z0 spread, t in [0, 1], Dormand-Prince 5(4) at rtol 1e-6), " +
            "solved and differentiated by ACA on the chosen backend: prints the time per trajectory-step and checks every trajectory's " +
            "z(1), dL/dz0 and the summed dL/dθ against the CPU engine (GPU: within the GPU tests' tolerances; CPU: bit for bit).")
        {
            system, backend, device, trajectories, repeats, precision, threads,
        };
        command.SetAction(parsed => Execute(new EnsembleSettings
        {
            System = EnsembleSystems.Parse(parsed.GetValue(system)!),
            Backend = EnsembleBackendChoices.Parse(parsed.GetValue(backend)!),
            Trajectories = parsed.GetValue(trajectories),
            Precision = parsed.GetValue(precision) == "float32" ? EnsemblePrecision.Float32 : EnsemblePrecision.Float64,
            Repeats = parsed.GetValue(repeats),
            Threads = parsed.GetValue(threads),
            Device = parsed.GetValue(device),
        }));
        return command;
    }

    private static int Execute(EnsembleSettings settings)
    {
        try
        {
            settings.Validate();
        }
        catch (ArgumentException error)
        {
            return CommandExit.UsageError("ensemble", error.Message);
        }
        return EnsembleRun.Run(settings, Console.Out, Console.Error);
    }
}
