using AcaKernels.Cli;

return args.Length > 0 && args[0] == "demo" || args.Length == 0 ? Demo.Run() : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: aca demo");
    return 2;
}
