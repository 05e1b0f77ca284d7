using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
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
public sealed class NewModel(CreateReferral create, CheckReferral check, CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : PageModel
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
            Problems = problems;
            return Page();
        }

        var result = await create.HandleAsync(Input(documents), $"web-{FormKey}", "web", HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Referral sent: {result.Value!.Summary.CommunitySupportName} for {result.Value.Summary.MemberName}.";
            return Redirect($"/referrals/{result.Value.Summary.Id}");
        }

        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problems = result.Kind == OutcomeKind.Invalid ? ["Please correct the fields marked below."] : [result.Message ?? "The referral could not be sent."];
        await RunCheckAsync();
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
            return;
        }

        var result = await check.HandleAsync(Input(), null, HttpContext.RequestAborted);
        Check = result is null ? null : CheckDto.From(result);
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
        Services = catalog.CommunitySupportsAsOf(Start.Value);
        var cbos = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Cbo).OrderBy(o => o.Name).ToListAsync(HttpContext.RequestAborted);
        // Where the plan has Community Supports contracts in the member's county, the network is the contracted CBOs.
        var contracted = await CareHub.Web.Features.Network.ProviderContracts.ContractedCbosAsync(db, member.PlanId, member.County, Start.Value, HttpContext.RequestAborted);
        Cbos = [.. cbos.Select(o => (o.Id, o.Name, contracted?.Contains(o.Id) ?? o.Counties.Contains(member.County, StringComparer.OrdinalIgnoreCase)))
            .OrderByDescending(o => o.Item3)];
        return true;
    }
}
