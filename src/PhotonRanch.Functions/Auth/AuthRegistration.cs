using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Auth;

/// <summary>Registers bearer-token authentication.</summary>
internal static class AuthRegistration
{
    /// <summary>Adds <see cref="AuthOptions"/> (validated at start-up), the signing keys and <see cref="BearerAuthenticator"/>.</summary>
    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeySource>();
        services.AddSingleton<BearerAuthenticator>();
        return services;
    }
}
