using CareHub.Core.Tests.Catalog;
using CareHub.Network;

namespace CareHub.Core.Tests.Network;

public sealed class ModelOfCareItemRulesTests
{
    private static ModelOfCareItemInput Item(string? question = "Describe the ECM provider network by county.", string? page = "Part 2, p. 7",
        string? response = null, string? owner = "Network team", string? comments = null, string? status = null) =>
        new(question, page, response, owner, comments, status);

    [Fact]
    public void CheckItem_TrimsText_EmptyAsNull_AndAddingDefaultsTheStatus()
    {
        var (values, errors) = ModelOfCareRules.CheckItem(Item(question: "  Describe data sharing.  ", page: "   ", owner: " IT "), ModelOfCareRules.NotStarted);
        errors.ShouldBeEmpty();
        values.ShouldBe(new ModelOfCareItemValues("Describe data sharing.", null, null, "IT", null, "not-started"));
    }

    [Fact]
    public void CheckItem_AnEditNamesTheStatus_AnUnknownStatusIsRefused()
    {
        ModelOfCareRules.CheckItem(Item(), null).Errors.Keys.ShouldBe(["status"]);
        ModelOfCareRules.CheckItem(Item(status: "done"), null).Errors["status"][0].ShouldContain("not-started, in-progress, complete; got 'done'");
        ModelOfCareRules.CheckItem(Item(status: "complete"), null).Values!.Status.ShouldBe("complete");
    }

    [Fact]
    public void CheckItem_NamesEveryFieldThatIsMissingOrTooLong()
    {
        var (values, errors) = ModelOfCareRules.CheckItem(
            Item(question: " ", page: new string('p', 41), response: new string('r', 8001), owner: new string('o', 201), comments: new string('c', 4001)), "not-started");
        values.ShouldBeNull();
        errors.Keys.Order().ShouldBe(["comments", "owner", "page", "question", "response"]);
        errors["question"][0].ShouldContain("required");
        errors["response"][0].ShouldContain("8,000");
        ModelOfCareRules.CheckItem(Item(question: new string('q', 2001)), "not-started").Errors["question"][0].ShouldContain("2,000");
        ModelOfCareRules.CheckItem(Item(question: new string('q', 2000), response: new string('r', 8000)), "not-started").Errors.ShouldBeEmpty();
    }

    [Fact]
    public void QuestionKey_IgnoresCaseAndSpacing_ButNotWords()
    {
        ModelOfCareRules.QuestionKey("Describe  the network\n by county.").ShouldBe(ModelOfCareRules.QuestionKey("describe the NETWORK by county."));
        ModelOfCareRules.QuestionKey("Describe the network.").ShouldNotBe(ModelOfCareRules.QuestionKey("Describe the networks."));
    }

    [Fact]
    public void PageOrder_ReadsNumbersAsNumbers_AndPutsNoPageLast()
    {
        string?[] pages = ["Part 1, p. 12", null, "Part 2, p. 7", "Part 1, p. 3", "part 1, p. 03a", ""];
        pages.Order(ModelOfCareRules.PageOrder).ShouldBe(["Part 1, p. 3", "part 1, p. 03a", "Part 1, p. 12", "Part 2, p. 7", null, ""]);
    }
}

public sealed class GoLiveRulesTests
{
    private static readonly DateOnly _today = new(2026, 12, 4);
    private static readonly string[] _counties = ["Los Angeles", "Orange", "San Diego"];

    private static (GoLiveValues? Values, Dictionary<string, string[]> Errors) Check(string? county, string? population, DateOnly? goLive, string[]? counties = null) =>
        ModelOfCareRules.CheckGoLive(new GoLiveInput(county, population, goLive), counties ?? _counties, TestCatalog.Embedded, _today);

    [Fact]
    public void CheckGoLive_CountyIsSpelledAsTheState_AndCodesMayBePopulationsOrCommunitySupports()
    {
        Check("los angeles county", "homelessness", new DateOnly(2022, 1, 1)).Values.ShouldBe(new GoLiveValues("Los Angeles", "homelessness", new DateOnly(2022, 1, 1)));
        Check(" San Diego ", "medically-tailored-meals", new DateOnly(2022, 7, 1)).Values!.County.ShouldBe("San Diego");
    }

    [Fact]
    public void CheckGoLive_CountyMustBeCaliforniasAndInThePlansServiceArea()
    {
        Check(null, "homelessness", new DateOnly(2023, 1, 1)).Errors["county"][0].ShouldContain("required");
        Check("Gotham", "homelessness", new DateOnly(2023, 1, 1)).Errors["county"][0].ShouldContain("not a California county");
        var outside = Check("Fresno", "homelessness", new DateOnly(2023, 1, 1)).Errors["county"][0];
        outside.ShouldContain("Fresno County is not in your plan's service area");
        outside.ShouldContain("Los Angeles, Orange, San Diego");
    }

    [Fact]
    public void CheckGoLive_UnknownOrMissingCode_IsNamed()
    {
        Check("Orange", "flying-cars", new DateOnly(2023, 1, 1)).Errors["population"][0].ShouldContain("neither a Population of Focus nor a Community Support");
        Check("Orange", " ", new DateOnly(2023, 1, 1)).Errors["population"][0].ShouldContain("required");
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("2021-07-01", "before ECM and Community Supports started")]
    [InlineData("2032-01-01", "more than 5 years ahead")]
    [InlineData("2024-03-01", "January 1 or July 1")]
    [InlineData("2024-07-02", "January 1 or July 1")]
    public void CheckGoLive_DateMustBeAPhaseStartWithinBounds(string? date, string problem) =>
        Check("Orange", "ltc-at-risk", date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))
            .Errors["goLive"][0].ShouldContain(problem);

    [Fact]
    public void CheckGoLive_APopulationCannotGoLiveBeforeTheStateHasItInTheCounty()
    {
        // Justice-involved adults were live in Los Angeles from the launch, elsewhere from 2024.
        Check("Los Angeles", "incarceration-transition", new DateOnly(2022, 1, 1)).Errors.ShouldBeEmpty();
        Check("Orange", "incarceration-transition", new DateOnly(2023, 7, 1)).Errors["goLive"][0].ShouldContain("live in Orange County from 2024-01-01");
        Check("Orange", "incarceration-transition", new DateOnly(2024, 1, 1)).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void CheckGoLive_ACommunitySupportMustBeInTheCatalogOnTheDate()
    {
        Check("Orange", "transitional-rent", new DateOnly(2025, 1, 1)).Errors["goLive"][0].ShouldContain("not a Community Support on 2025-01-01");
        Check("Orange", "transitional-rent", new DateOnly(2025, 7, 1)).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void CannotChange_AnEntryNotYetLive_ChangesInEveryWay()
    {
        var planned = new GoLiveValues("Orange", "birth-equity", new DateOnly(2027, 7, 1));
        ModelOfCareRules.CannotChange(planned, planned with { County = "San Diego", GoLive = new DateOnly(2028, 1, 1) }, _today, "Birth Equity").ShouldBeNull();
        ModelOfCareRules.CannotChange(planned, null, _today, "Birth Equity").ShouldBeNull();
    }

    [Fact]
    public void CannotChange_ALiveEntry_StaysWhereItIs_AndItsDateStaysInThePast()
    {
        var live = new GoLiveValues("Orange", "ltc-at-risk", new DateOnly(2023, 1, 1));
        ModelOfCareRules.CannotChange(live, null, _today, "LTC")!.ShouldContain("stays in the schedule");
        ModelOfCareRules.CannotChange(live, live with { County = "San Diego" }, _today, "LTC")!.ShouldContain("county and population stay");
        ModelOfCareRules.CannotChange(live, live with { Population = "nf-transition" }, _today, "LTC")!.ShouldContain("county and population stay");
        ModelOfCareRules.CannotChange(live, live with { GoLive = new DateOnly(2027, 1, 1) }, _today, "LTC")!.ShouldContain("after today");
        ModelOfCareRules.CannotChange(live, live with { GoLive = new DateOnly(2023, 7, 1) }, _today, "LTC").ShouldBeNull();
        ModelOfCareRules.CannotChange(live, live with { County = "orange" }, _today, "LTC").ShouldBeNull();
    }

    [Theory]
    [InlineData("2026-12-04", "2027-01-01")]
    [InlineData("2026-01-01", "2026-07-01")]
    [InlineData("2026-06-30", "2026-07-01")]
    [InlineData("2026-07-01", "2027-01-01")]
    public void NextPhaseStart_IsTheNextJanuaryOrJulyFirst_AfterTheDay(string day, string next)
    {
        var start = ModelOfCareRules.NextPhaseStart(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        start.ShouldBe(DateOnly.Parse(next, System.Globalization.CultureInfo.InvariantCulture));
        ModelOfCareRules.IsPhaseStart(start).ShouldBeTrue();
    }

    [Fact]
    public void IsLive_FromTheGoLiveDayOn()
    {
        ModelOfCareRules.IsLive(new GoLiveValues("Orange", "ltc-at-risk", _today), _today).ShouldBeTrue();
        ModelOfCareRules.IsLive(new GoLiveValues("Orange", "ltc-at-risk", _today.AddDays(1)), _today).ShouldBeFalse();
    }
}
