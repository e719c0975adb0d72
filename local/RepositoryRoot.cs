namespace EsafetyServerless.Local;

/// <summary>Finds the repository root (where package.json and the solution live) from the running binary.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsafetyServerless.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }

        // Published elsewhere: fall back to the working directory, where the README's command runs.
        return Directory.GetCurrentDirectory();
    }

    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Find(), path));
}
