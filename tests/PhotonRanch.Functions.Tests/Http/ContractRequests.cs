namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// One request for every route of the contract (../shared/spec/CONTRACT.md) and the function meant to answer it, and
/// the stray-slash forms real callers send: their base URLs end in the original's <c>/api</c> stage
/// (<c>https://api.photonranch.org/api</c>) and some paths start or end with a slash of their own
/// (<c>{base}//upload/</c> in ptr-observatory obs.py, <c>/image/{b}/</c>, <c>/{site}/config/</c>).
/// </summary>
internal static class ContractRequests
{
    public static IReadOnlyList<(string Method, string Path, string Function)> Canonical { get; } =
    [
        ("GET", "/", "Root"),
        ("GET", "/health", "Health"),
        ("GET", "/openapi.json", "OpenApiDocument"),
        ("GET", "/docs", "ApiReferencePage"),
        ("GET", "/docs/scalar.js", "ApiReferenceScript"),
        ("POST", "/upload", "Upload"),
        ("POST", "/upload/receive", "ReceiveUpload"),
        ("POST", "/download", "Download"),
        ("POST", "/downloadzip", "DownloadZip"),
        ("GET", "/recentuploads", "GetRecentUploads"),
        ("GET", "/infoimage/sro/2", "GetInfoImage"),
        ("GET", "/sro/latest_images/5", "GetLatestImages"),
        ("GET", "/latest_image_all_sites", "GetLatestImageAllSites"),
        ("GET", "/image/sro-kb001ms-20220629-00010442", "GetImage"),
        ("GET", "/fitsheader/sro-kb001ms-20220629-00010442", "GetFitsHeader"),
        ("GET", "/filtered_images", "GetFilteredImages"),
        ("GET", "/sro/config", "GetSiteConfig"),
        ("PUT", "/sro/config", "PutSiteConfig"),
        ("DELETE", "/sro/config", "DeleteSiteConfig"),
        ("GET", "/all/config", "GetAllSiteConfigs"),
        ("GET", "/nightlog/sro", "GetNightLogNote"),
        ("POST", "/nightlog/sro", "CreateNightLogNote"),
        ("DELETE", "/nightlog/sro", "DeleteNightLogNote"),
        ("POST", "/dummy-requires-auth", "DummyRequiresAuth"),
        ("GET", "/events", "GetSiteEvents"),
        ("GET", "/events/moon/rise-set-illum", "GetMoonRiseSetIllumination"),
        ("GET", "/events/plot", "GetSiteEventsPlot"),
        ("POST", "/pipe/queue", "CreatePipeQueue"),
        ("POST", "/pipe/enqueue", "EnqueuePipeItem"),
        ("GET", "/pipe/queue/q1", "PeekPipeQueue"),
        ("POST", "/pipe/queue/q1/dequeue", "DequeuePipeItem"),
        ("POST", "/pipe/queue/q1/ack", "AcknowledgePipeItem"),
        ("POST", "/pipe/queue/q1/extend", "ExtendPipeLease"),
        ("POST", "/pipe/queue/q1/release", "ReleasePipeLease"),
        ("GET", "/pipe/queue/q1/dead", "ListDeadPipeItems"),
        ("POST", "/pipe/queue/q1/redrive", "RedrivePipeItems"),
        ("DELETE", "/pipe/queue/q1", "DeletePipeQueue"),
        ("GET", "/pipe/queues", "ListPipeQueues"),
        ("POST", "/pipe/status", "SetPipeStatus"),
        ("GET", "/pipe/status/pipe1", "GetPipeStatus"),
        ("GET", "/pipe/statuses", "ListPipeStatuses"),
        ("DELETE", "/pipe/status/pipe1", "DeletePipeStatus"),
        ("OPTIONS", "/pipe/queue/q1/dequeue", "Preflight"),
    ];

    /// <summary>Each canonical request as callers also send it: trailing slash, behind a stage (<c>/api</c>, <c>/dev</c>), doubled slashes.</summary>
    public static IEnumerable<(string Method, string Path, string Function)> WithStraySlashes() =>
        Canonical.SelectMany(request => StrayForms(request.Path).Select(path => (request.Method, path, request.Function)));

    public static TheoryData<string, string, string> All()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, function) in WithStraySlashes())
        {
            data.Add(method, path, function);
        }

        return data;
    }

    private static IEnumerable<string> StrayForms(string path)
    {
        yield return path;
        if (path == "/")
        {
            yield return "/api";
            yield return "/api/";
            yield break;
        }

        yield return path + "/";
        yield return "/api" + path;
        yield return "/api/" + path + "/";
        yield return "/dev" + path;
        yield return path.Replace("/", "//", StringComparison.Ordinal)[1..] + "//";
    }
}
