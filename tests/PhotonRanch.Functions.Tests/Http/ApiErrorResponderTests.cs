using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// Which database and storage faults are "unavailable" (503), which are the caller's (4xx) and which are ours (500),
/// through the responder's public API.
/// </summary>
public sealed class ApiErrorResponderTests
{
    private readonly ApiErrorResponder _responder = new(NullLogger<ApiErrorResponder>.Instance);

    [Theory]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    [InlineData(PostgresErrorCodes.ConnectionException)]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CrashShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    public void Connection_class_server_errors_are_the_unavailable_503(string sqlState)
    {
        var (status, error) = Answer(new PostgresException("the server says no", "FATAL", "FATAL", sqlState));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("The image database is unavailable; try again later.", error);
    }

    [Fact]
    public void A_transport_fault_wrapped_by_npgsql_is_the_unavailable_503()
    {
        var (status, error) = Answer(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("The image database is unavailable; try again later.", error);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    [InlineData(PostgresErrorCodes.SyntaxError)]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.InvalidTextRepresentation)]
    public void Other_server_errors_are_a_500_that_names_nothing(string sqlState)
    {
        var (status, error) = Answer(new InvalidOperationException("query failed", new PostgresException("relation \"images\" does not exist", "ERROR", "ERROR", sqlState)));

        Assert.Equal((StatusCodes.Status500InternalServerError, "Internal server error."), (status, error));
    }

    [Fact]
    public async Task Storage_refusing_the_requests_data_is_the_callers_413_not_a_500()
    {
        // A real refusal from the Table service: a string property over its 64 KiB limit.
        var table = new TableServiceClient(TestEnvironment.StorageConnectionString).GetTableClient("refused" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        try
        {
            var refused = await Assert.ThrowsAsync<RequestFailedException>(() =>
                table.AddEntityAsync(new TableEntity("p", "r") { ["text"] = new string('x', 70_000) }));

            var result = Assert.IsType<JsonResponse>(_responder.ToResult(refused, new DefaultHttpContext(), "test-correlation"));

            Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
            Assert.Equal($"Storage refused the request's data ({refused.ErrorCode}).", Assert.IsType<ApiResults.ErrorBody>(result.Value).Error);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    [Fact]
    public void Other_storage_4xx_answers_stay_a_500()
    {
        var (status, _) = Answer(new RequestFailedException(400, "bad filter", "InvalidInput", null));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
    }

    private (int Status, string Error) Answer(Exception exception)
    {
        var result = Assert.IsType<JsonResponse>(_responder.ToResult(exception, new DefaultHttpContext(), "test-correlation"));
        var body = Assert.IsType<ApiErrorResponder.DependencyErrorBody>(result.Value);
        Assert.Equal("test-correlation", body.CorrelationId);
        return (result.StatusCode, body.Error);
    }
}
