using System.CommandLine;
using CareHub.Cli;

var root = new RootCommand("carehub: the CareHub command-line tool (database, catalog, identification, data generation).");
foreach (var command in CliCommands.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
