using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Api.Infrastructure.Auth;

/// <summary>The HMAC key of local tokens: Auth:SigningKey, else one created on first run in the data directory and kept there.</summary>
public sealed class LocalSigningKey
{
    public const string FileName = "jwt-signing.key";

    public LocalSigningKey(DataDirectory directory, IOptions<JwtOptions> options)
    {
        Key = new SymmetricSecurityKey(options.Value.SigningKey is { Length: > 0 } configured ? Decode(configured) : ReadOrCreate(directory)) { KeyId = "local" };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] Decode(string configured)
    {
        var buffer = new byte[configured.Length];
        if (!Convert.TryFromBase64String(configured.Trim(), buffer, out var length) || length < 32)
            throw new OptionsValidationException(JwtOptions.Section, typeof(JwtOptions),
                ["Auth:SigningKey must be base64 of at least 32 bytes (openssl rand -base64 64)."]);
        return buffer[..length];
    }

    private static byte[] ReadOrCreate(DataDirectory directory)
    {
        var path = directory.File(FileName);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
