using System.Globalization;
using CareHub.Common;

namespace CareHub.Web.Accessibility;

/// <summary>Dates from a page's date fields, which send them as yyyy-MM-dd and show them as mm/dd/yyyy.</summary>
public static class FormDates
{
    /// <summary>The date sent (null when the field was left empty), or the problem in the field's words: a date that
    /// does not read, or one outside the dates CareHub accepts.</summary>
    public static (DateOnly? Date, string? Problem) Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (null, "Enter the date as mm/dd/yyyy.");
        }

        return InputRules.IsSaneDate(date)
            ? (date, null)
            : (null, $"Enter a date from {InputRules.EarliestDate:MM/dd/yyyy} to {InputRules.LatestDate:MM/dd/yyyy}.");
    }
}
