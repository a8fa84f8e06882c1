using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Health;

/// <summary><c>GET /health</c>: whether the app reaches Blob Storage, Table Storage and PostgreSQL.</summary>
internal sealed class HealthFunctions(HealthCheckService healthChecks)
{
    /// <summary>200 when every dependency answers, else 503; each check's status and, on failure, why.</summary>
    [Function("Health")]
    [ApiResponse(StatusCodes.Status200OK, "Every dependency answered.", Example = HealthyExample)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, "At least one dependency did not answer; its check says why.", Example = UnhealthyExample)]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await healthChecks.CheckHealthAsync(cancellationToken);
        var body = new HealthReportBody(
            report.Status.ToString(),
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new HealthCheckBody(entry.Value.Status.ToString(), entry.Value.Description, (long)entry.Value.Duration.TotalMilliseconds)));
        return ApiResults.Json(
            body,
            report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private const string HealthyExample =
        """{"status": "Healthy", "checks": {"blob": {"status": "Healthy", "description": "container 'photonranch-001' reachable", "duration_ms": 12}}}""";

    private const string UnhealthyExample =
        """{"status": "Unhealthy", "checks": {"postgres": {"status": "Unhealthy", "description": "Failed to connect", "duration_ms": 5000}}}""";

    /// <param name="Checks">Each dependency by name (<c>blob</c>, <c>table</c>, <c>postgres</c>).</param>
    public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckBody> Checks);

    /// <param name="Description">What was checked, or why it failed.</param>
    public sealed record HealthCheckBody(string Status, string? Description, long DurationMs);
}
