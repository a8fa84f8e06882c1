namespace PhotonRanch.Functions.InfoImages;

/// <summary>Every message of the info images, once: the code uses these and the API description quotes them.</summary>
internal static class InfoImageMessages
{
    public const string InvalidChannel = "'channel' must be 1, 2 or 3.";
}
