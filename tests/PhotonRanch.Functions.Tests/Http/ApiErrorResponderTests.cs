using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>Which database faults are "unavailable" (503) and which are ours (500), through the responder's public API.</summary>
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

    private (int Status, string Error) Answer(Exception exception)
    {
        var result = Assert.IsType<JsonResponse>(_responder.ToResult(exception, new DefaultHttpContext(), "test-correlation"));
        var body = Assert.IsType<ApiErrorResponder.DependencyErrorBody>(result.Value);
        Assert.Equal("test-correlation", body.CorrelationId);
        return (result.StatusCode, body.Error);
    }
}
