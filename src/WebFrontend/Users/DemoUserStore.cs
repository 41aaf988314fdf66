using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SessionGrains.WebFrontend.Users;

/// <summary>
/// The demo accounts, hashed with PBKDF2 at start so no password is kept in memory after it. Unknown users cost the
/// same hashing as known ones, so timing does not reveal which names exist.
/// </summary>
internal sealed class DemoUserStore
{
    private const int Iterations = 100_000;
    private static readonly HashAlgorithmName Algorithm = HashAlgorithmName.SHA256;
    private readonly Dictionary<string, (byte[] Salt, byte[] Hash)> _users = new(StringComparer.Ordinal);
    private readonly byte[] _decoySalt = RandomNumberGenerator.GetBytes(16);

    public DemoUserStore(IOptions<DemoUserOptions> options)
    {
        foreach (var (name, password) in options.Value.Users)
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            _users[name] = (salt, Hash(password, salt));
        }
    }

    public bool Verify(string userName, string password)
    {
        var known = _users.TryGetValue(userName, out var user);
        var hash = Hash(password, known ? user.Salt : _decoySalt);
        return known && CryptographicOperations.FixedTimeEquals(hash, user.Hash);
    }

    private static byte[] Hash(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, Algorithm, 32);
}
