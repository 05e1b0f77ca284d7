using CareHub.Catalog;
using static CareHub.Core.Tests.Catalog.TestCatalog;

namespace CareHub.Core.Tests.Catalog;

public class CountyMatrixTests
{
    private static readonly Guid _alliance = Guid.Parse("0191a3c4-0000-7000-8000-0000000000a1");
    private static readonly Guid _kaiser = Guid.Parse("0191a3c4-0000-7000-8000-0000000000a2");

    private static readonly Dictionary<Guid, string> _plans = new() { [_kaiser] = "Kaiser", [_alliance] = "Alliance, Inc." };

    private static readonly PlanOffering[] _offerings =
    [
        new(_alliance, "Alameda", "housing-deposits", Date("2022-01-01"), null),
        new(_alliance, "Alameda", "recuperative-care", Date("2022-01-01"), Date("2023-12-31")),
        new(_alliance, "Alameda", "transitional-rent", Date("2026-01-01"), null),
        new(_kaiser, "Alameda", "medically-tailored-meals", Date("2023-07-01"), Date("2025-12-31")),
        new(_kaiser, "Sacramento", "housing-deposits", Date("2022-01-01"), null),
    ];

    [Fact]
    public void Build_GivesOneRowPerPlanAndOneColumnPerServiceInEffect()
    {
        var matrix = CountyMatrix.Build(Embedded, "Alameda", Date("2025-08-01"), _offerings, _plans);

        matrix.Services.Count.ShouldBe(15);
        matrix.Rows.Select(r => r.PlanName).ShouldBe(["Alliance, Inc.", "Kaiser"]);
        var alliance = matrix.Rows[0];
        alliance.Cells.Count.ShouldBe(15);
        alliance.Cells.Single(c => c.CommunitySupportCode == "housing-deposits").Text.ShouldBe("2022-01-01");
        alliance.Cells.Single(c => c.CommunitySupportCode == "recuperative-care").Offering.ShouldBeNull();
        var rent = alliance.Cells.Single(c => c.CommunitySupportCode == "transitional-rent");
        rent.Text.ShouldBe("2026-01-01");
        rent.InEffect.ShouldBeFalse();
        matrix.Rows[1].Cells.Single(c => c.CommunitySupportCode == "medically-tailored-meals").Text.ShouldBe("2023-07-01 to 2025-12-31");
        matrix.Rows[1].Cells.Count(c => c.Offering is not null).ShouldBe(1);
    }

    [Fact]
    public void Build_BeforeTransitionalRent_HasFourteenColumns()
    {
        var matrix = CountyMatrix.Build(Embedded, "Alameda", Date("2023-01-01"), _offerings, _plans);

        matrix.Services.Count.ShouldBe(14);
        matrix.Rows[0].Cells.Single(c => c.CommunitySupportCode == "recuperative-care").Text.ShouldBe("2022-01-01 to 2023-12-31");
    }

    [Fact]
    public void ToCsv_HasAHeaderOfServiceNamesAndQuotesCommas()
    {
        var csv = CountyMatrix.Build(Embedded, "Alameda", Date("2025-08-01"), _offerings, _plans).ToCsv();

        var lines = csv.Split("\r\n");
        lines.Length.ShouldBe(4);
        lines[0].ShouldStartWith("Plan,Housing Transition Navigation Services,Housing Deposits,Housing Tenancy and Sustaining Services,");
        lines[0].ShouldEndWith(",Transitional Rent");
        lines[1].ShouldBe("\"Alliance, Inc.\",,2022-01-01,,,,,,,,,,,,,2026-01-01");
        lines[2].ShouldBe("Kaiser,,,,,,,,,,,,2023-07-01 to 2025-12-31,,,");
        lines[3].ShouldBe("");
    }

    [Fact]
    public void Build_IncludesAPlanWithOfferingsButNoName()
    {
        var other = Guid.Parse("0191a3c4-0000-7000-8000-0000000000a3");
        PlanOffering[] offerings = [.. _offerings, new(other, "Alameda", "sobering-center", Date("2024-07-01"), null)];

        var matrix = CountyMatrix.Build(Embedded, "Alameda", Date("2025-08-01"), offerings, _plans);

        matrix.Rows.Select(r => r.PlanId).ShouldContain(other);
    }
}
