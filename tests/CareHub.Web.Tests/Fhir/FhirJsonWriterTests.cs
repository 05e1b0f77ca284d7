using System.Text.Json;
using CareHub.Members;
using CareHub.Web.Features.Fhir;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace CareHub.Web.Tests.Fhir;

/// <summary>The FHIR JSON the API writes is byte for byte what Firely's serializer writes, on generated resources with
/// every element the direct writer knows, text that needs escaping, and elements it does not know.</summary>
public sealed class FhirJsonWriterTests
{
    private static readonly string[] _texts =
    [
        "Maria", "O'Brien-Núñez", "Nguyễn Thị", "王小明", "\"quoted\" and back\\slash", "tab\tnew\nline", "bell\u0007",
        "<script>alert('x')</script> & co", "line\u2028separator", "emoji 😀 face", "", " ", "+1 (555) 010-2030", "a/b",
    ];

    private static string Firely(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), FhirJsonWriter.Firely);

    private static void ShouldMatchFirely(Resource resource, bool direct = true)
    {
        FhirJsonWriter.ToJson(resource).ShouldBe(Firely(resource));
        FhirJsonWriter.WritesDirectly(resource).ShouldBe(direct);
    }

    private static T? Maybe<T>(Random random, Func<T> make)
        where T : class => random.Next(3) == 0 ? null : make();

    private static string Text(Random random) => _texts[random.Next(_texts.Length)];

    private static DateTimeOffset Instant(Random random) =>
        new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(-8, 3))).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 2000))
            .AddTicks(-random.NextInt64(3) * 1234567);

    private static Member Member(Random random) => new()
    {
        PlanId = Guid.NewGuid(),
        PlanMemberId = $"GP{random.Next(1_000_000)}",
        Cin = random.Next(3) == 0 ? null : $"{random.Next(10_000_000, 99_999_999)}A",
        FirstName = Text(random),
        LastName = Text(random),
        BirthDate = new DateOnly(1940, 1, 1).AddDays(random.Next(30_000)),
        DeathDate = random.Next(4) == 0 ? new DateOnly(2024, 1, 1).AddDays(random.Next(900)) : null,
        Sex = new[] { "F", "M", "X", "U" }[random.Next(4)],
        County = "Los Angeles",
        PreferredLanguage = Text(random),
        Phone = random.Next(3) == 0 ? null : Text(random),
        AddressLine = random.Next(3) == 0 ? null : Text(random),
        City = random.Next(3) == 0 ? null : Text(random),
        Zip = random.Next(3) == 0 ? null : "90012",
        CreatedAt = Instant(random),
    };

    private static CodeableConcept Concept(Random random) => new()
    {
        Coding = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new Coding
        {
            System = Maybe(random, () => "urn:carehub:" + Text(random)),
            Version = Maybe(random, () => "1"),
            Code = Maybe(random, () => Text(random)),
            Display = Maybe(random, () => Text(random)),
            UserSelected = random.Next(4) == 0 ? random.Next(2) == 0 : null,
        })],
        Text = Maybe(random, () => Text(random)),
    };

    private static ResourceReference Reference(Random random) => new()
    {
        Reference = Maybe(random, () => $"Organization/{Guid.NewGuid()}"),
        Type = Maybe(random, () => "Organization"),
        Display = Maybe(random, () => Text(random)),
    };

    private static FhirTask Task(Random random)
    {
        var task = new FhirTask
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = Instant(random), Profile = random.Next(2) == 0 ? [FhirMapper.TaskProfile] : [], VersionId = Maybe(random, () => "3") },
            Status = Enum.GetValues<FhirTask.TaskStatus>()[random.Next(Enum.GetValues<FhirTask.TaskStatus>().Length)],
            StatusReason = Maybe(random, () => Concept(random)),
            BusinessStatus = Maybe(random, () => Concept(random)),
            Intent = FhirTask.TaskIntent.Order,
            Priority = random.Next(2) == 0 ? RequestPriority.Urgent : RequestPriority.Routine,
            Code = Maybe(random, () => Concept(random)),
            Description = Maybe(random, () => Text(random)),
            Focus = Maybe(random, () => Reference(random)),
            For = Maybe(random, () => Reference(random)),
            AuthoredOn = Maybe(random, () => Instant(random).ToString("o", System.Globalization.CultureInfo.InvariantCulture)),
            LastModified = Maybe(random, () => Instant(random).ToString("o", System.Globalization.CultureInfo.InvariantCulture)),
            Requester = Maybe(random, () => Reference(random)),
            Owner = Maybe(random, () => Reference(random)),
        };
        for (var i = random.Next(4); i > 0; i--)
        {
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = Concept(random),
                Value = random.Next(2) == 0 ? new FhirString(Text(random)) : Concept(random),
            });
        }

        return task;
    }

    /// <summary>Generated concepts, references and outputs may come out empty, which Firely leaves out; those resources
    /// are written by Firely itself.</summary>
    private static bool HasEmptyPart(FhirTask t) =>
        new[] { t.StatusReason, t.BusinessStatus, t.Code }.Concat(t.Output.SelectMany(o => new[] { o.Type, o.Value as CodeableConcept }))
            .Any(c => c is not null && (c.Text is null && c.Coding.Count == 0 || c.Coding.Any(x => x.System is null && x.Version is null && x.Code is null && x.Display is null && x.UserSelected is null)))
        || new[] { t.Focus, t.For, t.Requester, t.Owner }.Any(r => r is not null && r.Reference is null && r.Type is null && r.Display is null);

    [Fact]
    public void Patients_MappedFromMembers_AreWrittenAsFirelyWritesThem()
    {
        var random = new Random(20261205);
        for (var i = 0; i < 300; i++)
        {
            ShouldMatchFirely(FhirMapper.ToPatient(Member(random)));
        }
    }

    [Fact]
    public void Tasks_WithEveryKnownElement_AreWrittenAsFirelyWritesThem()
    {
        var random = new Random(1205);
        var direct = 0;
        for (var i = 0; i < 400; i++)
        {
            var task = Task(random);
            var empty = HasEmptyPart(task);
            ShouldMatchFirely(task, direct: !empty);
            direct += empty ? 0 : 1;
        }

        direct.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void SearchBundles_OfPatientsTasksAndOtherResources_AreWrittenAsFirelyWritesThem()
    {
        var random = new Random(7);
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow },
            Type = Bundle.BundleType.Searchset,
            Total = 4601,
            Link =
            [
                new Bundle.LinkComponent { Relation = "self", Url = "https://carehub.example/fhir/Patient?name=Ma&_count=20" },
                new Bundle.LinkComponent { Relation = "next", Url = "https://carehub.example/fhir/Patient?name=Ma&_count=20&_offset=20" },
            ],
        };
        Resource[] resources =
        [
            FhirMapper.ToPatient(Member(random)),
            Task(random),
            new Organization { Id = "org", Name = "Open Door Housing", Active = true },
            new Patient { Id = "narrated", Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">A</div>" } },
            FhirMapper.ToPatient(Member(random)),
        ];
        foreach (var r in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"https://carehub.example/fhir/{r.TypeName}/{r.Id}",
                Resource = r,
                Search = new Bundle.SearchComponent { Mode = r is Organization ? Bundle.SearchEntryMode.Include : Bundle.SearchEntryMode.Match },
            });
        }

        ShouldMatchFirely(bundle);
        ShouldMatchFirely(new Bundle { Type = Bundle.BundleType.Searchset, Total = 0 });
    }

    public static TheoryData<string> Unknown => ["extension", "element id", "primitive extension", "period", "empty concept", "search score", "other resource"];

    [Theory]
    [MemberData(nameof(Unknown))]
    public void ResourcesWithElementsTheWriterDoesNotKnow_AreWrittenByFirely(string what)
    {
        var patient = FhirMapper.ToPatient(Member(new Random(3)));
        Resource resource = patient;
        switch (what)
        {
            case "extension":
                patient.Extension.Add(new Extension("urn:carehub:x", new FhirString("y")));
                break;
            case "element id":
                patient.Name[0].ElementId = "n1";
                break;
            case "primitive extension":
                patient.Name[0].GivenElement[0].Extension.Add(new Extension("urn:carehub:x", new FhirBoolean(true)));
                break;
            case "period":
                patient.Name[0].Period = new Period(new FhirDateTime(2020, 1, 1), null);
                break;
            case "empty concept":
                patient.Communication[0].Language = new CodeableConcept();
                break;
            case "search score":
                resource = new Bundle { Type = Bundle.BundleType.Searchset, Entry = [new Bundle.EntryComponent { Resource = patient, Search = new Bundle.SearchComponent { Score = 0.5m } }] };
                break;
            default:
                resource = new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Invalid, Diagnostics = "x" }] };
                break;
        }

        ShouldMatchFirely(resource, direct: false);
    }
}
