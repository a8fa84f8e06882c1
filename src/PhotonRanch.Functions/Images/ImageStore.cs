using System.Text;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using PhotonRanch.Functions.Files;
using PhotonRanch.Functions.Ingestion;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// The one home of the <c>images</c> table's SQL: the image endpoints' and downloads' reads, and ingestion's writes.
/// Every value a caller supplies travels as a typed parameter; the SQL text is built only from constant fragments,
/// so no request can change a statement's shape beyond choosing which of them apply.
/// </summary>
/// <remarks>
/// Ingestion writes with one <c>INSERT … ON CONFLICT (base_filename, data_type) DO UPDATE</c> on the unique index of
/// migration 0003, so the files of one exposure — arriving in any order, on any number of instances at once — always
/// end in one row, and each statement sets only the columns its file owns: a flag never touches the header columns,
/// a header never touches a flag. <c>sort_date</c> is <c>DATE-OBS</c> once a header gave one; until then it is the
/// earliest upload time of the exposure's files seen so far, so a row never sorts as <c>NULL</c> and the value does
/// not depend on the order the files are processed in. <c>capture_date</c> comes only from a header.
/// </remarks>
internal sealed class ImageStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "image_id, base_filename, data_type, site, capture_date, sort_date, right_ascension, declination, " +
        "fits_01_exists, fits_10_exists, jpg_medium_exists, jpg_small_exists, altitude, azimuth, airmass, " +
        "exposure_time, filter_used, username, user_id, header";

    private const string HeaderColumns =
        "header, right_ascension, declination, altitude, azimuth, filter_used, airmass, exposure_time, user_id, username, capture_date, ra_deg, dec_deg";

    // Newest first; image_id breaks ties so that equal sort dates come back in a stable order.
    private const string NewestFirst = "ORDER BY sort_date DESC, image_id DESC";

    /// <summary>Only rows with a medium JPG.</summary>
    public async Task<IReadOnlyList<ImageRow>> LatestAsync(string site, int count, string? userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
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
        await using var command = dataSource.CreateCommand(
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
        await using var command = dataSource.CreateCommand(
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

    /// <summary>Up to two rows with a medium JPG: enough to tell none, one and several apart.</summary>
    public async Task<IReadOnlyList<ImageRow>> WithJpgByBaseFilenameAsync(string baseFilename, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM images WHERE base_filename = $1 AND jpg_medium_exists {NewestFirst} LIMIT 2");
        command.Parameters.Add(Text(baseFilename));
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>Up to two rows' headers (null for a row without one).</summary>
    public async Task<IReadOnlyList<string?>> HeadersByBaseFilenameAsync(string baseFilename, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT header FROM images WHERE base_filename = $1 {NewestFirst} LIMIT 2");
        command.Parameters.Add(Text(baseFilename));

        var headers = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            headers.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return headers;
    }

    /// <summary>
    /// How many images with a medium JPG <paramref name="site"/> has per filter, per user and per night. A night is
    /// the local date, in <paramref name="timeZone"/>, of the noon-to-noon window holding the sort date, with noon
    /// at 12:00 TAI as <c>/events</c> places it (<paramref name="taiMinusUtcSeconds"/> before 12:00 UTC-local).
    /// </summary>
    public async Task<ImageAggregate> AggregateAsync(string site, string timeZone, int taiMinusUtcSeconds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT GROUPING(filter_used), GROUPING(user_id, username), filter_used, user_id, username, night, count(*)
            FROM (
                SELECT filter_used, user_id, username,
                    ((sort_date + make_interval(secs => $2)) AT TIME ZONE 'UTC' AT TIME ZONE $3 - interval '12 hours')::date AS night
                FROM images WHERE site = $1 AND jpg_medium_exists
            ) AS rows
            GROUP BY GROUPING SETS ((filter_used), (user_id, username), (night))
            """);
        command.Parameters.Add(Text(site));
        command.Parameters.Add(new NpgsqlParameter { Value = (double)taiMinusUtcSeconds, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(Text(timeZone));

        var filters = new List<FilterCount>();
        var users = new List<UserCount>();
        var nights = new List<NightCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt64(6);
            if (reader.GetInt32(0) == 0)
            {
                filters.Add(new FilterCount(NullableString(reader, 2), count));
            }
            else if (reader.GetInt32(1) == 0)
            {
                users.Add(new UserCount(NullableString(reader, 3), NullableString(reader, 4), count));
            }
            else if (!reader.IsDBNull(5))
            {
                nights.Add(new NightCount(reader.GetFieldValue<DateOnly>(5), count));
            }
        }

        return new ImageAggregate(
            [.. filters.OrderByDescending(f => f.Count).ThenBy(f => f.Filter, StringComparer.Ordinal)],
            [.. users.OrderByDescending(u => u.Count).ThenBy(u => u.UserId, StringComparer.Ordinal)],
            [.. nights.OrderByDescending(n => n.Night)]);
    }

    /// <summary>Rows with a medium JPG that match every filter that is set, newest first, at most <see cref="ImageFilter.Limit"/>.</summary>
    public async Task<IReadOnlyList<ImageRow>> FilteredAsync(ImageFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand();
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

        if (filter.Since is { } since)
        {
            // Newer than that whole millisecond, as packages show sort dates: a row in it is not new to the caller.
            Where("sort_date >=", Timestamp(since.AddMilliseconds(1)));
        }

        if (filter.NightWindow is { } night)
        {
            Where("sort_date >=", Timestamp(night.From));
            Where("sort_date <", Timestamp(night.To));
        }

        if (filter.Near is { } cone)
        {
            // The cone's bounding box in the index's order (declination band, then right ascension, split in two at
            // 0/360), then the exact angular distance. A cone holding a pole holds every right ascension of its band.
            Where("dec_deg >=", Number(Math.Max(-90, cone.DecDegrees - cone.RadiusDegrees)));
            Where("dec_deg <=", Number(Math.Min(90, cone.DecDegrees + cone.RadiusDegrees)));
            if (cone.RaHalfWidthDegrees() is { } halfWidth)
            {
                var (low, high) = (cone.RaDegrees - halfWidth, cone.RaDegrees + halfWidth);
                command.Parameters.Add(Number(low < 0 ? low + 360 : low));
                command.Parameters.Add(Number(high >= 360 ? high - 360 : high));
                var n = command.Parameters.Count;
                sql.Append(low < 0 || high >= 360 ? $" AND (ra_deg >= ${n - 1} OR ra_deg <= ${n})" : $" AND ra_deg >= ${n - 1} AND ra_deg <= ${n}");
            }

            var (sinDec, cosDec) = Math.SinCos(cone.DecDegrees * Math.PI / 180);
            command.Parameters.Add(Number(sinDec));
            command.Parameters.Add(Number(cosDec));
            command.Parameters.Add(Number(cone.RaDegrees));
            command.Parameters.Add(Number(Math.Cos(cone.RadiusDegrees * Math.PI / 180)));
            var last = command.Parameters.Count;
            sql.Append($" AND ${last - 3} * sind(dec_deg) + ${last - 2} * cosd(dec_deg) * cosd(ra_deg - ${last - 1}) >= ${last}");
        }

        if (filter.After is { } after)
        {
            // The rows after the cursor in "sort_date DESC (NULLs first), image_id DESC" order; the row comparison
            // lets the newest-first indexes seek straight to it.
            command.Parameters.Add(new NpgsqlParameter { Value = after.ImageId, NpgsqlDbType = NpgsqlDbType.Integer });
            var id = command.Parameters.Count;
            if (after.SortDate is { } sortDate)
            {
                command.Parameters.Add(Timestamp(sortDate));
                sql.Append($" AND (sort_date, image_id) < (${command.Parameters.Count}, ${id})");
            }
            else
            {
                sql.Append($" AND (sort_date IS NOT NULL OR image_id < ${id})");
            }
        }

        command.Parameters.Add(new NpgsqlParameter { Value = filter.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        sql.Append($" {NewestFirst} LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return await ReadRowsAsync(command, cancellationToken);
    }

    public static string FlagColumn(FrameFileKind kind) => kind switch
    {
        FrameFileKind.LargeFits => "fits_01_exists",
        FrameFileKind.SmallFits => "fits_10_exists",
        FrameFileKind.MediumJpg => "jpg_medium_exists",
        FrameFileKind.SmallJpg => "jpg_small_exists",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A header sets no flag."),
    };

    /// <summary>
    /// Writes the header columns of <paramref name="frame"/>'s row (creating the row when missing). With
    /// <paramref name="onlyWhenMissing"/> (a header read from a FITS file) a row that already has a header keeps it,
    /// because the <c>.txt</c> header is the one the site meant to be recorded.
    /// </summary>
    public async Task WriteHeaderAsync(FrameFilename frame, ImageHeaderFields fields, DateTime uploadedUtc, bool onlyWhenMissing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(fields);
        var updates = string.Join(", ", HeaderColumns.Split(", ").Select(column => $"{column} = EXCLUDED.{column}"));
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO images AS existing (base_filename, data_type, site, {HeaderColumns}, sort_date)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16, $17, COALESCE($14, $15))
            ON CONFLICT (base_filename, data_type) DO UPDATE SET {updates},
                sort_date = COALESCE(EXCLUDED.capture_date, LEAST(existing.sort_date, $15))
            {(onlyWhenMissing ? "WHERE existing.header IS NULL" : string.Empty)}
            """);
        AddKey(command, frame);
        command.Parameters.Add(new NpgsqlParameter { Value = fields.Header.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Number(fields.RightAscension));
        command.Parameters.Add(Number(fields.Declination));
        command.Parameters.Add(Number(fields.Altitude));
        command.Parameters.Add(Number(fields.Azimuth));
        command.Parameters.Add(Text(fields.FilterUsed));
        command.Parameters.Add(Number(fields.Airmass));
        command.Parameters.Add(Number(fields.ExposureTime));
        command.Parameters.Add(Text(fields.UserId));
        command.Parameters.Add(Text(fields.Username));
        command.Parameters.Add(Timestamp(fields.CaptureDate));
        command.Parameters.Add(Timestamp(uploadedUtc));
        command.Parameters.Add(Number(fields.RaDegrees));
        command.Parameters.Add(Number(fields.DecDegrees));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets the flag of <paramref name="kind"/> on <paramref name="frame"/>'s row (creating the row when missing).</summary>
    public async Task SetFlagAsync(FrameFilename frame, FrameFileKind kind, DateTime uploadedUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var flag = FlagColumn(kind);
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO images AS existing (base_filename, data_type, site, {flag}, sort_date)
            VALUES ($1, $2, $3, true, $4)
            ON CONFLICT (base_filename, data_type) DO UPDATE SET {flag} = true,
                sort_date = CASE WHEN existing.capture_date IS NULL THEN LEAST(existing.sort_date, EXCLUDED.sort_date) ELSE existing.sort_date END
            """);
        AddKey(command, frame);
        command.Parameters.Add(Timestamp(uploadedUtc));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasHeaderAsync(FrameFilename frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM images WHERE base_filename = $1 AND data_type = $2 AND header IS NOT NULL)");
        command.Parameters.Add(Text(frame.BaseFilename));
        command.Parameters.Add(Text(frame.DataType));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void AddKey(NpgsqlCommand command, FrameFilename frame)
    {
        command.Parameters.Add(Text(frame.BaseFilename));
        command.Parameters.Add(Text(frame.DataType));
        command.Parameters.Add(Text(frame.Site));
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Number(double? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double };

    // The column is a timestamp without time zone holding UTC wall-clock times. The parameter is typed the same way
    // (Kind Unspecified), so PostgreSQL compares clock values and the session's TimeZone never enters the comparison,
    // as it would if the value were sent as a timestamptz.
    private static NpgsqlParameter Timestamp(DateTime? value) => new()
    {
        Value = value is { } time ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified) : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.Timestamp,
    };

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

/// <summary>What <c>GET /images/aggregate</c> answers: a site's images counted per filter, user and night.</summary>
/// <param name="Filters">Per <c>filter_used</c>, most images first.</param>
/// <param name="Users">Per <c>user_id</c> and <c>username</c>, most images first.</param>
/// <param name="Nights">Per night, newest first.</param>
internal sealed record ImageAggregate(
    [property: JsonPropertyName("filters")] IReadOnlyList<FilterCount> Filters,
    [property: JsonPropertyName("users")] IReadOnlyList<UserCount> Users,
    [property: JsonPropertyName("nights")] IReadOnlyList<NightCount> Nights);

internal sealed record FilterCount([property: JsonPropertyName("filter")] string? Filter, [property: JsonPropertyName("count")] long Count);

internal sealed record UserCount(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("count")] long Count);

/// <summary>Images of one night (the local date whose noon starts it, <c>YYYY-MM-DD</c>).</summary>
internal sealed record NightCount([property: JsonPropertyName("night")] DateOnly Night, [property: JsonPropertyName("count")] long Count);

/// <summary>The newest image with a medium JPG at one site.</summary>
internal sealed record NewestSiteImage(string Site, string BaseFilename, string? DataType);

/// <summary>Which FITS files one image has, for zips of a date range.</summary>
/// <param name="DataType">Empty when unknown.</param>
/// <param name="Fits01Exists">The large FITS (<c>…01.fits.fz</c>).</param>
/// <param name="Fits10Exists">The small FITS (<c>…10.fits.fz</c>).</param>
internal sealed record FitsAvailability(string BaseFilename, string DataType, bool Fits01Exists, bool Fits10Exists);
