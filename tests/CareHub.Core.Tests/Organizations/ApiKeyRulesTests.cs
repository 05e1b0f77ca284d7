using CareHub.Organizations;

namespace CareHub.Core.Tests.Organizations;

public sealed class ApiKeyRulesTests
{
    [Theory]
    [InlineData("Data warehouse", "PlanCareManager")]
    [InlineData("  Claims feed  ", "PlanAdmin")]
    public void AGoodNameAndAPlanRole_HaveNoProblems(string name, string role) => ApiKeys.Check(name, role).ShouldBeEmpty();

    [Theory]
    [InlineData(null, "name")]
    [InlineData("   ", "name")]
    [InlineData("Line\nbreak", "name")]
    public void AMissingOrBrokenName_IsNamed(string? name, string field) => ApiKeys.Check(name, "PlanCareManager").Keys.ShouldBe([field]);

    [Fact]
    public void ANameOverTheLimit_SaysHowLongItIs()
    {
        var errors = ApiKeys.Check(new string('k', ApiKeys.MaxNameLength + 1), "PlanAdmin");
        errors["name"][0].ShouldBe("The name is 101 characters long; use at most 100.");
        ApiKeys.Check(new string('k', ApiKeys.MaxNameLength), "PlanAdmin").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("EcmProviderStaff")]
    [InlineData("Auditor")]
    [InlineData("planadmin")]
    public void ARoleAPlansKeyMayNotHave_IsNamed(string? role) => ApiKeys.Check("Feed", role).Keys.ShouldBe(["role"]);
}
