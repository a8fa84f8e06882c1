namespace PhotonRanch.Functions;

/// <summary>Why a request is refused; the HTTP edge (<see cref="Hosting.ApiErrorResponder"/>) picks the status code.</summary>
internal enum Refusal
{
    /// <summary>The data breaks a rule (a 400).</summary>
    Invalid,

    /// <summary>It names nothing that exists (a 404).</summary>
    NotFound,

    /// <summary>It conflicts with the current state (a 409).</summary>
    Conflict,

    /// <summary>It is larger than can be kept or made (a 413).</summary>
    TooLarge,

    /// <summary>It is well-formed but cannot be processed as asked (a 422).</summary>
    Unprocessable,
}

/// <summary>
/// A request that services and stores refuse, with the message the caller sees. They throw it instead of anything
/// HTTP, so that only the edge knows status codes.
/// </summary>
/// <param name="refusal">Why it is refused.</param>
/// <param name="message">What the caller sees: names the problem.</param>
internal sealed class RefusedException(Refusal refusal, string message) : Exception(message)
{
    /// <summary>Why it is refused.</summary>
    public Refusal Refusal { get; } = refusal;
}
