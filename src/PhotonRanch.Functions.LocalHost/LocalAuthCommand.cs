using System.Globalization;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The local host's <c>token</c> and <c>auth-settings</c> subcommands, which give a local run the same authentication
/// as production with a local key (<see cref="LocalSigningKey"/>): <c>auth-settings</c> prints the <c>Auth__*</c>
/// settings <c>scripts/run.sh</c> starts the API with, <c>token</c> mints a bearer token they accept.
/// </summary>
internal static class LocalAuthCommand
{
    /// <summary>Where the key is kept when <c>--key-dir</c> is not given, relative to the current directory.</summary>
    public const string DefaultKeyDirectory = ".local/run/auth";

    private const string Usage =
        """
        usage: token [--role ROLE]... [--lifetime 1h] [--key-dir DIR]
                 prints a bearer token for the local API (lifetime: 90s, 30m, 1h, 7d or hh:mm:ss; default 1h)
               auth-settings [--key-dir DIR]
                 prints the Auth__* settings (NAME=value lines) that make the API accept those tokens
        The key is generated into DIR (default .local/run/auth) the first time and reused after.
        """;

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public static bool Handles(string verb) => verb is "token" or "auth-settings";

    /// <summary>Runs <c>args[0]</c> (<c>token</c> or <c>auth-settings</c>) with its options; 0 on success, 2 for bad arguments.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0 || !Handles(args[0]))
        {
            error.WriteLine(Usage);
            return 2;
        }

        if (!TryParse(args, out var keyDirectory, out var roles, out var lifetime, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        using var key = LocalSigningKey.LoadOrCreate(keyDirectory);
        if (args[0] == "token")
        {
            output.WriteLine(key.Mint(roles, lifetime));
            return 0;
        }

        output.WriteLine($"Auth__ClientId={LocalSigningKey.ClientId}");
        output.WriteLine($"Auth__Issuer={LocalSigningKey.Issuer}");

        // One line: the API reads a PEM whose line breaks became spaces, as environment variables hold it.
        output.WriteLine($"Auth__CertificatePem={key.CertificatePem.ReplaceLineEndings(" ").Trim()}");
        return 0;
    }

    private static bool TryParse(IReadOnlyList<string> args, out string keyDirectory, out List<string> roles, out TimeSpan lifetime, out string problem)
    {
        (keyDirectory, roles, lifetime, problem) = (DefaultKeyDirectory, [], DefaultLifetime, string.Empty);
        var isToken = args[0] == "token";
        for (var i = 1; i < args.Count; i++)
        {
            var option = args[i];
            if (i + 1 >= args.Count || !(option == "--key-dir" || (isToken && option is "--role" or "--lifetime")))
            {
                problem = i + 1 >= args.Count && option.StartsWith("--", StringComparison.Ordinal) ? $"{option} needs a value." : $"Unknown option '{option}'.";
                return false;
            }

            var value = args[++i];
            switch (option)
            {
                case "--key-dir":
                    keyDirectory = value;
                    break;
                case "--role":
                    roles.Add(value);
                    break;
                default:
                    if (!TryParseLifetime(value, out lifetime))
                    {
                        problem = $"--lifetime '{value}' is not a positive duration such as 90s, 30m, 1h, 7d or 01:30:00.";
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool TryParseLifetime(string text, out TimeSpan lifetime)
    {
        lifetime = TimeSpan.Zero;
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            lifetime = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.Zero,
            };
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
        {
            lifetime = parsed;
        }

        return lifetime > TimeSpan.Zero;
    }
}
