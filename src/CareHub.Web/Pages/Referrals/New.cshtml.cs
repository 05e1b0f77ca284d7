using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Referrals;

/// <summary>The standard referral form: member, Community Support, provider, reason, needs, dates, units, documents,
/// with the instant check against the catalog and the member's whole history before sending.</summary>
[Authorize(Roles = Roles.MemberViewers)]
public sealed class NewModel(CreateReferral create, CheckReferral check, CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : PageModel, IShowsInputProblems
{
    private const int MaxUploadBytes = 5 * 1024 * 1024;

    [BindProperty(SupportsGet = true)] public Guid MemberId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Service { get; set; }
    [BindProperty] public string? ReferrerKind { get; set; }
    [BindProperty] public Guid? CboId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Needs { get; set; }
    [BindProperty] public string? Priority { get; set; }
    [BindProperty] public DateOnly? Start { get; set; }
    [BindProperty] public DateOnly? End { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public decimal? Amount { get; set; }
    [BindProperty] public List<string> Attested { get; set; } = [];
    [BindProperty] public string? DocumentTitle { get; set; }
    [BindProperty] public string? DocumentUrl { get; set; }
    [BindProperty] public IFormFile? DocumentFile { get; set; }

    /// <summary>Sent back with the form so a double submit creates one referral.</summary>
    [BindProperty] public string? FormKey { get; set; }

    public string MemberName { get; private set; } = "";
    public string MemberCounty { get; private set; } = "";
    public IReadOnlyList<CommunitySupportAsOf> Services { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name, bool ServesCounty)> Cbos { get; private set; } = [];
    public CheckDto? Check { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    /// <summary>The errors as the form shows them: by field id, in the form's order, in the words of the form.</summary>
    public FormErrors FormErrors { get; private set; } = new();

    private static readonly string[] _fieldOrder = ["Service", "CboId", "ReferrerKind", "Priority", "Start", "End", "Quantity", "Amount", "Reason", "Needs", "DocumentTitle", "DocumentUrl", "DocumentFile"];

    // Each input is named for its bound property and has the property's name as its id.
    private static readonly Dictionary<string, (string Id, string Label)> _inputs = new(StringComparer.Ordinal)
    {
        ["Service"] = ("Service", "Community Support"),
        ["CboId"] = ("CboId", "Community Supports provider"),
        ["ReferrerKind"] = ("ReferrerKind", "You refer as"),
        ["Priority"] = ("Priority", "Priority"),
        ["Start"] = ("Start", "Start"),
        ["End"] = ("End", "End"),
        ["Quantity"] = ("Quantity", "Units"),
        ["Amount"] = ("Amount", "Amount in dollars"),
        ["Reason"] = ("Reason", "Reason for the referral"),
        ["Needs"] = ("Needs", "Needs"),
        ["DocumentTitle"] = ("DocumentTitle", "Document title"),
        ["DocumentUrl"] = ("DocumentUrl", "Link to a document"),
        ["DocumentFile"] = ("DocumentFile", "File"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        FormKey = Guid.NewGuid().ToString("N");
        ReferrerKind ??= ReferralRules.DefaultReferrerKind(User.GetOrganizationType());
        if (!string.IsNullOrWhiteSpace(Service))
        {
            await RunCheckAsync();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCheckAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        await RunCheckAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var documents = new List<DocumentInput>();
        var problems = new List<string>();
        if (DocumentFile is { Length: > 0 } file)
        {
            if (file.Length > MaxUploadBytes)
            {
                problems.Add("The attached file is larger than 5 MB.");
            }
            else
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream, HttpContext.RequestAborted);
                documents.Add(new DocumentInput(string.IsNullOrWhiteSpace(DocumentTitle) ? Path.GetFileName(file.FileName) : DocumentTitle, null, file.ContentType, Convert.ToBase64String(stream.ToArray())));
            }
        }

        if (!string.IsNullOrWhiteSpace(DocumentUrl))
        {
            documents.Add(new DocumentInput(string.IsNullOrWhiteSpace(DocumentTitle) ? "Supporting document" : DocumentTitle, DocumentUrl, null, null));
        }

        if (problems.Count > 0)
        {
            // Check the other fields in the same pass without sending anything.
            var rest = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(Service)) { rest["communitySupportCode"] = ["empty"]; }
            if (string.IsNullOrWhiteSpace(Reason)) { rest["reason"] = ["empty"]; }
            Errors = rest;
            Problems = ["Please correct the fields marked below."];
            FormErrors = ToFormErrors(Errors).Add("DocumentFile", "File", "The file is larger than 5 MB; attach a smaller one or give a link.").OrderBy(_fieldOrder);
            return Page();
        }

        var result = await create.HandleAsync(Input(documents), $"web-{FormKey}", "web", HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Referral sent: {result.Value!.Summary.CommunitySupportName} for {result.Value.Summary.MemberName}.";
            return Redirect($"/referrals/{result.Value.Summary.Id}");
        }

        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problems = result.Kind == OutcomeKind.Invalid ? [] : [result.Message ?? "The referral could not be sent."];
        var errors = Errors;
        await RunCheckAsync();
        Errors = errors;
        FormErrors = ToFormErrors(Errors).OrderBy(_fieldOrder);
        return Page();
    }

    /// <summary>A value the input rules refuse is marked on its field, with everything typed kept; nothing is sent.</summary>
    public async Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        FormErrors = problems.AddTo(new FormErrors(), _inputs).OrderBy(_fieldOrder);
        return Page();
    }

    private ReferralInput Input(IReadOnlyList<DocumentInput>? documents = null) => new()
    {
        MemberId = MemberId,
        CommunitySupportCode = Service,
        ReferrerKind = ReferrerKind,
        CboId = CboId,
        Reason = Reason,
        Needs = Needs,
        Priority = Priority,
        RequestedStart = Start,
        RequestedEnd = End,
        RequestedQuantity = Quantity,
        RequestedAmount = Amount,
        Attestations = Attested,
        Documents = documents,
    };

    private async Task RunCheckAsync()
    {
        if (string.IsNullOrWhiteSpace(Service))
        {
            Errors = new Dictionary<string, string[]> { ["communitySupportCode"] = ["Choose the Community Support to check."] };
            FormErrors = new FormErrors().Add("Service", "Community Support", "Choose the Community Support to check.");
            return;
        }

        var result = await check.HandleAsync(Input(), null, HttpContext.RequestAborted);
        Check = result is null ? null : CheckDto.From(result);
    }

    /// <summary>The service's errors in the words and formats of this form (dates as the date fields show them).</summary>
    private FormErrors ToFormErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        var form = new FormErrors();
        foreach (var (key, messages) in errors)
        {
            var message = string.Join(" ", messages);
            switch (key)
            {
                case "communitySupportCode":
                    form.Add("Service", "Community Support", string.IsNullOrWhiteSpace(Service) ? "Choose a Community Support." : "Choose a Community Support from the list.");
                    break;
                case "reason":
                    form.Add("Reason", "Reason for the referral", string.IsNullOrWhiteSpace(Reason) ? "Say why the member needs this Community Support." : message);
                    break;
                case "requestedEnd":
                    form.Add("End", "End", $"The end date must be on or after the start date ({Start:MM/dd/yyyy}).");
                    break;
                case "requestedStart":
                    form.Add("Start", "Start", "Enter the start date as mm/dd/yyyy.");
                    break;
                case "cboId":
                    form.Add("CboId", "Community Supports provider", "Choose a provider from the list, or let the plan choose.");
                    break;
                case "referrerKind":
                    form.Add("ReferrerKind", "You refer as", "Choose who you refer as from the list.");
                    break;
                case "priority":
                    form.Add("Priority", "Priority", "Choose routine or expedited.");
                    break;
                case "requestedQuantity":
                    form.Add("Quantity", "Units", message);
                    break;
                case "requestedAmount":
                    form.Add("Amount", "Amount in dollars", message);
                    break;
                case "needs":
                    form.Add("Needs", "Needs", message);
                    break;
                case var k when k.StartsWith("documents", StringComparison.Ordinal):
                    form.Add("DocumentUrl", "Link to a document", message);
                    break;
                default:
                    form.Add(null, null, message);
                    break;
            }
        }

        return form;
    }

    private async Task<bool> LoadAsync()
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == MemberId, HttpContext.RequestAborted);
        if (member is null)
        {
            return false;
        }

        MemberName = member.FullName;
        MemberCounty = member.County;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Start ??= today;
        // A start outside the dates CareHub accepts is shown as typed; the lists are those of today.
        var asOf = InputRules.IsSaneDate(Start.Value) ? Start.Value : today;
        Services = catalog.CommunitySupportsAsOf(asOf);
        var cbos = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Cbo).OrderBy(o => o.Name).ToListAsync(HttpContext.RequestAborted);
        // Where the plan has Community Supports contracts in the member's county, the network is the contracted CBOs.
        var contracted = await CareHub.Web.Features.Network.ProviderContracts.ContractedCbosAsync(db, member.PlanId, member.County, asOf, HttpContext.RequestAborted);
        Cbos = [.. cbos.Select(o => (o.Id, o.Name, contracted?.Contains(o.Id) ?? o.Counties.Contains(member.County, StringComparer.OrdinalIgnoreCase)))
            .OrderByDescending(o => o.Item3)];
        return true;
    }
}
