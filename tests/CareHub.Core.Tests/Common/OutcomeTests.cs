using CareHub.Common;
using CareHub.Exchange;

namespace CareHub.Core.Tests.Common;

public sealed class OutcomeTests
{
    [Fact]
    public void Invalid_OneField_NamesTheField_AndCarriesNoExtensionsUnlessGiven()
    {
        var plain = Outcome<int>.Invalid("from", "Give a date.");
        (plain.Kind, plain.Message, plain.Extensions).ShouldBe((OutcomeKind.Invalid, "Give a date.", null));
        plain.Errors!["from"].ShouldBe(["Give a date."]);
        plain.Succeeded.ShouldBeFalse();

        var withSegment = Outcome<int>.Invalid("segment", "Bad.", new Dictionary<string, object?> { ["segmentNumber"] = 7 });
        withSegment.Errors!.Keys.ShouldBe(["segment"]);
        withSegment.Extensions!["segmentNumber"].ShouldBe(7);
    }

    [Fact]
    public void Invalid_ManyFields_MessageIsEveryFieldsMessages_UnlessADetailIsGiven()
    {
        var errors = new Dictionary<string, string[]> { ["from"] = ["Give a date."], ["to"] = ["Give another date."] };
        Outcome<int>.Invalid(errors).Message.ShouldBe("Give a date. Give another date.");
        var detailed = Outcome<int>.Invalid(errors, "Two dates are wrong.");
        detailed.Message.ShouldBe("Two dates are wrong.");
        detailed.Errors.ShouldBe(errors);
        detailed.Problems.ShouldBe(["Give a date.", "Give another date."]);
    }

    [Fact]
    public void As_KeepsKindMessagesErrorsAndExtensions_WithoutTheValue()
    {
        var outcome = Outcome<string>.Invalid("segment", "Bad.", new Dictionary<string, object?> { ["segment"] = "CLP*X" });
        var other = outcome.As<int>();
        (other.Kind, other.Message, other.Value).ShouldBe((OutcomeKind.Invalid, "Bad.", 0));
        other.Errors.ShouldBeSameAs(outcome.Errors);
        other.Extensions.ShouldBeSameAs(outcome.Extensions);
        Outcome<string>.Forbidden("No.").As<int>().Kind.ShouldBe(OutcomeKind.Forbidden);
    }

    [Fact]
    public void Created_IsASuccess()
    {
        var created = Outcome<string>.Created("x");
        (created.Kind, created.Succeeded, created.Value).ShouldBe((OutcomeKind.Created, true, "x"));
    }

    [Fact]
    public void FileProblems_X12_NamesTheSegment_AndReadsBack()
    {
        var error = new X12Error(16, "SE*15*0001", "SE01 says 15 segments; the set has 14.");
        var outcome = FileProblems.X12<int>(error, "The 835 was not applied.");
        outcome.Kind.ShouldBe(OutcomeKind.Invalid);
        outcome.Message.ShouldBe("The 835 was not applied. Segment 16 (SE*15*0001): SE01 says 15 segments; the set has 14.");
        outcome.Errors!.Keys.ShouldBe([FileProblems.Segment]);
        outcome.Extensions!.ShouldBe(new Dictionary<string, object?>
        {
            [FileProblems.SegmentNumber] = 16,
            [FileProblems.Segment] = "SE*15*0001",
            [FileProblems.Reason] = error.Message,
        });
        FileProblems.X12Problem(outcome).ShouldBe(error);
        FileProblems.X12Problem(outcome.As<string>()).ShouldBe(error);
        FileProblems.X12Problem(Outcome<int>.Invalid("from", "Give a date.")).ShouldBeNull();
    }

    [Fact]
    public void FileProblems_Csv_NamesLineAndColumn()
    {
        var outcome = FileProblems.Csv<int>(new CsvProblem(2, "from", "'03/10/2025' is not a date (YYYY-MM-DD)."));
        outcome.Kind.ShouldBe(OutcomeKind.Invalid);
        outcome.Errors!["from"].ShouldBe(["Line 2, column from: '03/10/2025' is not a date (YYYY-MM-DD)."]);
        outcome.Message.ShouldBe("Line 2, column from: '03/10/2025' is not a date (YYYY-MM-DD). Nothing was saved.");
        (outcome.Extensions![FileProblems.Line], outcome.Extensions[FileProblems.Column], outcome.Extensions[FileProblems.Reason])
            .ShouldBe((2, "from", "'03/10/2025' is not a date (YYYY-MM-DD)."));
        FileProblems.X12Problem(outcome).ShouldBeNull();
    }
}
