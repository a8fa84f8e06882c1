namespace PhotonRanch.Functions.Auth;

/// <summary>Who sent a request with a valid bearer token.</summary>
/// <param name="Subject">The token's <c>sub</c> claim (the Auth0 user id).</param>
/// <param name="Roles">
/// The Photon Ranch roles from the claim <c>https://photonranch.org/user_metadata</c> → <c>roles</c>; empty when the
/// token carries none. (The original fetched them from Auth0's userinfo endpoint; the claim carries the same data.)
/// </param>
internal sealed record AuthenticatedCaller(string? Subject, IReadOnlyList<string> Roles);
