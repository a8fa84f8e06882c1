using System.Text.Json;
using PhotonRanch.Astronomy;
using PhotonRanch.Functions.SiteConfigs;
using PhotonRanch.Functions.SiteEvents;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// The image-metadata queries of the original <c>db</c> service: rows from <see cref="ImageStore"/> turned into
/// <see cref="ImagePackage"/>s with read URLs for their JPGs.
/// </summary>
internal sealed partial class ImagesService(
    ImageStore images, SiteConfigStore siteConfigs, SiteEventsService siteEvents, BlobSasIssuer sas, ILogger<ImagesService> logger)
{
    /// <summary>
    /// How browsers may keep a JPG: a day, as long as its URL stays the same string. The URL is signed for the UTC day
    /// (<see cref="BlobSasIssuer.DailyReadUriAsync"/>) and works until <see cref="BlobSasIssuer.DailyLifetime"/> after the
    /// day's start, 5 to 6 days after it is handed out (the original's were 7 days from each call, never the same twice).
    /// </summary>
    public const string JpgCacheControl = "public, max-age=86400";

    private const string MediumJpgReduction = "10";
    private const string ThumbnailJpgReduction = "11";

    private static readonly JsonElement EmptyHeader = JsonSerializer.SerializeToElement(new Dictionary<string, object>());

    /// <summary>Only images that have a medium JPG, newest first.</summary>
    public async Task<IReadOnlyList<ImagePackage>> LatestImagesAsync(LatestImagesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await images.LatestAsync(query.Site, query.NumberOfImages, query.UserId, cancellationToken);
        return await PackagesAsync(rows, cancellationToken);
    }

    /// <summary>For every site of the site-configurations table that has an image with a medium JPG, that newest JPG's URL.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LatestImageAllSitesAsync(CancellationToken cancellationToken)
    {
        var sites = await siteConfigs.ListSitesAsync(cancellationToken);
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sites.Count == 0)
        {
            return urls;
        }

        foreach (var newest in await images.NewestPerSiteAsync(sites, cancellationToken))
        {
            urls[newest.Site] = await JpgUrlAsync(newest.BaseFilename, newest.DataType, MediumJpgReduction, cancellationToken);
        }

        return urls;
    }

    /// <summary>Only an image with a medium JPG counts.</summary>
    public async Task<ImageLookup> ImageAsync(string baseFilename, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseFilename);
        if (baseFilename.Contains('\0', StringComparison.Ordinal))
        {
            return new ImageLookup(LookupOutcome.NotFound, null);
        }

        var rows = await images.WithJpgByBaseFilenameAsync(baseFilename, cancellationToken);
        return rows.Count switch
        {
            0 => new ImageLookup(LookupOutcome.NotFound, null),
            1 => new ImageLookup(LookupOutcome.Found, await PackageAsync(rows[0], cancellationToken)),
            _ => new ImageLookup(LookupOutcome.Several, null),
        };
    }

    /// <summary><c>{}</c> when the row has no header.</summary>
    public async Task<FitsHeaderLookup> FitsHeaderAsync(string baseFilename, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseFilename);
        if (baseFilename.Contains('\0', StringComparison.Ordinal))
        {
            return new FitsHeaderLookup(LookupOutcome.NotFound, EmptyHeader);
        }

        var headers = await images.HeadersByBaseFilenameAsync(baseFilename, cancellationToken);
        return headers.Count switch
        {
            0 => new FitsHeaderLookup(LookupOutcome.NotFound, EmptyHeader),
            1 => new FitsHeaderLookup(LookupOutcome.Found, HeaderObject(headers[0], baseFilename) ?? EmptyHeader),
            _ => new FitsHeaderLookup(LookupOutcome.Several, EmptyHeader),
        };
    }

    /// <summary>
    /// A page of the images with a medium JPG that match <paramref name="filter"/>, newest first, without
    /// intermediate smart stacks (or collapsed to their final frames); with the cursor of the next page when this
    /// one read its whole limit.
    /// </summary>
    /// <exception cref="RefusedException">The filter's night names a site without a usable configuration.</exception>
    public async Task<ImagePage> FilteredImagesAsync(ImageFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter is { Night: { } night, Site: { } site })
        {
            var unknown = new RefusedException(Refusal.Invalid, ImagesMessages.InvalidFilter + MessageTemplate.Fill(ImagesMessages.NightUnknownSite, ("site", site)));
            var observatory = await ObservatoryAsync(site, unknown, ImagesMessages.InvalidFilter, cancellationToken);
            filter = filter with { NightWindow = SiteEventsService.NightWindowUtc(observatory, night) };
        }

        var rows = await images.FilteredAsync(filter, cancellationToken);
        ImageCursor? next = null;
        if (rows.Count == filter.Limit)
        {
            LogFilteredResultCapped(filter.Limit);
            next = new ImageCursor(rows[^1].SortDate, rows[^1].ImageId);
        }

        var packages = await PackagesAsync(rows, cancellationToken);
        return new ImagePage(
            filter.CollapseSmartStacks ? SmartStackReduction.Collapse(packages) : SmartStackReduction.KeepFinalStacks(packages),
            next?.Encode());
    }

    /// <summary>A site's images with a medium JPG counted per filter, user and night (the site's local noon to noon).</summary>
    /// <exception cref="RefusedException">The site has no usable configuration to place its nights.</exception>
    public async Task<ImageAggregate> AggregateAsync(string site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var unknown = new RefusedException(Refusal.NotFound, MessageTemplate.Fill(ImagesMessages.AggregateUnknownSite, ("site", site)));
        var observatory = await ObservatoryAsync(site, unknown, string.Empty, cancellationToken);
        return await images.AggregateAsync(site, observatory.TimeZone.Id, TimeScales.TaiMinusUtcSeconds(DateTime.UtcNow), cancellationToken);
    }

    // A site's nights are placed from its configuration, as /events places them.
    private async Task<SiteObservatory> ObservatoryAsync(string site, RefusedException unknown, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            return await siteEvents.ObservatoryAsync(site, cancellationToken) ?? throw unknown;
        }
        catch (SiteConfigurationException problem)
        {
            throw new RefusedException(Refusal.Unprocessable, prefix + MessageTemplate.Fill(ImagesMessages.NightsUnplaceable, ("problem", problem.Message)));
        }
    }

    private async Task<IReadOnlyList<ImagePackage>> PackagesAsync(IReadOnlyList<ImageRow> rows, CancellationToken cancellationToken)
    {
        var packages = new List<ImagePackage>(rows.Count);
        foreach (var row in rows)
        {
            packages.Add(await PackageAsync(row, cancellationToken));
        }

        return packages;
    }

    private async Task<ImagePackage> PackageAsync(ImageRow row, CancellationToken cancellationToken)
    {
        var jpgUrl = row.JpgMediumExists
            ? await JpgUrlAsync(row.BaseFilename, row.DataType, MediumJpgReduction, cancellationToken)
            : string.Empty;
        var thumbnailUrl = row.JpgSmallExists
            ? await JpgUrlAsync(row.BaseFilename, row.DataType, ThumbnailJpgReduction, cancellationToken)
            : string.Empty;
        return ImagePackage.Create(row, HeaderObject(row.Header, row.BaseFilename), jpgUrl, thumbnailUrl);
    }

    private async Task<string> JpgUrlAsync(string baseFilename, string? dataType, string reduction, CancellationToken cancellationToken)
    {
        var uri = await sas.DailyReadUriAsync(ImagePackage.BlobName(baseFilename, dataType, reduction, "jpg"), JpgCacheControl, cancellationToken);
        return uri.AbsoluteUri;
    }

    // A header that is not a JSON object is treated as no header, so one damaged row cannot fail a whole list.
    private JsonElement? HeaderObject(string? header, string baseFilename)
    {
        if (header is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }

            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
        }
        catch (JsonException)
        {
            // Logged below, with the other unusable headers.
        }

        LogUnusableHeader(baseFilename);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The header of image {BaseFilename} is not a JSON object; it is treated as absent")]
    private partial void LogUnusableHeader(string baseFilename);

    [LoggerMessage(Level = LogLevel.Information, Message = "filtered_images read its limit of {Limit} rows; older matches were not returned")]
    private partial void LogFilteredResultCapped(int limit);
}

/// <summary>How a lookup by base filename ended: one row, none, or several.</summary>
internal enum LookupOutcome
{
    Found,
    NotFound,
    Several,
}

/// <param name="Package">Set when <see cref="LookupOutcome.Found"/>.</param>
internal sealed record ImageLookup(LookupOutcome Outcome, ImagePackage? Package);

/// <param name="NextCursor">Null when this page is the last.</param>
internal sealed record ImagePage(IReadOnlyList<ImagePackage> Packages, string? NextCursor);

/// <param name="Header"><c>{}</c> unless <see cref="LookupOutcome.Found"/> with a header.</param>
internal sealed record FitsHeaderLookup(LookupOutcome Outcome, JsonElement Header);
