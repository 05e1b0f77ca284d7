using System.CommandLine;
using CareHub.Data;

namespace CareHub.Cli.Database;

internal static class DbCommands
{
    public static Command Create()
    {
        var db = new Command("db", "Database maintenance.");
        var migrate = new Command("migrate", "Create the database or bring it up to date (the web app does this on start too).");
        CliDatabase.AddTo(migrate);
        migrate.SetAction(async (parse, ct) =>
        {
            var settings = CliDatabase.Resolve(parse);
            await using var context = DatabaseSetup.CreateContext(settings);
            Console.WriteLine($"Migrating {settings.Describe()} ...");
            await context.MigrateAsync(ct);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        db.Subcommands.Add(migrate);
        return db;
    }
}
