using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// Reads the <c>images</c> table. Every value a caller supplies travels as a typed parameter; the SQL text is built
/// only from the constant fragments below, so no request can change a statement's shape beyond choosing which of
/// them apply.
/// </summary>
internal sealed class ImageRepository(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "image_id, base_filename, data_type, site, capture_date, sort_date, right_ascension, declination, " +
        "fits_01_exists, fits_10_exists, jpg_medium_exists, jpg_small_exists, altitude, azimuth, airmass, " +
        "exposure_time, filter_used, username, user_id, header";

    // Newest first; image_id breaks ties so that equal sort dates come back in a stable order.
    private const string NewestFirst = "ORDER BY sort_date DESC, image_id DESC";

    private readonly NpgsqlDataSource _dataSource = dataSource;

    /// <summary>The newest <paramref name="count"/> rows of <paramref name="site"/> with a medium JPG, optionally of one user.</summary>
    public async Task<IReadOnlyList<ImageRow>> LatestAsync(string site, int count, string? userId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM images WHERE site = $1 AND jpg_medium_exists");
        command.Parameters.Add(Text(site));
        if (userId is not null)
        {
            sql.Append(" AND user_id = $2");
            command.Parameters.Add(Text(userId));
        }

        command.Parameters.Add(new NpgsqlParameter { Value = count, NpgsqlDbType = NpgsqlDbType.Integer });
        sql.Append($" {NewestFirst} LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>
    /// For each of <paramref name="sites"/>, the base filename and data type of its newest row with a medium JPG,
    /// in the order of <paramref name="sites"/>; sites without one are left out. One statement for every site.
    /// </summary>
    public async Task<IReadOnlyList<NewestSiteImage>> NewestPerSiteAsync(IReadOnlyList<string> sites, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sites);
        await using var command = _dataSource.CreateCommand(
            $"""
            SELECT requested.site, newest.base_filename, newest.data_type
            FROM unnest($1::text[]) WITH ORDINALITY AS requested(site, position)
            CROSS JOIN LATERAL (
                SELECT base_filename, data_type FROM images
                WHERE images.site = requested.site AND jpg_medium_exists
                {NewestFirst}
                LIMIT 1
            ) AS newest
            ORDER BY requested.position
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = sites.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

        var newest = new List<NewestSiteImage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            newest.Add(new NewestSiteImage(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return newest;
    }

    /// <summary>
    /// The base filename, data type and FITS flags of every row of <paramref name="site"/> captured from
    /// <paramref name="fromUtc"/> to <paramref name="toUtc"/> (inclusive, UTC) that has a large or a small FITS file.
    /// </summary>
    public async Task<IReadOnlyList<FitsAvailability>> FitsCapturedBetweenAsync(string site, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT base_filename, data_type, fits_01_exists, fits_10_exists FROM images " +
            "WHERE site = $1 AND capture_date >= $2 AND capture_date <= $3 AND (fits_01_exists OR fits_10_exists) " +
            "ORDER BY capture_date, image_id");
        command.Parameters.Add(Text(site));
        command.Parameters.Add(Timestamp(fromUtc));
        command.Parameters.Add(Timestamp(toUtc));

        var rows = new List<FitsAvailability>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FitsAvailability(
                reader.GetString(0),
                reader.IsDBNull(1) ? string.Empty : reader.GetString(1),
                reader.GetBoolean(2),
                reader.GetBoolean(3)));
        }

        return rows;
    }

    /// <summary>Up to two rows with <paramref name="baseFilename"/> and a medium JPG: enough to tell none, one and several apart.</summary>
    public async Task<IReadOnlyList<ImageRow>> WithJpgByBaseFilenameAsync(string baseFilename, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM images WHERE base_filename = $1 AND jpg_medium_exists {NewestFirst} LIMIT 2");
        command.Parameters.Add(Text(baseFilename));
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>The headers of up to two rows with <paramref name="baseFilename"/> (null for a row without one).</summary>
    public async Task<IReadOnlyList<string?>> HeadersByBaseFilenameAsync(string baseFilename, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT header FROM images WHERE base_filename = $1 {NewestFirst} LIMIT 2");
        command.Parameters.Add(Text(baseFilename));

        var headers = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            headers.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return headers;
    }

    /// <summary>Rows with a medium JPG that match every filter that is set, newest first, at most <see cref="ImageFilter.Limit"/>.</summary>
    public async Task<IReadOnlyList<ImageRow>> FilteredAsync(ImageFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = _dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM images WHERE jpg_medium_exists");

        void Where(string condition, NpgsqlParameter parameter)
        {
            command.Parameters.Add(parameter);
            sql.Append(" AND ").Append(condition).Append(" $").Append(command.Parameters.Count);
        }

        if (filter.Username is not null)
        {
            Where("username =", Text(filter.Username));
        }

        if (filter.UserId is not null)
        {
            Where("user_id =", Text(filter.UserId));
        }

        if (filter.Site is not null)
        {
            Where("site =", Text(filter.Site));
        }

        if (filter.FilterUsed is not null)
        {
            Where("filter_used =", Text(filter.FilterUsed));
        }

        if (filter.ExposureTimeMin is { } minimum)
        {
            Where("exposure_time >=", Number(minimum));
        }

        if (filter.ExposureTimeMax is { } maximum)
        {
            Where("exposure_time <=", Number(maximum));
        }

        if (filter.StartDate is { } start)
        {
            Where("capture_date >=", Timestamp(start));
        }

        if (filter.EndDate is { } end)
        {
            Where("capture_date <=", Timestamp(end));
        }

        if (filter.FilenamePattern is not null)
        {
            Where("base_filename LIKE", Text(filter.FilenamePattern));
        }

        command.Parameters.Add(new NpgsqlParameter { Value = filter.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        sql.Append($" {NewestFirst} LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return await ReadRowsAsync(command, cancellationToken);
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Number(double value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Double };

    // The column is a timestamp without time zone holding UTC wall-clock times. The parameter is typed the same way
    // (Kind Unspecified), so PostgreSQL compares clock values and the session's TimeZone never enters the comparison,
    // as it would if the value were sent as a timestamptz.
    private static NpgsqlParameter Timestamp(DateTime value) =>
        new() { Value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified), NpgsqlDbType = NpgsqlDbType.Timestamp };

    private static async Task<IReadOnlyList<ImageRow>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ImageRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ImageRow(
                ImageId: reader.GetInt32(0),
                BaseFilename: reader.GetString(1),
                DataType: NullableString(reader, 2),
                Site: NullableString(reader, 3),
                CaptureDate: reader.IsDBNull(4) ? null : reader.GetDateTime(4),
                SortDate: reader.IsDBNull(5) ? null : reader.GetDateTime(5),
                RightAscension: NullableDouble(reader, 6),
                Declination: NullableDouble(reader, 7),
                Fits01Exists: reader.GetBoolean(8),
                Fits10Exists: reader.GetBoolean(9),
                JpgMediumExists: reader.GetBoolean(10),
                JpgSmallExists: reader.GetBoolean(11),
                Altitude: NullableDouble(reader, 12),
                Azimuth: NullableDouble(reader, 13),
                Airmass: NullableDouble(reader, 14),
                ExposureTime: NullableDouble(reader, 15),
                FilterUsed: NullableString(reader, 16),
                Username: NullableString(reader, 17),
                UserId: NullableString(reader, 18),
                Header: NullableString(reader, 19)));
        }

        return rows;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}

/// <summary>The newest image with a medium JPG at one site.</summary>
/// <param name="Site">The site code.</param>
/// <param name="BaseFilename">Its base filename.</param>
/// <param name="DataType">Its data type.</param>
internal sealed record NewestSiteImage(string Site, string BaseFilename, string? DataType);

/// <summary>Which FITS files one image has, for zips of a date range.</summary>
/// <param name="BaseFilename">Its base filename, e.g. <c>sro-kb001ms-20220629-00010442</c>.</param>
/// <param name="DataType">Its data type, e.g. <c>EX</c> (empty when unknown).</param>
/// <param name="Fits01Exists">Whether the large FITS (<c>…01.fits.fz</c>) exists.</param>
/// <param name="Fits10Exists">Whether the small FITS (<c>…10.fits.fz</c>) exists.</param>
internal sealed record FitsAvailability(string BaseFilename, string DataType, bool Fits01Exists, bool Fits10Exists);
