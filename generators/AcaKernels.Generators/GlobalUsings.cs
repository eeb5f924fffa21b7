// The linked runtime tableau files rely on the SDK's implicit usings, which are off in this netstandard2.0 project.
global using System;
global using System.Linq;
