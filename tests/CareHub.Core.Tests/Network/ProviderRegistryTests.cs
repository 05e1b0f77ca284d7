using CareHub.Common;
using CareHub.Network;

namespace CareHub.Core.Tests.Network;

public sealed class ProviderRegistryTests
{
    private static readonly string[] _counties = ["Los Angeles", "Orange"];
    private static readonly string[] _populations = ["homeless-adults"];
    private static readonly string[] _supports = ["medically-tailored-meals"];

    private static ProviderProfileInput Valid(string? npi = "1234567893", string? tin = "12-3456789", string type = "fqhc") =>
        new(type, npi, tin, ["Main clinic, 1 Main St"], ["Los Angeles"], ["homeless-adults"], [], ["en", "es"], 120, false);

    private static Dictionary<string, string[]> Check(ProviderProfileInput input, OrganizationType type = OrganizationType.EcmProvider) =>
        ProviderRegistry.Validate(input, type, _counties, _populations, _supports);

    [Fact]
    public void Validate_AValidProfile_HasNoProblems() => Check(Valid()).ShouldBeEmpty();

    [Theory]
    [InlineData("1234567890", "check digit is wrong: for 123456789 it should be 3")]
    [InlineData("123456789", "10 digits")]
    [InlineData("12345678AB", "only digits")]
    [InlineData("", "required")]
    public void Validate_BadNpi_NamesTheNpiField(string npi, string why)
    {
        var errors = Check(Valid(npi: npi));
        errors.Keys.ShouldBe(["npi"]);
        errors["npi"][0].ShouldContain(why);
    }

    [Fact]
    public void Validate_TinAndLists_NameTheirFields()
    {
        ProviderRegistry.NormalizeTin("12-3456789").ShouldBe("123456789");
        var errors = Check(Valid(tin: "12345") with { Counties = ["Gotham"], Populations = ["werewolves"], Capacity = -1, CommunitySupports = ["teleportation"] });
        errors.Keys.Order().ShouldBe(["capacity", "communitySupports", "counties", "populations", "tin"]);
        errors["counties"][0].ShouldContain("Gotham");
    }

    [Fact]
    public void Validate_ProviderTypeMustFitTheOrganization()
    {
        Check(Valid(type: "fqhc"), OrganizationType.Cbo).Keys.ShouldContain("providerType");
        Check(Valid(type: "meals-provider") with { Populations = [] }, OrganizationType.Cbo).ShouldBeEmpty();
    }

    [Fact]
    public void TrainingRules_APlansTopics_AreValidatedByItem_AndUsualTitlesFilledIn()
    {
        TrainingRules.Validate([]).Keys.ShouldBe(["items"]);
        TrainingRules.Validate([new TrainingTopic("ok-topic", ""), new TrainingTopic("ok-topic", "Again"), new TrainingTopic("Bad!", "x")]).Keys.Order()
            .ShouldBe(["items[0].title", "items[1].topic", "items[2].topic"]);
        TrainingRules.Normalize([new TrainingTopic("program-overview", ""), new TrainingTopic("own", " Our own ")])
            .ShouldBe([new TrainingTopic("program-overview", "ECM and Community Supports 101"), new TrainingTopic("own", "Our own")]);
        TrainingRules.RequiredFor([]).ShouldBe(TrainingRules.DefaultRequired);
    }
}
