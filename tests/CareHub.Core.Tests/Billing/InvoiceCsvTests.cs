using CareHub.Billing;

namespace CareHub.Core.Tests.Billing;

public sealed class InvoiceCsvTests
{
    [Fact]
    public void Template_ParsesAsOneLine()
    {
        var (invoice, problem) = InvoiceCsv.Parse(InvoiceCsv.Template);
        problem.ShouldBeNull();
        invoice!.InvoiceNumber.ShouldBe("INV-2025-001");
        invoice.Lines.Single().Units.ShouldBe(14m);
    }

    [Theory]
    [InlineData("invoiceNumber,referralId,from,to,units\nA,x,2025-01-01,2025-01-01,1\n", 1, "amount")]
    [InlineData("invoiceNumber,referralId,from,to,units,amount\nA,x,2025-13-01,2025-01-01,1,5\n", 2, "from")]
    [InlineData("invoiceNumber,referralId,from,to,units,amount\nA,x,2025-01-01,2025-01-01,1,5\nB,x,2025-01-01,2025-01-01,1,5\n", 3, "invoiceNumber")]
    [InlineData("invoiceNumber,referralId,from,to,units,amount\nA,x,2025-01-01,2025-01-01,many,5\n", 2, "units")]
    public void Parse_LayoutProblem_NamesLineAndColumn(string csv, int line, string column)
    {
        var (invoice, problem) = InvoiceCsv.Parse(csv);
        invoice.ShouldBeNull();
        (problem!.Line, problem.Column).ShouldBe((line, column));
    }
}
