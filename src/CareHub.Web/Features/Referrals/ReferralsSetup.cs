namespace CareHub.Web.Features.Referrals;

public static class ReferralsSetup
{
    /// <summary>Referrals, authorizations, the webhook dispatcher (options under <c>CareHub:Webhooks</c>) and demo referrals.</summary>
    public static IServiceCollection AddReferrals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReferralService>();
        services.AddScoped<Demo.IDemoDataContributor, ReferralDemoData>();
        services.Configure<WebhookOptions>(configuration.GetSection("CareHub:Webhooks"));
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
