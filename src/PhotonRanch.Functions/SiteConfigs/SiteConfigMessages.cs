namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// Every message of site codes and configurations, once: the code fills these in (<see cref="MessageTemplate.Fill"/>)
/// and the API description quotes them. A <c>{name}</c> is what the caller sent.
/// </summary>
internal static class SiteConfigMessages
{
    public const string InvalidSiteCode =
        "'{parameter}' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.";

    public const string NoConfiguration = "No configuration exists for site '{site}'.";
    public const string ReservedSite = "'all' is reserved (GET /all/config lists every site) and cannot be a site code.";
    public const string EmptyConfiguration = "The configuration must be a non-empty JSON object.";
}
