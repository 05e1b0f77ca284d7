using CareHub.Data;
using Npgsql;

namespace CareHub.Testing;

public enum TestProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Throwaway databases for tests. SQLite: a file in a temporary folder. PostgreSQL: a new database on the server
/// named by the <c>CAREHUB_TEST_POSTGRES</c> connection string (the test command starts one); when it is not set,
/// PostgreSQL tests are skipped locally and fail under CI.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CAREHUB_TEST_POSTGRES";

    private readonly string? _tempDir;
    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    public DatabaseSettings Settings { get; }
    public TestProvider Provider { get; }

    private TestDatabase(TestProvider provider, DatabaseSettings settings, string? tempDir, string? adminConnection, string? databaseName)
    {
        Provider = provider;
        Settings = settings;
        _tempDir = tempDir;
        _adminConnection = adminConnection;
        _databaseName = databaseName;
    }

    public static bool PostgresAvailable => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    /// <summary>Skips the calling test when PostgreSQL is not configured, except under CI where that is a failure.</summary>
    public static void RequirePostgres()
    {
        if (PostgresAvailable)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts PostgreSQL.");
        }

        Xunit.Assert.Skip($"PostgreSQL not configured ({PostgresVariable}); ./test.sh starts one.");
    }

    public static async Task<TestDatabase> CreateAsync(TestProvider provider)
    {
        if (provider == TestProvider.Sqlite)
        {
            var dir = Directory.CreateTempSubdirectory("carehub-test-").FullName;
            var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "carehub.db")}");
            return new TestDatabase(provider, settings, dir, null, null);
        }

        RequirePostgres();
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)!;
        var name = "carehub_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString), null, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_tempDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_tempDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on some platforms; the temp folder is cleaned by the OS.
            }
        }

        if (_adminConnection is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
