using System.Globalization;
using System.Text;
using CareHub.Core.Tests.Catalog;
using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>
/// A small plan-data directory written by a test, row by row, so every expected result can be checked by hand.
/// Members are enrolled from 2020-01-01 (open) unless told otherwise.
/// </summary>
internal sealed class PlanDataFixture : IDisposable
{
    public const string MembersHeader = "member_id,birth_date,death_date,first_name,last_name,sex,race,ethnicity,ssn_last4";
    public const string EnrollmentHeader = "member_id,start_date,end_date,county,health_network,dual,aid_code";
    public const string ClaimsHeader = "claim_id,line,member_id,service_from,service_to,claim_type,place_of_service,revenue_code,type_of_bill,admission_type,procedure_code,paid_amount,diagnosis_1,diagnosis_2";
    public const string ProgramsHeader = "member_id,program,start_date,end_date,enrollment_id";
    public const string ReleasesHeader = "member_id,release_id,release_date,facility_type,facility_name";
    public const string StaysHeader = "member_id,stay_id,admission_date,discharge_date,level_of_care,facility_name";

    private readonly List<string> _members = [];
    private readonly List<string> _enrollment = [];
    private readonly List<string> _claims = [];
    private readonly List<string> _programs = [];
    private readonly List<string> _releases = [];
    private readonly List<string> _stays = [];
    private int _claimNumber;

    public PlanDataFixture() => Path = Directory.CreateTempSubdirectory("carehub-plan-data-").FullName;

    public string Path { get; }

    public PlanDataFixture Member(string id, string birth, string? death = null, string race = "white", string sex = "F",
        bool enrolled = true, string county = "Los Angeles", string network = "Sunrise IPA", string first = "Ana", string last = "Lopez", string ssn4 = "")
    {
        _members.Add($"{id},{birth},{death},{first},{last},{sex},{race},not-hispanic,{ssn4}");
        if (enrolled)
        {
            _enrollment.Add($"{id},2020-01-01,,{county},{network},N,1H");
        }

        return this;
    }

    public PlanDataFixture Enrollment(string member, string start, string? end) { _enrollment.Add($"{member},{start},{end},Los Angeles,Sunrise IPA,N,1H"); return this; }

    /// <summary>Any claim line; returns the claim id through <paramref name="claimId"/>.</summary>
    public PlanDataFixture Line(string member, string from, string type, string pos = "", string revenue = "", string bill = "", string admission = "",
        string procedure = "", string dx1 = "R69", string dx2 = "", string? to = null, string? id = null)
    {
        var claimId = id ?? $"C{++_claimNumber}";
        _claims.Add($"{claimId},1,{member},{from},{to ?? from},{type},{pos},{revenue},{bill},{admission},{procedure},100.00,{dx1},{dx2}");
        return this;
    }

    /// <summary>An ED facility line (revenue 0450 on an outpatient bill) and the physician's line at place of service 23.</summary>
    public PlanDataFixture Ed(string member, string date, string dx = "R07.9", string? id = null)
    {
        var claimId = id ?? $"ED{++_claimNumber}";
        Line(member, date, "institutional", revenue: "0450", bill: "0131", procedure: "99284", dx1: dx, id: claimId);
        return Line(member, date, "professional", pos: "23", procedure: "99284", dx1: dx, id: claimId + "P");
    }

    public PlanDataFixture Admission(string member, string date, string admissionType = "1", string dx = "J18.9", int days = 3, string? id = null) =>
        Line(member, date, "institutional", revenue: "0120", bill: "0111", admission: admissionType, dx1: dx,
            to: D(date).AddDays(days - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), id: id);

    public PlanDataFixture Snf(string member, string date, string? id = null) =>
        Line(member, date, "institutional", revenue: "0022", bill: "0211", admission: "2", dx1: "I50.9",
            to: D(date).AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), id: id);

    public PlanDataFixture Program(string member, string program, string start, string? end = null, string? id = null)
    {
        _programs.Add($"{member},{program},{start},{end},{id ?? "P" + _programs.Count}");
        return this;
    }

    public PlanDataFixture Release(string member, string date, string type = "jail")
    {
        _releases.Add($"{member},R{_releases.Count + 1},{date},{type},County Jail");
        return this;
    }

    public PlanDataFixture NursingStay(string member, string admission, string? discharge = null, string level = "custodial")
    {
        _stays.Add($"{member},N{_stays.Count + 1},{admission},{discharge},{level},Golden Oaks");
        return this;
    }

    /// <summary>Writes the files (programs, releases and stays only when they have rows) and returns the directory.</summary>
    public string Write()
    {
        WriteFile("members.csv", MembersHeader, _members);
        WriteFile("enrollment.csv", EnrollmentHeader, _enrollment);
        WriteFile("claims.csv", ClaimsHeader, _claims);
        if (_programs.Count > 0)
        {
            WriteFile("programs.csv", ProgramsHeader, _programs);
        }

        if (_releases.Count > 0)
        {
            WriteFile("releases.csv", ReleasesHeader, _releases);
        }

        if (_stays.Count > 0)
        {
            WriteFile("nursing_facility_stays.csv", StaysHeader, _stays);
        }

        return Path;
    }

    public void WriteFile(string name, string header, IEnumerable<string> rows) =>
        File.WriteAllText(System.IO.Path.Combine(Path, name), header + "\n" + string.Join("\n", rows) + (rows.Any() ? "\n" : ""), new UTF8Encoding(false));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Runs the engine on a directory with the catalog's rules (or given ones) and keeps every determination.</summary>
internal static class Identify
{
    public static readonly CatalogPopulationRuleSource Catalog = new(TestCatalog.Embedded);

    public static async Task<Result> RunAsync(string directory, string asOf, string rules = "current", InputKind kind = InputKind.PlanData,
        DeterminationScope scope = DeterminationScope.CriteriaMet, IPopulationRuleSource? source = null, bool skipBadRows = false, string? hmis = null,
        bool backTest = false)
    {
        var sink = new ListDeterminationSink();
        var engine = new IdentificationEngine(source ?? Catalog, TimeProvider.System);
        var outcome = await engine.RunAsync(new IdentificationRequest(kind, directory, PlanDataFixture.D(asOf), rules)
        {
            Scope = scope,
            SkipBadRows = skipBadRows,
            HmisDirectory = hmis,
            MaxDegreeOfParallelism = 2,
            BackTest = backTest,
        }, sink, cancellation: TestContext.Current.CancellationToken);
        return new Result(outcome, sink.Items);
    }

    internal sealed record Result(IdentificationOutcome Outcome, List<Determination> Items)
    {
        public Result Succeeded()
        {
            Outcome.Succeeded.ShouldBeTrue(Outcome.Describe());
            return this;
        }

        public Determination? Find(string member, string population) =>
            Items.SingleOrDefault(d => d.MemberId == member && d.Population == population);

        public bool IsEligible(string member, string population) => Find(member, population)?.Eligible == true;

        public IReadOnlyList<string> Eligible(string population) =>
            [.. Items.Where(d => d.Population == population && d.Eligible).Select(d => d.MemberId).Order(StringComparer.Ordinal)];
    }
}

/// <summary>Rules given by a test (for example one rule per event kind).</summary>
internal sealed class TestRules(params PopulationRule[] rules) : IPopulationRuleSource
{
    public IReadOnlyList<PopulationRule> GetRules(string ruleVersion, DateOnly asOf, bool backTest) => rules;

    public IReadOnlyList<EcmExclusionRule> GetExclusions(DateOnly asOf) => [];
}
