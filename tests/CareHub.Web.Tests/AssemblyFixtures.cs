using CareHub.Testing;

// One app per database provider for the whole test assembly; tests create the data they need.
[assembly: AssemblyFixture(typeof(SqliteApp))]
[assembly: AssemblyFixture(typeof(PostgresApp))]
