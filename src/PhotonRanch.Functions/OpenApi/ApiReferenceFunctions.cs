using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.OpenApi;

/// <summary>
/// <c>GET /docs</c>: the interactive API reference (Scalar) for <c>/openapi.json</c>, on both hosts. Its script is the
/// one the Scalar.AspNetCore package embeds, served from here: the page needs no CDN and works offline. Scalar's own
/// <c>MapScalarApiReference</c> needs endpoint routing, which the Functions host does not have.
/// </summary>
internal sealed class ApiReferenceFunctions
{
    public const string PageRoute = "docs";

    public const string ScriptRoute = "docs/scalar.js";

    // Scalar.AspNetCore embeds its standalone bundle gzip-compressed under this name.
    private const string ScriptResource = "ScalarStaticAssets.scalar.js";

    /// <summary>The reference page, which loads the script and the API description relative to itself.</summary>
    [Function("ApiReferencePage")]
    [ExcludeFromDescription]
    public IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoute)] HttpRequest request)
    {
        // The script and the description are found from the page's own address, so the page works under any prefix a
        // caller's base URL has (/api/docs) and with a trailing slash (/docs/).
        const string html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{ApiDescriptionFactory.Title}}</title>
            </head>
            <body>
              <div id="app"></div>
              <script>
                const base = location.pathname.replace(/\/+$/, '').replace(/{{PageRoute}}$/, '');
                const script = document.createElement('script');
                script.src = base + '{{ScriptRoute}}';
                script.onload = () => Scalar.createApiReference('#app', { url: base + 'openapi.json', hideClientButton: true, defaultOpenAllTags: true });
                document.body.appendChild(script);
              </script>
            </body>
            </html>
            """;
        return new StreamResponse("text/html; charset=utf-8", new MemoryStream(Encoding.UTF8.GetBytes(html), writable: false));
    }

    /// <summary>Scalar's script, sent compressed to every client that accepts gzip (every browser).</summary>
    [Function("ApiReferenceScript")]
    [ExcludeFromDescription]
    public IActionResult Script(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ScriptRoute)] HttpRequest request)
    {
        var compressed = typeof(Scalar.AspNetCore.ScalarOptions).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"Scalar.AspNetCore no longer embeds {ScriptResource}.");
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        request.HttpContext.Response.Headers.Vary = "Accept-Encoding";
        if (request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            request.HttpContext.Response.Headers.ContentEncoding = "gzip";
            return new StreamResponse("text/javascript", compressed);
        }

        return new StreamResponse("text/javascript", new GZipStream(compressed, CompressionMode.Decompress));
    }
}
