#!/usr/bin/env bash
# Packaging smoke test, as a user would do it (README, "Installing the package"):
#  1. `dotnet pack src/AcaKernels` gives one .nupkg (+ .snupkg) whose version is VersionPrefix from
#     Directory.Build.props plus a per-pack `-local.<UTC time>` suffix, carrying the runtime (lib/), the
#     [OdeDynamics] generator (analyzers/dotnet/cs), the LICENSE, the package readme, and a nuspec with description,
#     tags, MIT licence expression and readme.
#  2. A second pack gets a newer version, and `dotnet add package AcaKernels --prerelease` takes that one: a
#     re-pack is never served stale from the NuGet cache.
#  3. A fresh console project that references only that package, from a local folder feed, builds the README's
#     ```csharp blocks (the dynamics and the usage program) with warnings as errors, and runs them.
# Offline-safe: the console project needs no other package, its nuget.config lists only the folder feed, and it
# restores into its own NUGET_PACKAGES folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
fail() { echo "package-smoke: FAIL: $*" >&2; [ -z "${KEEP_WORK:-}" ] || echo "package-smoke: work folder kept: $work" >&2; exit 1; }

prefix="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$root/Directory.Build.props")"
[ -n "$prefix" ] || fail "no <VersionPrefix> in Directory.Build.props (the single version source)"
[ "$prefix" != "1.0.0" ] || fail "VersionPrefix is the SDK default 1.0.0; set the real version"

pack() { # pack into the folder $1 (more arguments go to dotnet pack); print the version of the .nupkg it added
  local before new=() f
  before="$(ls "$1" 2>/dev/null || true)"
  dotnet pack "$root/src/AcaKernels" -c Release -o "$1" --nologo -v quiet "${@:2}" >&2
  for f in "$1"/*.nupkg; do grep -qxF "${f##*/}" <<<"$before" || new+=("$f"); done
  [ "${#new[@]}" -eq 1 ] || fail "expected one new .nupkg in $1, found: ${new[*]:-none}"
  [ -f "${new[0]%.nupkg}.snupkg" ] || fail "no symbols package beside ${new[0]}"
  f="${new[0]##*/AcaKernels.}"
  echo "${f%.nupkg}"
}

# The pack folder is the feed, as in the README (the .snupkg files beside the packages included).
feed="$work/feed"
echo "package-smoke: packing AcaKernels"
version="$(pack "$feed")"
echo "package-smoke: packed $version"
[[ "$version" =~ ^${prefix//./\\.}-local\.[0-9]{14}$ ]] || fail "version $version is not $prefix-local.<yyyyMMddHHmmss>"
package="$feed/AcaKernels.$version.nupkg"

listing="$(unzip -Z1 "$package")"
for entry in lib/net10.0/AcaKernels.dll analyzers/dotnet/cs/AcaKernels.Generators.dll LICENSE README.md \
             build/AcaKernels.props buildTransitive/AcaKernels.props; do
  grep -qx "$entry" <<<"$listing" || fail "$entry missing from the package; it holds:"$'\n'"$listing"
done
grep -q "MIT License" <(unzip -p "$package" LICENSE) || fail "LICENSE in the package is not the MIT licence"
grep -q '```csharp' <(unzip -p "$package" README.md) || fail "the package readme has no example"
nuspec="$(unzip -p "$package" AcaKernels.nuspec)"
for pattern in "<version>$version</version>" '<license type="expression">MIT</license>' '<readme>README.md</readme>' \
               '<authors>AcaKernels contributors</authors>' '<tags>[^<]*ode[^<]*</tags>' '<description>Exact gradients[^<]*</description>'; do
  grep -q "$pattern" <<<"$nuspec" || fail "the nuspec lacks $pattern:"$'\n'"$nuspec"
done
! grep -q "Package Description" <<<"$nuspec" || fail "the nuspec has the SDK's placeholder description"

# A re-pack one second later must get a newer version (the stamp has a resolution of one second).
sleep 1
newer="$(pack "$feed" --no-build)"
[ "$newer" != "$version" ] || fail "a re-pack got the same version $version; it would be served from the NuGet cache"

# The README's steps: the pack folder as a feed (in the app's own nuget.config, which lists nothing else), then
# `dotnet add package AcaKernels --prerelease`, which must pick the newest pack.
mkdir "$work/app"
cat > "$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
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
</Project>
XML
export NUGET_PACKAGES="$work/packages"
(cd "$work/app" &&
  dotnet nuget add source "$feed" --name acakernels-local --configfile nuget.config >/dev/null &&
  dotnet add package AcaKernels --prerelease >"$work/add.log" 2>&1) || { cat "$work/add.log" >&2; fail "dotnet add package failed"; }
grep -q "Include=\"AcaKernels\" Version=\"$newer\"" "$work/app/Smoke.csproj" ||
  fail "dotnet add package did not take the newest pack $newer:"$'\n'"$(cat "$work/app/Smoke.csproj")"

# Every ```csharp block of the README becomes one source file (a ```csharp fragment block is not a program).
blocks="$(awk -v dir="$work/app" '
  /^```/ { if (open) { open = 0; capture = 0; next }
           open = 1; capture = ($0 == "```csharp")
           if (capture) { n++; file = sprintf("%s/Readme%d.cs", dir, n) }
           next }
  capture { print > file }
  END { print n + 0 }' "$root/README.md")"
[ "$blocks" -ge 2 ] || fail "expected the README's dynamics and usage blocks, found $blocks csharp blocks"

echo "package-smoke: building the README's $blocks csharp blocks against the package"
(cd "$work/app" && dotnet build --nologo -v quiet -clp:NoSummary) || fail "the README program does not build against the package"
output="$(cd "$work/app" && dotnet run --no-build --nologo)" || fail "the README program failed"
echo "package-smoke: app printed: $output"
[ -n "$output" ] || fail "the README program printed nothing"
! grep -qi "nan" <<<"$output" || fail "the README program printed NaN"
echo "package-smoke: OK"
