namespace PhotonRanch.Functions.Health;

/// <summary>What each check of <c>GET /health</c> says, once; <c>{name}</c> is the container's or table's name.</summary>
internal static class HealthMessages
{
    public const string ContainerReachable = "container '{name}' reachable";
    public const string ContainerMissing = "container '{name}' does not exist";
    public const string TableReachable = "table '{name}' reachable";
    public const string TableMissing = "table '{name}' does not exist";
    public const string QueryAnswered = "query answered";
}
