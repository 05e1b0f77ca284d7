using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Features.Ecm;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>Import an admission/discharge feed; each event creates a follow-up task on the member's case.</summary>
[Authorize(Roles = Roles.PlanAdmin + "," + Roles.PlanCareManager + "," + Roles.EcmProviderStaff)]
public sealed class TransitionsModel(EcmTransitionsImport import) : PageModel
{
    public const long MaxBytes = 5 * 1024 * 1024;

    // Pasted rows may be as long as a file the page takes.
    [BindProperty, System.ComponentModel.DataAnnotations.MaxLength((int)MaxBytes)] public string? CsvText { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public ImportResult? Result { get; private set; }
    public IReadOnlyList<string> Columns => [.. TransitionsCsv.RequiredColumns, .. TransitionsCsv.OptionalColumns];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        string? text = CsvText;
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > MaxBytes)
            {
                Problems = [$"The file is {file.Length / 1024 / 1024.0:0.0} MB; import at most 5 MB at a time."];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            Problems = ["Choose a CSV file or paste the rows."];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await import.ImportAsync(text, Request.Path, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            Problems = result.Value?.Errors is { Count: > 0 } errors ? errors : [result.Message ?? "Nothing was imported."];
            Response.StatusCode = result.Kind == OutcomeKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = result.Value;
        return Page();
    }
}
