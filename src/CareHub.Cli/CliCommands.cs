using System.CommandLine;
using CareHub.Cli.Admin;
using CareHub.Cli.Catalog;
using CareHub.Cli.Database;
using CareHub.Cli.Exchange;
using CareHub.Cli.Identification;
using CareHub.Cli.Reporting;

namespace CareHub.Cli;

/// <summary>Every top-level command, one line per feature.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All()
    {
        yield return DbCommands.Create();
        yield return AdminCommands.Create();
        yield return CatalogCommands.Create(TimeProvider.System);
        yield return IdentifyCommand.Create();
        yield return GenerateCommand.Create();
        yield return OutcomesCommand.Create();
        yield return ExchangeCommands.Create();
    }
}
