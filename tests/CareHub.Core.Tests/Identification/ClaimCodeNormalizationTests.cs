using CareHub.Identification.Input;

namespace CareHub.Core.Tests.Identification;

/// <summary>The one reading of revenue codes and types of bill shared by identification and the outcome readers.</summary>
public sealed class ClaimCodeNormalizationTests
{
    [Theory]
    [InlineData("450", true, "0450")]
    [InlineData("0450", true, "0450")]
    [InlineData("", true, "")]
    [InlineData("45", false, "")]
    [InlineData("04500", false, "")]
    [InlineData("04A0", false, "")]
    public void TryNormalizeRevenueCode_PadsThreeDigits_RefusesTheRest(string text, bool ok, string expected)
    {
        Span<char> into = stackalloc char[4];
        FieldParsers.TryNormalizeRevenueCode(text, into, out var length).ShouldBe(ok);
        into[..length].ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("0111", "111")]
    [InlineData("111", "111")]
    [InlineData("1111", "1111")]
    [InlineData("", "")]
    public void NormalizeTypeOfBill_DropsTheLeadingZeroOfFourDigits(string text, string expected) =>
        FieldParsers.NormalizeTypeOfBill(text).ToString().ShouldBe(expected);
}
