using CareHub.Reporting;

namespace CareHub.Core.Tests.Reporting;

public sealed class ProviderTypeSummaryTests
{
    [Fact]
    public void Providers_AreGroupedByType_InTheRostersOrder_WithCapacityAndMembersSummed()
    {
        var rows = ProviderTypeSummary.ByType(
        [
            new ProviderLoad("hospital", 30, 4, 2),
            new ProviderLoad("fqhc", 100, 10, 7),
            new ProviderLoad(null, 20, 1, 1),
            new ProviderLoad("fqhc", null, 3, 0),
            new ProviderLoad(" hospital ", 5, 0, 0),
            new ProviderLoad("mobile-unit", 8, 2, 2),
        ]);

        rows.Select(r => r.ProviderType).ShouldBe(["fqhc", "hospital", "mobile-unit", "unspecified"]);
        rows[0].ShouldBe(new ProviderTypeRow("fqhc", "Federally qualified health center", 2, 100, 1, 13, 7));
        rows[1].ShouldBe(new ProviderTypeRow("hospital", "Hospital or hospital-based clinic", 2, 35, 0, 4, 2));
        rows[2].Label.ShouldBe("mobile-unit");
        rows[3].ShouldBe(new ProviderTypeRow("unspecified", "Type not recorded", 1, 20, 0, 1, 1));
    }

    [Fact]
    public void NoProviders_NoRows() => ProviderTypeSummary.ByType([]).ShouldBeEmpty();
}
