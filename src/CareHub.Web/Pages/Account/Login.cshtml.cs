using System.ComponentModel.DataAnnotations;
using CareHub.Audit;
using CareHub.Data;
using CareHub.Data.Identity;
using CareHub.Web.Accessibility;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, AuditTrail audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
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

        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        await audit.RecordAsync(AuditActions.SignInFailed, null, "/account/login", Email.Trim());
        Error = result.IsLockedOut
            ? "This account is locked after too many failed attempts. Try again in 15 minutes or ask your administrator."
            : "The e-mail or password is wrong.";
        return Page();
    }
}
