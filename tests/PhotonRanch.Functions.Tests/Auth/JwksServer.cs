using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace PhotonRanch.Functions.Tests.Auth;

/// <summary>
/// A stand-in for Auth0's key endpoints on 127.0.0.1: <c>/.well-known/jwks.json</c> with the public keys it was
/// given, and <c>/.well-known/openid-configuration</c> naming it. Counts how often the keys are fetched.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _jwksRequests;

    private JwksServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri JwksUri => new(BaseAddress, ".well-known/jwks.json");

    public Uri MetadataUri => new(BaseAddress, ".well-known/openid-configuration");

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<JwksServer> StartAsync(params (RSA Key, string KeyId)[] keys)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new JwksServer(app);
        var jwks = System.Text.Json.JsonSerializer.Serialize(new
        {
            keys = keys.Select(key =>
            {
                var parameters = key.Key.ExportParameters(includePrivateParameters: false);
                return new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) };
            }),
        });
        app.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref server._jwksRequests);
            return Results.Text(jwks, "application/json");
        });
        app.MapGet("/.well-known/openid-configuration", () =>
            Results.Text($$"""{"issuer":"{{Infrastructure.TestTokens.Issuer}}","jwks_uri":"{{server.JwksUri}}"}""", "application/json"));
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
