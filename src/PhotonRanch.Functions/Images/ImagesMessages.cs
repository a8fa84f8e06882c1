namespace PhotonRanch.Functions.Images;

/// <summary>
/// Every message the image endpoints answer with, once: the code fills these templates in (<see cref="MessageTemplate.Fill"/>) and
/// the API description quotes them. A <c>{name}</c> in a template is what the caller sent.
/// </summary>
internal static class ImagesMessages
{
    public const string NumberOfImages = "number_of_images must be a whole number from 1 to 1000, not '{number_of_images}'.";
    public const string SiteOrUserIdNul = "site and userid must not contain a NUL character.";
    public const string NoResults = "No results found for {base_filename}";
    public const string MultipleImages = "Multiple images found for {base_filename}";
    public const string NoFitsHeader = "No fits header found in the db for {base_filename}";

    public const string InvalidFilter = "Invalid query filter. ";
    public const string NulCharacter = "{key} must not contain a NUL character.";
    public const string NotANumber = "{key} must be a number, not '{value}'.";
    public const string NotADate = "{key} must be a date like 2020-08-30, 2020-08-30+12 or 2020-08-30T21:15:00Z, not '{value}'.";
    public const string Limit = "limit must be a whole number from 1 to 5000, not '{value}'.";
    public const string FilenameEscape = "filename must not end with an unescaped backslash (the LIKE escape character).";
    public const string Cursor = "cursor must be the X-Next-Cursor value of an earlier page, not '{value}'.";
    public const string Since = "since must be a whole number of Unix milliseconds from 0 to 253402300799998, not '{value}'.";
    public const string Night = "night must be a date as YYYY-MM-DD from 1972-01-04 to 2099-12-30, not '{value}'.";
    public const string NightNeedsSite = "night needs site.";
    public const string NightUnknownSite = "night needs a site with a configuration; there is none for '{site}'.";
    public const string NightsUnplaceable = "the site's nights cannot be placed: {problem}";
    public const string Collapse = "collapse must be smartstack, not '{value}'.";
    public const string Near =
        "near must be RA,DEC,RADIUS in degrees (J2000): RA from 0 to 360, DEC from -90 to 90, RADIUS above 0 and at most 90, not '{value}'.";

    public const string AggregateSite = "Missing 'site' query string request parameter.";
    public const string AggregateUnknownSite = "No configuration for site '{site}' to place its nights.";

    public const string FilterProblems =
        "`" + InvalidFilter + "` followed by each problem: `" + NotANumber + "`, `" + NotADate + "`, `" + Limit + "`, `" +
        FilenameEscape + "`, `" + NulCharacter + "`, `" + Cursor + "`, `" + Since + "`, `" + Night + "`, `" + NightNeedsSite +
        "`, `" + NightUnknownSite + "`, `" + Collapse + "` or `" + Near + "`.";
}
