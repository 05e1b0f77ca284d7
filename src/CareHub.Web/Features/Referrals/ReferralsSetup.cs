using CareHub.Data.Access;

namespace CareHub.Web.Features.Referrals;

public static class ReferralsSetup
{
    /// <summary>Referrals, authorizations, the webhook dispatcher and the outbox's retention (options under <c>CareHub:Webhooks</c>) and demo referrals.</summary>
    public static IServiceCollection AddReferrals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<MemberAccessGrants>();
        services.AddScoped<ReferralWriter>();
        services.AddScoped<ReferralQueries>();
        services.AddScoped<MemberUsageHistory>();
        services.AddScoped<CheckReferral>();
        services.AddScoped<CreateReferral>();
        services.AddScoped<AssignProvider>();
        services.AddScoped<DecideReferral>();
        services.AddScoped<UpdateDecisionClocks>();
        services.AddScoped<FollowMember>();
        services.AddScoped<ResubmitReferral>();
        services.AddScoped<CancelReferral>();
        services.AddScoped<AcceptReferral>();
        services.AddScoped<DeclineReferral>();
        services.AddScoped<ScheduleReferral>();
        services.AddScoped<StartServices>();
        services.AddScoped<RecordService>();
        services.AddScoped<CloseReferral>();
        services.AddScoped<RequestExtension>();
        services.AddScoped<DecideExtension>();
        services.AddScoped<Fhir.ReferralSearch>();
        services.AddScoped<Demo.IDemoDataContributor, ReferralDemoData>();
        services.Configure<WebhookOptions>(configuration.GetSection("CareHub:Webhooks"));
        services.AddHttpClient(WebhookDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            // Every connection goes through the address check; redirects and proxies would route around it.
            ConnectCallback = WebhookAddresses.Connect,
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        });
        services.AddSingleton<WebhookDispatcherHealth>();
        services.AddHealthChecks().AddCheck<WebhookDispatcherHealthCheck>("webhook-dispatcher", tags: ["ready"]);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService<OutboxRetention>();
        return services;
    }
}
