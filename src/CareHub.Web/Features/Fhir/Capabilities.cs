using Hl7.Fhir.Model;
using static CareHub.Web.Features.Fhir.FhirResponses;

namespace CareHub.Web.Features.Fhir;

/// <summary>The CapabilityStatement (<c>/fhir/metadata</c>): what CareHub serves and how.</summary>
public static class Capabilities
{
    /// <summary>How a Task drives its referral, for clients that read the CapabilityStatement.</summary>
    public const string TaskDocumentation =
        "The Task (same id as its ServiceRequest) drives the referral. businessStatus (system " + FhirMapper.StatusSystem + ") always shows the referral's own status " +
        "(submitted, pended, approved, denied, accepted, declined, scheduled, in-service, closed, cancelled), so a Task that is 'requested' shows whether it waits " +
        "for the plan's authorization (submitted) or for the provider (approved). The plan decides by PUT or PATCH of businessStatus: 'approved' (Task.owner " +
        "names the CBO authorized, when not the one requested), 'denied' (statusReason.text is the reason, the first note the notice the member receives) or " +
        "'pended' (statusReason.text says what information is needed). The CBO moves status to accepted, in-progress, completed (output carries the outcome) " +
        "or rejected (statusReason, optionally coded urn:carehub:decline-reason); the referrer or the plan may cancel. Creating a Task with an owner names the " +
        "CBO of a referral that has none; a Task's owner is not changed otherwise. Every change is recorded in the referral's history and sent to webhook " +
        "subscribers. Searches page with _count (1-500, default 100) and _offset, with next and previous links. A search of 1,000 matches or more (of any resource) may give " +
        "a total counted up to 30 seconds earlier for the same organization and search; _total=accurate counts it for the request.";

    private static CapabilityStatement.ResourceComponent TaskResource(CapabilityStatement.ResourceComponent task)
    {
        task.Documentation = TaskDocumentation;
        return task;
    }

    public static IResult Metadata(HttpRequest request)
    {
        var baseUrl = $"{request.Scheme}://{request.Host}/fhir";
        CapabilityStatement.ResourceComponent Res(string type, string profile, bool create, bool update, params string[] search)
        {
            var c = new CapabilityStatement.ResourceComponent { Type = type, Profile = profile.Length == 0 ? null : profile };
            c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read });
            c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType });
            if (create)
            {
                c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create });
            }

            if (update)
            {
                c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update });
                c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Patch });
            }

            foreach (var p in search)
            {
                var parts = p.Split(':');
                c.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = parts[0], Type = Enum.Parse<SearchParamType>(parts[1], true) });
            }

            return c;
        }

        var cs = new CapabilityStatement
        {
            Id = "carehub",
            Url = $"{baseUrl}/metadata",
            Name = "CareHub",
            Title = "CareHub FHIR R4 API",
            Status = PublicationStatus.Active,
            Date = "2026-12-01",
            Publisher = "CareHub",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "CareHub" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "CareHub Community Supports referrals", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
            PatchFormat = ["application/json-patch+json"],
            ImplementationGuide = ["http://hl7.org/fhir/us/sdoh-clinicalcare/ImplementationGuide/hl7.fhir.us.sdoh-clinicalcare"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Send Authorization: Bearer <token from POST /api/auth/login> or X-Api-Key. Every read and change is scoped to your organization and audited.",
                    Security = new CapabilityStatement.SecurityComponent { Description = "Bearer tokens and per-organization API keys, as the JSON API." },
                    Resource =
                    [
                        Res("Patient", "", false, false, "_id:token", "identifier:token", "name:string", "birthdate:date"),
                        Res("Organization", "", false, false, "_id:token", "name:string", "type:token"),
                        Res("ServiceRequest", FhirMapper.ServiceRequestProfile, true, false, "_id:token", "patient:reference", "subject:reference", "status:token", "requester:reference", "performer:reference", "_lastUpdated:date"),
                        TaskResource(Res("Task", FhirMapper.TaskProfile, true, true, "_id:token", "patient:reference", "owner:reference", "requester:reference", "status:token", "focus:reference", "_lastUpdated:date", "_include:special")),
                        Res("Consent", "", false, false, "_id:token", "patient:reference", "status:token"),
                    ],
                },
            ],
        };
        return Answer(cs);
    }
}
