using CareHub.Common;
using CareHub.Data.Access;
using CareHub.Members;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using Hl7.Fhir.Model;
using FhirOrganization = Hl7.Fhir.Model.Organization;
using FhirTask = Hl7.Fhir.Model.Task;

namespace CareHub.Web.Features.Fhir;

/// <summary>CareHub records as FHIR R4 resources (Gravity SDOH Clinical Care patterns). Resource ids are the JSON API ids.</summary>
public static class FhirMapper
{
    public const string CommunitySupportSystem = "urn:carehub:community-support";
    public const string OrganizationTypeSystem = "urn:carehub:organization-type";
    public const string OutcomeSystem = "urn:carehub:referral-outcome";
    public const string StatusSystem = "urn:carehub:referral-status";
    public const string CinSystem = "urn:carehub:cin";
    public const string PlanMemberIdSystem = "urn:carehub:plan-member-id";
    public const string AmountExtension = "urn:carehub:fhir:requested-amount";
    public const string SdohCategorySystem = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";
    public const string TaskCodeSystem = "http://hl7.org/fhir/CodeSystem/task-code";
    public const string HlOrganizationTypeSystem = "http://terminology.hl7.org/CodeSystem/organization-type";
    public const string TaskProfile = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement";
    public const string ServiceRequestProfile = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest";

    public static Patient ToPatient(Member m) => new()
    {
        Id = m.Id.ToString(),
        Meta = new Meta { LastUpdated = m.CreatedAt },
        Identifier =
        [
            .. m.Cin is null ? Array.Empty<Identifier>() : [new Identifier(CinSystem, m.Cin)],
            new Identifier($"{PlanMemberIdSystem}:{m.PlanId}", m.PlanMemberId),
        ],
        Active = m.DeathDate is null,
        Name = [new HumanName { Family = m.LastName, Given = [m.FirstName], Use = HumanName.NameUse.Official }],
        Gender = m.Sex switch
        {
            "F" => AdministrativeGender.Female,
            "M" => AdministrativeGender.Male,
            "X" => AdministrativeGender.Other,
            _ => AdministrativeGender.Unknown,
        },
        BirthDate = m.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Deceased = m.DeathDate is { } d ? new Date(d.Year, d.Month, d.Day) : null,
        Telecom = m.Phone is null ? [] : [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, m.Phone)],
        Address = m.AddressLine is null ? [] : [new Address { Line = [m.AddressLine], City = m.City, District = m.County, State = "CA", PostalCode = m.Zip }],
        Communication = [new Patient.CommunicationComponent { Language = new CodeableConcept { Text = m.PreferredLanguage }, Preferred = true }],
        ManagingOrganization = new ResourceReference($"Organization/{m.PlanId}"),
    };

    public static FhirOrganization ToOrganization(CareHub.Organizations.Organization o) => new()
    {
        Id = o.Id.ToString(),
        Meta = new Meta { LastUpdated = o.CreatedAt },
        Active = true,
        Name = o.Name,
        Identifier = o.Npi is null ? [] : [new Identifier("http://hl7.org/fhir/sid/us-npi", o.Npi)],
        Type =
        [
            new CodeableConcept
            {
                Coding =
                [
                    new Coding(OrganizationTypeSystem, o.Type.ToCode(), o.Type.DisplayName()),
                    new Coding(HlOrganizationTypeSystem, HlType(o.Type)),
                ],
            },
        ],
        Address = [.. o.Counties.Select(c => new Address { District = c, State = "CA" })],
    };

    /// <summary>The HL7 organization-type code: pay (plan), prov (ECM provider), cg (community group), govt (state).</summary>
    public static string HlType(OrganizationType t) => t switch
    {
        OrganizationType.Plan => "pay",
        OrganizationType.EcmProvider => "prov",
        OrganizationType.Cbo => "cg",
        _ => "govt",
    };

    public static string SdohCategory(string serviceCode) => serviceCode switch
    {
        "medically-tailored-meals" => "food-insecurity",
        "housing-transition-navigation" or "housing-deposits" or "housing-tenancy-sustaining" or "transitional-rent" => "housing-instability",
        "recuperative-care" or "short-term-post-hospitalization-housing" or "sobering-center" => "homelessness",
        "environmental-accessibility-adaptations" or "asthma-remediation" => "inadequate-housing",
        _ => "sdoh-category-unspecified",
    };

    public static RequestStatus ServiceRequestStatus(ReferralStatus s) => s switch
    {
        ReferralStatus.Pended => RequestStatus.OnHold,
        ReferralStatus.Closed => RequestStatus.Completed,
        ReferralStatus.Denied or ReferralStatus.Cancelled => RequestStatus.Revoked,
        _ => RequestStatus.Active,
    };

    public static ServiceRequest ToServiceRequest(ReferralDetail d)
    {
        var s = d.Summary;
        var sr = new ServiceRequest
        {
            Id = s.Id.ToString(),
            Meta = new Meta { LastUpdated = s.UpdatedAt, Profile = [ServiceRequestProfile] },
            Status = ServiceRequestStatus(StatusOf(s.Status)),
            Intent = RequestIntent.Order,
            Category =
            [
                new CodeableConcept(SdohCategorySystem, SdohCategory(s.CommunitySupportCode)),
            ],
            Code = new CodeableConcept(CommunitySupportSystem, s.CommunitySupportCode, s.CommunitySupportName, s.CommunitySupportName),
            Subject = Ref($"Patient/{s.MemberId}", s.MemberName),
            Requester = Ref($"Organization/{s.ReferringOrganizationId}", s.ReferringOrganizationName),
            Performer = s.CboId is { } cbo ? [Ref($"Organization/{cbo}", s.CboName)] : [],
            AuthoredOn = s.CreatedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            Occurrence = new Period(new FhirDateTime(s.RequestedStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                new FhirDateTime(s.RequestedEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
            Priority = s.Priority == AuthorizationClock.Expedited ? RequestPriority.Urgent : RequestPriority.Routine,
            ReasonCode = d.Reason is null ? [] : [new CodeableConcept { Text = d.Reason }],
            Note = d.Needs is null ? [] : [new Annotation { Text = new Markdown(d.Needs) }],
            Insurance = [Ref($"Organization/{s.PlanId}", s.PlanName)],
        };
        if (d.RequestedQuantity is { } q)
        {
            sr.Quantity = new Quantity(q, d.QuantityUnit ?? "units");
        }

        if (d.RequestedAmount is { } a)
        {
            sr.Extension.Add(new Extension(AmountExtension, new Money { Value = a, Currency = Money.Currencies.USD }));
        }

        return sr;
    }

    public static FhirTask ToTask(ReferralDetail d)
    {
        var s = d.Summary;
        var status = StatusOf(s.Status);
        var task = new FhirTask
        {
            Id = s.Id.ToString(),
            Meta = new Meta { LastUpdated = s.UpdatedAt, Profile = [TaskProfile] },
            Status = ParseTaskStatus(s.TaskStatus),
            BusinessStatus = new CodeableConcept(StatusSystem, s.Status, s.StatusLabel, s.StatusLabel),
            Intent = FhirTask.TaskIntent.Order,
            Priority = s.Priority == AuthorizationClock.Expedited ? RequestPriority.Urgent : RequestPriority.Routine,
            Code = new CodeableConcept(TaskCodeSystem, "fulfill"),
            Focus = new ResourceReference($"ServiceRequest/{s.Id}"),
            For = Ref($"Patient/{s.MemberId}", s.MemberName),
            AuthoredOn = s.CreatedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            LastModified = s.UpdatedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            Requester = Ref($"Organization/{s.ReferringOrganizationId}", s.ReferringOrganizationName),
            Owner = s.CboId is { } cbo ? Ref($"Organization/{cbo}", s.CboName) : null,
        };
        var reason = status switch
        {
            ReferralStatus.Declined => d.DeclineNote ?? (d.DeclineReason is { } r ? DeclineReasons.All.GetValueOrDefault(r) : null) ?? "Declined",
            ReferralStatus.Denied => d.DenialReason ?? "Denied by the plan",
            ReferralStatus.Pended => d.PendReason ?? "Pended for more information",
            ReferralStatus.Cancelled => d.OutcomeNote ?? "Cancelled",
            _ => null,
        };
        if (reason is not null)
        {
            task.StatusReason = new CodeableConcept { Text = reason };
            if (status == ReferralStatus.Declined && d.DeclineReason is { } code)
            {
                task.StatusReason.Coding.Add(new Coding("urn:carehub:decline-reason", code));
            }
        }

        foreach (var delivery in d.Deliveries)
        {
            var when = delivery.EndDate is { } end ? $"{delivery.ServiceDate:yyyy-MM-dd} to {end:yyyy-MM-dd}" : $"{delivery.ServiceDate:yyyy-MM-dd}";
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(SdohCategorySystem, "resulting-activity"),
                Value = new CodeableConcept(CommunitySupportSystem, s.CommunitySupportCode, s.CommunitySupportName,
                    $"{LimitEngine.Format(delivery.Quantity)} {delivery.Unit} of {s.CommunitySupportName}, {when}"),
            });
        }

        if (d.Outcome is { } outcome)
        {
            task.Output.Add(new FhirTask.OutputComponent
            {
                Type = new CodeableConcept(OutcomeSystem, outcome, ReferralOutcomes.All.GetValueOrDefault(outcome), null),
                Value = new FhirString(d.OutcomeNote ?? ReferralOutcomes.All.GetValueOrDefault(outcome) ?? outcome),
            });
        }

        if (s.TaskStatus == "completed" && d.Outcome is null && d.Deliveries.Count == 0)
        {
            task.Output.Add(new FhirTask.OutputComponent { Type = new CodeableConcept(SdohCategorySystem, "resulting-activity"), Value = new FhirString("Closed") });
        }

        return task;
    }

    public static Consent ToConsent(MemberAccessGrant g, string? organizationName) => new()
    {
        Id = g.Id.ToString(),
        Meta = new Meta { LastUpdated = g.RevokedAt ?? g.GrantedAt },
        Status = g.RevokedAt is null ? Consent.ConsentState.Active : Consent.ConsentState.Inactive,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        Category = [new CodeableConcept("http://loinc.org", "59284-0", "Consent Document")],
        Patient = new ResourceReference($"Patient/{g.MemberId}"),
        DateTime = g.GrantedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        Organization = [Ref($"Organization/{g.OrganizationId}", organizationName)],
        Policy = [new Consent.PolicyComponent { Uri = $"urn:carehub:access-grant:{g.Reason}" }],
        Provision = new Consent.provisionComponent
        {
            Type = Consent.ConsentProvisionType.Permit,
            Period = new Period(new FhirDateTime(g.GrantedAt), g.RevokedAt is { } r ? new FhirDateTime(r) : null),
            Actor = [new Consent.provisionActorComponent { Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"), Reference = Ref($"Organization/{g.OrganizationId}", organizationName) }],
            Data = g.SourceId is { } source && g.Reason == MemberAccessGrants.Referral
                ? [new Consent.provisionDataComponent { Meaning = Consent.ConsentDataMeaning.Related, Reference = new ResourceReference($"ServiceRequest/{source}") }]
                : [],
        },
    };

    public static FhirTask.TaskStatus ParseTaskStatus(string code) => code switch
    {
        "requested" => FhirTask.TaskStatus.Requested,
        "accepted" => FhirTask.TaskStatus.Accepted,
        "rejected" => FhirTask.TaskStatus.Rejected,
        "cancelled" => FhirTask.TaskStatus.Cancelled,
        "in-progress" => FhirTask.TaskStatus.InProgress,
        "on-hold" => FhirTask.TaskStatus.OnHold,
        "completed" => FhirTask.TaskStatus.Completed,
        "failed" => FhirTask.TaskStatus.Failed,
        "draft" => FhirTask.TaskStatus.Draft,
        "entered-in-error" => FhirTask.TaskStatus.EnteredInError,
        "ready" => FhirTask.TaskStatus.Ready,
        _ => FhirTask.TaskStatus.Received,
    };

    private static ReferralStatus StatusOf(string code) => ReferralStatuses.TryParse(code, out var s) ? s : ReferralStatus.Submitted;

    /// <summary>A reference with a display only when there is one (FHIR forbids empty strings).</summary>
    private static ResourceReference Ref(string reference, string? display) =>
        new(reference, string.IsNullOrWhiteSpace(display) ? null : display);
}
