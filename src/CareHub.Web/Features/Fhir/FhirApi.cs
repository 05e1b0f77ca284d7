using CareHub.Common;

namespace CareHub.Web.Features.Fhir;

/// <summary>
/// FHIR R4 under <c>/fhir</c> (Firely SDK): Patient, Organization, ServiceRequest (the referral), Task (its
/// fulfilment, Gravity SDOH referral management), Consent (data-sharing grants) and the CapabilityStatement, one file
/// per resource. Same authentication, scoping and audit as the JSON API; every change goes through the referral use
/// cases and their <see cref="Referrals.ReferralWriter"/>, so a referral made here and one made in the app are the same
/// referral with the same history and events.
/// </summary>
public static class FhirApi
{
    public const string FhirJson = FhirResponses.FhirJson;

    public static IEndpointRouteBuilder MapFhirApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", Capabilities.Metadata).AllowAnonymous().WithTags("FHIR");
        var g = app.MapGroup("/fhir").WithTags("FHIR").RequireAuthorization(p => p.RequireRole(Roles.MemberViewers.Split(',')));
        g.MapGet("/Patient/{id}", Patients.ReadPatient);
        g.MapGet("/Patient", Patients.SearchPatients);
        g.MapGet("/Organization/{id}", Organizations.ReadOrganization);
        g.MapGet("/Organization", Organizations.SearchOrganizations);
        g.MapPost("/ServiceRequest", ServiceRequests.Create);
        g.MapGet("/ServiceRequest/{id}", ServiceRequests.Read);
        g.MapGet("/ServiceRequest", ServiceRequests.Search);
        g.MapPost("/Task", Tasks.Create);
        g.MapGet("/Task/{id}", Tasks.Read);
        g.MapGet("/Task", Tasks.Search);
        g.MapPut("/Task/{id}", Tasks.Put);
        g.MapPatch("/Task/{id}", Tasks.Patch);
        g.MapGet("/Consent/{id}", Consents.ReadConsent);
        g.MapGet("/Consent", Consents.SearchConsents);
        return app;
    }
}
