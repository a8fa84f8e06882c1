namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>
/// The real dependencies the test command (scripts/test.sh) started. Tests never mock them; without them the suite
/// fails with a message that says how to run it.
/// </summary>
internal static class TestEnvironment
{
    public static string StorageConnectionString => Require("PHOTONRANCH_TEST_STORAGE_CONNECTION_STRING");

    public static string PostgresConnectionString => Require("PHOTONRANCH_TEST_POSTGRES_CONNECTION_STRING");

    /// <summary>A Blob endpoint (Azurite in OAuth mode, HTTPS) that takes bearer tokens instead of an account key.</summary>
    public static Uri OAuthBlobEndpoint => new(Require("PHOTONRANCH_TEST_OAUTH_BLOB_ENDPOINT"));

    /// <summary>The PEM file of the self-signed certificate <see cref="OAuthBlobEndpoint"/> presents.</summary>
    public static string OAuthBlobCertificate => Require("PHOTONRANCH_TEST_OAUTH_BLOB_CERTIFICATE");

    /// <summary>Azurite's launcher (node_modules/.bin/azurite), for tests that run, stop and restart their own instance.</summary>
    public static string Azurite => Require("PHOTONRANCH_TEST_AZURITE");

    /// <summary>The directory of PostgreSQL's server binaries (initdb, pg_ctl), for tests that run their own cluster.</summary>
    public static string PostgresBin => Require("PHOTONRANCH_TEST_POSTGRES_BIN");

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the suite with scripts/test.sh, which starts Azurite and PostgreSQL for it.");
}
