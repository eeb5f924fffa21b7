#!/usr/bin/env bash
# Packaging smoke test: `dotnet pack src/AcaKernels` must give one package carrying the runtime (lib/) and the
# [OdeDynamics] generator (analyzers/dotnet/cs); a fresh console project that references only that package,
# from a local folder feed, must get its dynamics method generated, compiled and running.
# Works offline: the console project needs no other package; restore keeps the machine's NuGet sources.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.0.0-smoke.$(date +%s)"

echo "package-smoke: packing AcaKernels $version"
dotnet pack "$root/src/AcaKernels" -c Release -o "$work/feed" -p:PackageVersion="$version" --nologo -v quiet
package="$work/feed/AcaKernels.$version.nupkg"
listing="$(unzip -l "$package")"
for entry in "lib/net10.0/AcaKernels.dll" "analyzers/dotnet/cs/AcaKernels.Generators.dll"; do
  if ! grep -q "$entry" <<<"$listing"; then
    echo "package-smoke: FAIL: $entry missing from the package" >&2
    echo "$listing" >&2
    exit 1
  fi
done
if [ "$(ls "$work/feed"/*.nupkg | wc -l)" -ne 1 ]; then
  echo "package-smoke: FAIL: expected exactly one package" >&2
  exit 1
fi

mkdir "$work/app"
cat > "$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="acakernels-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat > "$work/app/Smoke.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <WarningsAsErrors>\$(WarningsAsErrors);CS8032;CS9057</WarningsAsErrors>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="AcaKernels" Version="$version" />
  </ItemGroup>
</Project>
XML
cat > "$work/app/Program.cs" <<'CS'
using AcaKernels;

double[] z = [1, 2], p = [3], dz = new double[2], v = [1, 1], gz = new double[2], gp = new double[1];
Oscillator.RhsOde.Evaluate(0, z, p, dz);
Oscillator.RhsOde.VectorJacobianProduct(0, z, p, v, gz, gp);
Console.WriteLine($"n={Oscillator.RhsOde.StateSize} dz=({dz[0]}, {dz[1]}) gradP={gp[0]}");

public static partial class Oscillator
{
    [OdeDynamics(2, 1)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        dz[0] = z[1];
        dz[1] = -p[0] * z[0];
    }
}
CS

echo "package-smoke: building a console project against the package"
export NUGET_PACKAGES="$work/packages"
output="$(cd "$work/app" && dotnet run --nologo -v quiet)"
echo "package-smoke: app printed: $output"
if [ "$output" != "n=2 dz=(2, -3) gradP=-1" ]; then
  echo "package-smoke: FAIL: unexpected output" >&2
  exit 1
fi
echo "package-smoke: OK"
