using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Ecm;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Ecm;

/// <summary>Import an admission/discharge feed; each event creates a follow-up task on the member's case. A file
/// with any problem imports nothing and comes back with every problem's line and column.</summary>
[Authorize(Roles = Roles.PlanAdmin + "," + Roles.PlanCareManager + "," + Roles.EcmProviderStaff)]
public sealed class TransitionsModel(EcmTransitionsImport import) : PageModel
{
    public const long MaxBytes = Security.RequestLimits.TransitionsFileBytes;

    private static readonly UploadedFile.Field _upload = new("Upload", "CSV file", "CSV", MaxBytes);
    private static readonly UploadedFile.Field _pasted = new("CsvText", "Pasted rows", "CSV", MaxBytes);

    [BindProperty] public string? CsvText { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    public FormErrors FormErrors { get; private set; } = new();
    public ImportResult? Result { get; private set; }
    public IReadOnlyList<string> Columns => [.. TransitionsCsv.RequiredColumns, .. TransitionsCsv.OptionalColumns];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var form = new FormErrors();
        var fromFile = Upload is not null && (Upload.Length > 0 || !string.IsNullOrWhiteSpace(Upload.FileName));
        string? text = CsvText;
        if (fromFile)
        {
            text = await UploadedFile.ReadAsync(Upload, _upload, form, HttpContext.RequestAborted);
        }
        else if (string.IsNullOrWhiteSpace(text))
        {
            form.Add(_upload.Id, _upload.Label, "Choose a CSV file, or paste the rows below.");
        }

        if (form.Any || text is null)
        {
            return Refuse(form, StatusCodes.Status400BadRequest);
        }

        var result = await import.ImportAsync(text, Request.Path, HttpContext.RequestAborted);
        if (result.Kind == OutcomeKind.Forbidden)
        {
            return Forbid();
        }

        if (!result.Succeeded)
        {
            var field = fromFile ? _upload : _pasted;
            return Refuse(form.AddRejected(field, fromFile ? Path.GetFileName(Upload!.FileName) : "the pasted rows", result), UploadedFile.StatusOf(result.Kind));
        }

        Result = result.Value;
        return Page();
    }

    private PageResult Refuse(FormErrors form, int status)
    {
        FormErrors = form;
        Response.StatusCode = status;
        return Page();
    }
}
