using System.ComponentModel.DataAnnotations;
using CareHub.Audit;
using CareHub.Data;
using CareHub.Web.Accessibility;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Account;

public sealed class LoginModel(SignInGuard guard, AuditTrail audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [StringLength(256)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public FormErrors FormErrors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            foreach (var (field, label) in new[] { (nameof(Email), "E-mail"), (nameof(Password), "Password") })
            {
                if (ModelState[field]?.Errors is { Count: > 0 } errors)
                {
                    FormErrors.Add(field, label, errors[0].ErrorMessage);
                }
            }

            return Page();
        }

        var outcome = await guard.PasswordSignInAsync(Email, Password, IdentityConstants.ApplicationScheme, HttpContext);
        if (outcome == SignInOutcome.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        await audit.RecordAsync(AuditActions.SignInFailed, null, "/account/login", Email.Trim());
        Error = outcome == SignInOutcome.HeldOff
            ? "Too many failed attempts for this account from here: sign-in is locked here for 15 minutes. Ask your administrator if you need in sooner."
            : "The e-mail or password is wrong.";
        return Page();
    }
}
