using System.CommandLine;
using CareHub.Cli.Exchange;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Cli.Tests.Exchange;

/// <summary><c>carehub exchange import|export</c> against a real database, as a nightly batch job runs them.</summary>
public abstract class ExchangeTransferTests(TestProvider provider) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("carehub-exchange-cli-").FullName;
    private TestDatabase _database = null!;
    private Organization _plan = null!, _ecm = null!, _cbo = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var db = DatabaseSetup.CreateContext(_database.Settings);
        await db.MigrateAsync(TestContext.Current.CancellationToken);
        _plan = new Organization { Name = "Batch Plan", Type = OrganizationType.Plan, Counties = ["Los Angeles"] };
        _ecm = new Organization { Name = "Batch ECM Provider", Type = OrganizationType.EcmProvider, Counties = ["Los Angeles"] };
        _cbo = new Organization { Name = "Batch CBO", Type = OrganizationType.Cbo, Counties = ["Los Angeles"] };
        db.Organizations.AddRange(_plan, _ecm, _cbo);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_root, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string[] Db => _database.Settings.Provider == DatabaseProvider.Postgres
        ? ["--postgres", _database.Settings.ConnectionString]
        : ["--sqlite", _database.Settings.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)];

    private async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(ExchangeCommands.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse([.. args, .. Db]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Enrollment(params string[] members)
    {
        var body = new List<string> { "BGN*00*ENR0001*20250102*0930****2", "N1*P5*DHCS*FI*999999999", "N1*IN*BATCH PLAN*FI*888888888" };
        body.AddRange(members.SelectMany(m => m.Split('\n')));
        return string.Join("\n", [
            "ISA*00*          *00*          *ZZ*DHCS           *ZZ*PLAN01         *250102*0930*^*00501*000000001*0*T*:~",
            "GS*BE*DHCS*PLAN01*20250102*0930*1*X*005010X220A1~", "ST*834*0001*005010X220A1~",
            .. body.Select(b => b + "~"), $"SE*{body.Count + 2}*0001~", "GE*1*1~", "IEA*1*000000001~"]);
    }

    private static string Member(string type, string id, string fips = "06037", string? end = null) =>
        string.Join('\n', new[] { $"INS*Y*18*{type}*28*A", $"REF*0F*{id}", "NM1*IL*1*RIVERA*ANA", "N3*100 MAIN ST", $"N4*LOS ANGELES*CA*90012**CY*{fips}",
            "DMG*D8*19800115*F", $"HD*{type}**HMO", "DTP*348*D8*20250101" }.Concat(end is null ? [] : [$"DTP*349*D8*{end}"]));

    [Fact]
    public async Task Import834_AppliesOnce_TheSameFileAgainChangesNothing()
    {
        var file = Write("enroll.834", Enrollment(Member("021", "91000001A"), Member("021", "91000002B", fips: "06059")));
        var first = await Run("exchange", "import", "834", file, "--organization", "Batch Plan");
        first.Exit.ShouldBe(0, first.Error);
        first.Output.Trim().ShouldBe("enroll.834: 2 added, 0 changed, 0 terminated, 0 unchanged.");

        var again = await Run("exchange", "import", "834", file, "--organization", _plan.Id.ToString());
        again.Output.Trim().ShouldBe("enroll.834: 0 added, 0 changed, 0 terminated, 2 unchanged.");

        await using var db = DatabaseSetup.CreateContext(_database.Settings);
        var members = await db.Members.Where(m => m.PlanId == _plan.Id).OrderBy(m => m.Cin).ToListAsync(TestContext.Current.CancellationToken);
        members.Select(m => (m.Cin, m.County)).ShouldBe([("91000001A", "Los Angeles"), ("91000002B", "Orange")]);
        (await db.AuditEntries.CountAsync(e => e.Action == "enrollment.834" && e.OrganizationId == _plan.Id && e.UserName == OrganizationScope.User, TestContext.Current.CancellationToken)).ShouldBe(2);
    }

    [Fact]
    public async Task Import834_Malformed_NamesFileAndSegment_AndAppliesNothing()
    {
        var file = Write("bad.834", Enrollment(Member("021", "92000001A"), Member("021", "92000002B", fips: "06999")));
        var (exit, output, _) = await Run("exchange", "import", "834", file, "--organization", "Batch Plan");
        exit.ShouldBe(1);
        output.ShouldStartWith("bad.834: segment 19 (N4*LOS ANGELES*CA*90012**CY*06999): ");
        output.ShouldContain("nothing was applied");
        await using var db = DatabaseSetup.CreateContext(_database.Settings);
        (await db.Members.AnyAsync(m => m.Cin == "92000001A", TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task ImportRtf_BadRows_AreNamedByFileLineAndColumn_AndNothingIsApplied()
    {
        var file = Write("return.csv", "memberCin,ecmStatus,enrollmentStart\n93000001A,enrolled,2025-01-06\n93000002B,sleeping,2025-01-06\n");
        var (exit, output, _) = await Run("exchange", "import", "rtf", file, "--organization", "Batch ECM Provider");
        exit.ShouldBe(1);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain(l => l.StartsWith("return.csv:2: column memberCin: ", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("return.csv:3: column ecmStatus: ", StringComparison.Ordinal));
        lines[^1].ShouldContain("nothing was applied");
        await using var db = DatabaseSetup.CreateContext(_database.Settings);
        (await db.EcmReturnRecords.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    [Fact]
    public async Task ImportInvoice_RejectedLine_IsNamedByFileLine_AndTheSameInvoiceAgainChangesNothing()
    {
        var file = Write("invoice.csv", "invoiceNumber,referralId,memberCin,from,to,units,amount\nB-1,00000000-0000-0000-0000-000000000001,,2025-03-03,2025-03-09,7,210.00\n");
        var first = await Run("exchange", "import", "invoice", file, "--organization", "Batch CBO");
        first.Exit.ShouldBe(3, first.Output + first.Error);
        first.Output.ShouldStartWith("invoice.csv:2: rejected: ");
        var again = await Run("exchange", "import", "invoice", file, "--organization", "Batch CBO");
        again.Exit.ShouldBe(0);
        again.Output.ShouldContain("already submitted");
        await using var db = DatabaseSetup.CreateContext(_database.Settings);
        (await db.Invoices.CountAsync(i => i.CboId == _cbo.Id, TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    [Fact]
    public async Task Import_ForTheWrongKindOfOrganization_IsRefusedBeforeReading()
    {
        var file = Write("enroll.834", Enrollment(Member("021", "94000001A")));
        var (exit, _, error) = await Run("exchange", "import", "834", file, "--organization", "Batch CBO");
        exit.ShouldBe(2);
        error.ShouldContain("--organization: Batch CBO is");
    }

    [Fact]
    public async Task Export837p_AndMif_WriteFiles()
    {
        var claims = Path.Combine(_root, "claims.x12");
        var (exit, _, error) = await Run("exchange", "export", "837p", "--organization", "Batch CBO", "--from", "2025-01-01", "--to", "2025-01-31", "--out", claims);
        exit.ShouldBe(0, error);
        File.ReadAllText(claims).ShouldStartWith("ISA*");
        CareHub.Exchange.Claim837.Read(File.ReadAllText(claims)).Error.ShouldBeNull();

        var mif = await Run("exchange", "export", "mif", "--organization", "Batch Plan", "--provider", "Batch ECM Provider", "--as-of", "2025-01-31");
        mif.Exit.ShouldBe(0, mif.Error);
        mif.Output.Split('\n')[0].ShouldStartWith("planName,memberCin,");

        var bad = await Run("exchange", "export", "mif", "--organization", "Batch Plan", "--provider", "Batch ECM Provider", "--as-of", "31/01/2025");
        bad.Exit.ShouldBe(2);
        bad.Error.ShouldStartWith("--as-of: ");
    }
}

public sealed class ExchangeTransferTests_Sqlite() : ExchangeTransferTests(TestProvider.Sqlite);

public sealed class ExchangeTransferTests_Postgres() : ExchangeTransferTests(TestProvider.Postgres);
