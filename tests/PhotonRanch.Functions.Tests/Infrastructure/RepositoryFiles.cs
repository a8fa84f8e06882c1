namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from (found above the test output).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PhotonRanch.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PhotonRanch.Functions.sln) was not found above the test output.");
    }
}
