namespace EsafetyServerless.Http;

/// <summary>Paths the platform serves rather than this app (each endpoint's own route is declared on its handler).</summary>
public static class PlatformPaths
{
    /// <summary>App Service Authentication's sign-in path; the local runtime serves a development sign-in there.</summary>
    public const string SignIn = "/.auth/login/aad";

    /// <summary>App Service Authentication's sign-out page, where the service's own sign-out sends the browser.</summary>
    public const string SignOut = "/.auth/logout";

    /// <summary>The service's sign-out: every page's "Sign out" form posts here (<c>POST /sign-out</c>).</summary>
    public const string SignOutForm = "/sign-out";
}
