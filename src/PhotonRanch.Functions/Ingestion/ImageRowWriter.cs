using Npgsql;
using NpgsqlTypes;
using PhotonRanch.Functions.Files;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// Ingestion's writes to the <c>images</c> table. Every write is one <c>INSERT … ON CONFLICT (base_filename,
/// data_type) DO UPDATE</c> on the unique index of migration 0003, so the files of one exposure — arriving in any
/// order, on any number of instances at once — always end in one row, and each statement sets only the columns its
/// file owns: a flag never touches the header columns, a header never touches a flag.
/// </summary>
/// <remarks>
/// <c>sort_date</c> is <c>DATE-OBS</c> once a header gave one; until then it is the earliest upload time of the
/// exposure's files seen so far, so a row never sorts as <c>NULL</c> (first, in <c>DESC</c> order) and the value does
/// not depend on the order the files are processed in. <c>capture_date</c> comes only from a header.
/// </remarks>
internal sealed class ImageRowWriter(NpgsqlDataSource dataSource)
{
    private const string HeaderColumns =
        "header, right_ascension, declination, altitude, azimuth, filter_used, airmass, exposure_time, user_id, username, capture_date";

    private readonly NpgsqlDataSource _dataSource = dataSource;

    /// <summary>The flag column each file kind sets.</summary>
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
        await using var command = _dataSource.CreateCommand(
            $"""
            INSERT INTO images AS existing (base_filename, data_type, site, {HeaderColumns}, sort_date)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, COALESCE($14, $15))
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
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets the flag of <paramref name="kind"/> on <paramref name="frame"/>'s row (creating the row when missing).</summary>
    public async Task SetFlagAsync(FrameFilename frame, FrameFileKind kind, DateTime uploadedUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var flag = FlagColumn(kind);
        await using var command = _dataSource.CreateCommand(
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

    /// <summary>Whether <paramref name="frame"/>'s row exists and has a header.</summary>
    public async Task<bool> HasHeaderAsync(FrameFilename frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        await using var command = _dataSource.CreateCommand(
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

    // UTC wall-clock time in a timestamp-without-time-zone column, as the image endpoints read it (docs/decisions.md).
    private static NpgsqlParameter Timestamp(DateTime? value) => new()
    {
        Value = value is { } time ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified) : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.Timestamp,
    };
}
