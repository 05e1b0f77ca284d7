using CareHub.Catalog;
using static CareHub.Core.Tests.Catalog.TestCatalog;

namespace CareHub.Core.Tests.Catalog;

public class PlanOfferingRulesTests
{
    private static readonly Guid _planA = Guid.Parse("0191a3c4-0000-7000-8000-00000000000a");
    private static readonly Guid _planB = Guid.Parse("0191a3c4-0000-7000-8000-00000000000b");

    private static PlanOffering Offering(string start, string? end = null, string service = "housing-deposits", string county = "Alameda", Guid? plan = null) =>
        new(plan ?? _planA, county, service, Date(start), end is null ? null : Date(end));

    private static PlanOfferingDecision Validate(PlanOffering offering, params PlanOffering[] existing) =>
        PlanOfferingRules.Validate(offering, existing, Embedded);

    [Fact]
    public void Validate_StartOnMarch15_IsRefused()
    {
        var decision = Validate(Offering("2022-03-15"));

        decision.Accepted.ShouldBeFalse();
        decision.Problems.ShouldBe(["An offering must start on January 1 or July 1; 2022-03-15 is neither."]);
    }

    [Theory]
    [InlineData("2022-01-01")]
    [InlineData("2022-07-01")]
    [InlineData("2031-07-01")]
    public void Validate_StartOnJanuaryOrJuly1_IsAccepted(string start)
    {
        var decision = Validate(Offering(start));

        decision.Problems.ShouldBeEmpty();
        decision.Accepted.ShouldBeTrue();
        decision.ServiceVersion!.RuleVersion.ShouldBe("current");
    }

    [Theory]
    [InlineData("2022-07-02")]
    [InlineData("2022-06-30")]
    [InlineData("2022-12-31")]
    [InlineData("2023-02-01")]
    public void Validate_StartOnAnyOtherDay_IsRefused(string start)
    {
        Validate(Offering(start)).Problems.ShouldBe([$"An offering must start on January 1 or July 1; {start} is neither."]);
    }

    [Fact]
    public void Validate_EndBeforeStart_IsRefused()
    {
        Validate(Offering("2023-01-01", end: "2022-12-31")).Problems.ShouldBe(
            ["An offering cannot end (2022-12-31) before it starts (2023-01-01)."]);
    }

    [Fact]
    public void Validate_EndOnTheStartDay_IsAccepted()
    {
        Validate(Offering("2023-01-01", end: "2023-01-01")).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Validate_TransitionalRentBeforeItExists_IsRefused()
    {
        Validate(Offering("2025-01-01", service: "transitional-rent")).Problems.ShouldBe(
            ["Transitional Rent (transitional-rent) is in the catalog only from 2025-07-01; an offering cannot start on 2025-01-01."]);
    }

    [Fact]
    public void Validate_TransitionalRentFromJuly2025_IsAccepted()
    {
        var decision = Validate(Offering("2025-07-01", service: "transitional-rent"));

        decision.Accepted.ShouldBeTrue();
        decision.ServiceVersion!.EffectiveFrom.ShouldBe(Date("2025-07-01"));
    }

    [Fact]
    public void Validate_UnknownService_IsRefused()
    {
        Validate(Offering("2024-01-01", service: "massage")).Problems.ShouldBe(["'massage' is not a Community Support in the catalog."]);
    }

    [Fact]
    public void Validate_OverlapWithTheSamePlanCountyAndService_IsRefusedNamingTheExistingOffering()
    {
        var existing = Offering("2022-01-01", end: "2023-12-31");

        var decision = Validate(Offering("2023-07-01"), existing);

        decision.Accepted.ShouldBeFalse();
        decision.Conflict.ShouldBe(existing);
        decision.Problems.ShouldBe(
            ["This offering overlaps the plan's existing offering of housing-deposits in Alameda from 2022-01-01 to 2023-12-31."]);
    }

    [Fact]
    public void Validate_OverlapWithAnOpenEndedOffering_IsRefused()
    {
        var decision = Validate(Offering("2022-01-01", end: "2022-06-30"), Offering("2022-01-01"));

        decision.Problems.ShouldBe(
            ["This offering overlaps the plan's existing offering of housing-deposits in Alameda from 2022-01-01 to open."]);
    }

    [Fact]
    public void Validate_CountyMatchIgnoresCase()
    {
        Validate(Offering("2023-01-01", county: "alameda "), Offering("2022-01-01", county: "Alameda")).Accepted.ShouldBeFalse();
    }

    [Fact]
    public void Validate_AdjacentOffering_IsAccepted()
    {
        var decision = Validate(Offering("2023-01-01"), Offering("2022-01-01", end: "2022-12-31"));

        decision.Accepted.ShouldBeTrue();
        decision.Conflict.ShouldBeNull();
    }

    [Fact]
    public void Validate_OverlapWithAnotherPlanCountyOrService_IsAccepted()
    {
        var decision = Validate(
            Offering("2023-01-01"),
            Offering("2022-01-01", plan: _planB),
            Offering("2022-01-01", county: "Sacramento"),
            Offering("2022-01-01", service: "recuperative-care"));

        decision.Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Validate_SeveralProblems_AreAllReported()
    {
        var decision = Validate(Offering("2025-03-01", end: "2025-01-01", service: "transitional-rent"));

        decision.Problems.Count.ShouldBe(3);
    }

    [Fact]
    public void Validate_NamesTheFieldEachProblemIsAbout()
    {
        var decision = Validate(Offering("2025-03-01", end: "2025-01-01", service: "no-such-service", county: " "));

        decision.Errors.Keys.ShouldBe(["county", "start", "end", "communitySupportCode"], ignoreOrder: true);
        decision.Errors["start"].ShouldBe(["An offering must start on January 1 or July 1; 2025-03-01 is neither."]);
        decision.Problems.Count.ShouldBe(4);
    }

    [Fact]
    public void Validate_Overlap_IsAboutTheStartInsideTheOtherOffering_OrTheEndReachingIntoIt()
    {
        Validate(Offering("2023-01-01"), Offering("2022-01-01")).Errors.Keys.ShouldBe(["start"]);
        Validate(Offering("2022-01-01", end: "2022-12-31"), Offering("2022-07-01")).Errors.Keys.ShouldBe(["end"]);
    }
}
