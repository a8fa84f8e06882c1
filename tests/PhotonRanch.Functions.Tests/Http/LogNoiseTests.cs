using System.Net;
using Microsoft.Extensions.Logging;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// Expected answers are not warnings and SQL is not logged at Information: a run of ordinary requests whose storage
/// answers include 404s and 409s, and which query PostgreSQL, leaves nothing from the Azure SDK below Error and nothing
/// from Npgsql below Warning — while a real fault is still logged once with its correlation id.
/// </summary>
public sealed class LogNoiseTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public LogNoiseTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Expected_storage_answers_and_sql_leave_no_warning_or_information_noise()
    {
        using (var missingConfig = await _api.Client.GetAsync("/nowhere/config"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missingConfig.StatusCode);
        }

        using (var created = await _api.Client.PostAsync("/pipe/queue", new StringContent("""{"queue_name": "noise"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using (var conflict = await _api.Client.PostAsync("/pipe/queue", new StringContent("""{"queue_name": "noise"}""")))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }

        using (var noImage = await _api.Client.GetAsync("/image/sro-kb001ms-20220629-00010442"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noImage.StatusCode);
        }

        var entries = _api.Logs.Entries.ToList();
        Assert.DoesNotContain(entries, entry => entry.Category.StartsWith("Azure.", StringComparison.Ordinal) && entry.Level < LogLevel.Error);
        Assert.DoesNotContain(entries, entry => entry.Category.StartsWith("Npgsql", StringComparison.Ordinal) && entry.Level < LogLevel.Warning);
    }

    [Fact]
    public async Task A_fault_is_logged_once_with_its_correlation_id()
    {
        using var response = await _api.Client.GetAsync("/__probe/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var correlationId = response.Headers.GetValues("x-correlation-id").Single();
        var errors = _api.Logs.Entries.Where(entry => entry.Level >= LogLevel.Error).ToList();
        var fault = Assert.Single(errors, entry => entry.Exception is InvalidOperationException);
        Assert.Equal(correlationId, fault.Values.GetValueOrDefault("CorrelationId"));
    }
}
