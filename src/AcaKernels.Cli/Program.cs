using System.Globalization;
using AcaKernels.Cli.CommandLine;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
return AcaCommandLine.Run(args);
