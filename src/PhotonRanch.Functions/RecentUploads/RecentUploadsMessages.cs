namespace PhotonRanch.Functions.RecentUploads;

/// <summary>Every message of the recent uploads list, once: the code uses these and the API description quotes them.</summary>
internal static class RecentUploadsMessages
{
    /// <summary>The original's answer when the query has no site.</summary>
    public const string MissingSite = "Please be sure to include the sitecode query parameter.";
}
