namespace CareHub.Audit;

public static class AuditActions
{
    public const string MemberRead = "member.read";
    public const string MemberSearch = "member.search";
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string SignOut = "auth.sign-out";
    public const string TokenRefresh = "auth.refresh";
    public const string ApiKeyCreated = "apikey.create";
    public const string ApiKeyRevoked = "apikey.revoke";
}
