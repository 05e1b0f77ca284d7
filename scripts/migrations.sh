#!/usr/bin/env bash
# Adds an EF Core migration for both database providers (SQLite and PostgreSQL) with one name.
#   scripts/migrations.sh add NAME     add a migration to both
#   scripts/migrations.sh remove       remove the last migration from both
# Uses the EF Core command-line tool that ships inside the Microsoft.EntityFrameworkCore.Tools package,
# so no global tool install is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:?usage: scripts/migrations.sh add NAME | remove}
dotnet build src/CareHub.Data -c Debug -nologo -v q
packages=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')
version=$(sed -n 's/.*<AspNetVersion>\(.*\)<\/AspNetVersion>.*/\1/p' Directory.Packages.props)
ef="$packages/microsoft.entityframeworkcore.tools/$version/tools/net8.0/any/ef.dll"
[ -f "$ef" ] || { echo "EF Core tools $version not found at $ef (run a restore first)" >&2; exit 1; }
out=src/CareHub.Data/bin/Debug/net10.0
for provider in Sqlite Postgres; do
  args=(--assembly "$out/CareHub.Data.dll" --startup-assembly "$out/CareHub.Data.dll"
        --project-dir src/CareHub.Data --root-namespace CareHub.Data
        --context "${provider}CareHubDbContext")
  case "$cmd" in
    add) dotnet exec --depsfile "$out/CareHub.Data.deps.json" --runtimeconfig "$out/CareHub.Data.runtimeconfig.json" \
           "$ef" migrations add "${2:?migration name}" "${args[@]}" \
           --output-dir "Migrations/$provider" ;;
    remove) dotnet exec --depsfile "$out/CareHub.Data.deps.json" --runtimeconfig "$out/CareHub.Data.runtimeconfig.json" \
           "$ef" migrations remove --force "${args[@]}" ;;
    *) echo "unknown command $cmd" >&2; exit 2 ;;
  esac
done
