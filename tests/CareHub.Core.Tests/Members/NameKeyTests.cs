using CareHub.Members;

namespace CareHub.Core.Tests.Members;

public class NameKeyTests
{
    [Theory]
    [InlineData("Peña", "PENA")]
    [InlineData("  josé  ", "JOSE")]
    [InlineData("Nguyễn", "NGUYEN")]
    [InlineData("O'Brien-Smith", "O'BRIEN-SMITH")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void NameKey_IsTrimmedUpperCaseWithoutAccents(string? name, string expected)
    {
        Member.NameKey(name).ShouldBe(expected);
    }

    [Fact]
    public void SettingANameKeepsItsKey()
    {
        var member = new Member { PlanMemberId = "M1", FirstName = "Ana", LastName = "Peña", County = "Kern" };
        member.LastNameKey.ShouldBe("PENA");
        member.LastName = "Ibáñez";
        member.LastNameKey.ShouldBe("IBANEZ");
        member.FirstNameKey.ShouldBe("ANA");
    }

    [Fact]
    public void TheTable_PairsEachAccentedLetterWithOnePlainAsciiLetter()
    {
        NameKeys.Plain.Length.ShouldBe(NameKeys.Accented.Length);
        NameKeys.Accented.Distinct().Count().ShouldBe(NameKeys.Accented.Length);
        NameKeys.Plain.ShouldAllBe(c => char.IsAsciiLetter(c));
    }
}
