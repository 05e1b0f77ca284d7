using CareHub.Members;

namespace CareHub.Core.Tests.Members;

public class AgesTests
{
    [Theory]
    [InlineData("2004-03-10", "2025-03-10", 21)]
    [InlineData("2004-03-10", "2025-03-09", 20)]
    [InlineData("2004-02-29", "2025-02-28", 20)]
    [InlineData("2004-02-29", "2025-03-01", 21)]
    [InlineData("1950-12-31", "2025-01-01", 74)]
    public void WholeYears_CountsBirthdayOnTheAsOfDate(string birth, string asOf, int expected)
    {
        Ages.WholeYears(DateOnly.Parse(birth), DateOnly.Parse(asOf)).ShouldBe(expected);
    }
}
