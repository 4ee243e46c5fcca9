using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by MARKETPLACE_TEST_POSTGRES, else a throwaway
/// cluster started here from the installed server binaries (initdb and pg_ctl in a temporary folder, listening on
/// 127.0.0.1 at a free port, stopped when the test run ends). As root, the cluster runs as the postgres user,
/// because initdb refuses root.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "MARKETPLACE_TEST_POSTGRES";

    private static readonly string? BinDirectory = FindBinDirectory();
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>Why the PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? SkipReason { get; } =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } || BinDirectory is not null
            ? null
            : $"PostgreSQL is not installed: apt-get install postgresql (the tests start their own cluster), or set {EnvironmentVariable} to a connection string of a server where the user may create databases.";

    /// <summary>A connection string for the server's maintenance database, as a user that may create databases.</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    public static string ConnectionString(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured) return configured;

        var root = Directory.CreateTempSubdirectory("marketplace-pg-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111); // the postgres user creates the cluster inside
        var data = Path.Combine(root, "data");
        var port = FreePort();
        await RunAsync("initdb", $"-D {data} -U postgres --auth=trust --no-locale -E UTF8 --no-sync");
        await RunAsync("pg_ctl",
            $"-D {data} -l {Path.Combine(root, "server.log")} -w -t 60 " +
            $"-o \"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(data, root);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
    }

    private static void Stop(string data, string root)
    {
        try
        {
            RunAsync("pg_ctl", $"-D {data} -m immediate -w stop").GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Leaves a temporary folder behind at worst.
        }
    }

    private static async Task RunAsync(string tool, string arguments)
    {
        var path = Path.Combine(BinDirectory!, tool);
        var asPostgres = Environment.UserName == "root";
        var start = new ProcessStartInfo(asPostgres ? "runuser" : path, asPostgres ? $"-u postgres -- {path} {arguments}" : arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {arguments} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    private static string? FindBinDirectory()
    {
        IEnumerable<string> installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(HasServerTools)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(HasServerTools);
        return installed.Concat(onPath).FirstOrDefault();
    }

    // A link left behind by an uninstalled package counts as missing.
    private static bool HasServerTools(string directory) =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(tool => new FileInfo(Path.Combine(directory, tool)) is var file &&
            (file.LinkTarget is null ? file.Exists : file.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true }));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
