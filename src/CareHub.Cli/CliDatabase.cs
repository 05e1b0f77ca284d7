using System.CommandLine;
using CareHub.Data;
using Microsoft.Extensions.Configuration;

namespace CareHub.Cli;

/// <summary>Finds the database the same way the web app does: environment variables
/// (<c>ConnectionStrings__Postgres</c>, <c>ConnectionStrings__Sqlite</c>, <c>CareHub__DataDirectory</c>)
/// or the <c>--connection</c>/<c>--sqlite</c> options.</summary>
internal static class CliDatabase
{
    public static readonly Option<string?> Postgres = new("--postgres")
    {
        Description = "PostgreSQL connection string (default: ConnectionStrings__Postgres from the environment).",
    };

    public static readonly Option<string?> Sqlite = new("--sqlite")
    {
        Description = "SQLite database file (default: data/carehub.db, or ConnectionStrings__Sqlite).",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Postgres);
        command.Options.Add(Sqlite);
    }

    public static DatabaseSettings Resolve(ParseResult parse)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var postgres = parse.GetValue(Postgres);
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, postgres);
        }

        var sqlite = parse.GetValue(Sqlite);
        if (!string.IsNullOrWhiteSpace(sqlite))
        {
            return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.GetFullPath(sqlite)}");
        }

        return DatabaseSettings.From(config, Directory.GetCurrentDirectory());
    }
}
