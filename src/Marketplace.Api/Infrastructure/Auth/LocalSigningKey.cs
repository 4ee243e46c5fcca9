using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Api.Infrastructure.Auth;

/// <summary>The embedded default's HMAC key, created on first run in the data directory and kept there.</summary>
public sealed class LocalSigningKey
{
    public const string FileName = "jwt-signing.key";

    public LocalSigningKey(DataDirectory directory)
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
        Key = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "local" };
    }

    public SymmetricSecurityKey Key { get; }
}
