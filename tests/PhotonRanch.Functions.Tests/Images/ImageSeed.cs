using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>A row to put into the images table; every column has a plausible default.</summary>
public sealed record SeedImage(string BaseFilename, string Site)
{
    public string? DataType { get; init; } = "EX";

    public DateTime? CaptureDate { get; init; } = new(2022, 6, 29, 3, 0, 0, DateTimeKind.Unspecified);

    public DateTime? SortDate { get; init; } = new(2022, 6, 29, 3, 0, 0, DateTimeKind.Unspecified);

    public double? RightAscension { get; init; } = 12.5;

    public double? Declination { get; init; } = -30.25;

    public bool Fits01Exists { get; init; }

    public bool Fits10Exists { get; init; } = true;

    public bool JpgMediumExists { get; init; } = true;

    public bool JpgSmallExists { get; init; }

    public double? Altitude { get; init; } = 45.5;

    public double? Azimuth { get; init; } = 180.25;

    public double? Airmass { get; init; } = 1.4;

    public double? ExposureTime { get; init; } = 10;

    public string? FilterUsed { get; init; } = "w";

    public string? Username { get; init; } = "Tim Beccue";

    public string? UserId { get; init; } = "google-oauth2|100354044221813550027";

    public string? Header { get; init; }

    public double? RaDeg { get; init; }

    public double? DecDeg { get; init; }

    /// <summary>A header JSON object string from key/value pairs (values may be strings or numbers).</summary>
    public static string HeaderOf(params (string Key, object Value)[] cards) =>
        JsonSerializer.Serialize(cards.ToDictionary(card => card.Key, card => card.Value));
}

/// <summary>Writes seed rows straight into the fixture's schema, as ingestion would.</summary>
public static class ImageSeeding
{
    public static async Task InsertAsync(IServiceProvider services, params SeedImage[] images)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var batch = dataSource.CreateBatch();
        foreach (var image in images)
        {
            var command = new NpgsqlBatchCommand(
                """
                INSERT INTO images (base_filename, data_type, site, capture_date, sort_date, right_ascension, declination,
                    fits_01_exists, fits_10_exists, jpg_medium_exists, jpg_small_exists, altitude, azimuth, airmass,
                    exposure_time, filter_used, username, user_id, header, ra_deg, dec_deg)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                """);
            command.Parameters.Add(Text(image.BaseFilename));
            command.Parameters.Add(Text(image.DataType));
            command.Parameters.Add(Text(image.Site));
            command.Parameters.Add(Timestamp(image.CaptureDate));
            command.Parameters.Add(Timestamp(image.SortDate));
            command.Parameters.Add(Number(image.RightAscension));
            command.Parameters.Add(Number(image.Declination));
            command.Parameters.Add(new NpgsqlParameter { Value = image.Fits01Exists });
            command.Parameters.Add(new NpgsqlParameter { Value = image.Fits10Exists });
            command.Parameters.Add(new NpgsqlParameter { Value = image.JpgMediumExists });
            command.Parameters.Add(new NpgsqlParameter { Value = image.JpgSmallExists });
            command.Parameters.Add(Number(image.Altitude));
            command.Parameters.Add(Number(image.Azimuth));
            command.Parameters.Add(Number(image.Airmass));
            command.Parameters.Add(Number(image.ExposureTime));
            command.Parameters.Add(Text(image.FilterUsed));
            command.Parameters.Add(Text(image.Username));
            command.Parameters.Add(Text(image.UserId));
            command.Parameters.Add(Text(image.Header));
            command.Parameters.Add(Number(image.RaDeg));
            command.Parameters.Add(Number(image.DecDeg));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Number(double? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double };

    private static NpgsqlParameter Timestamp(DateTime? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Timestamp };
}
