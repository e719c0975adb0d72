namespace EsafetyServerless.Http;

/// <summary>Paths the platform serves rather than this app (each endpoint's own route is declared on its handler).</summary>
public static class PlatformPaths
{
    /// <summary>App Service Authentication's sign-in path; the local runtime serves a development sign-in there.</summary>
    public const string SignIn = "/.auth/login/aad";

    /// <summary>App Service Authentication's sign-out path; the local runtime clears its development cookie there.</summary>
    public const string SignOut = "/.auth/logout";
}
