using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.Hosting;

/// <summary>The API as `dotnet Marketplace.Api.dll` runs it: a separate process and what it prints.</summary>
public sealed class ServerStartupTests : IDisposable
{
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("marketplace-start-");

    public void Dispose()
    {
        try { data.Delete(recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_second_instance_on_a_busy_port_says_the_port_is_taken_in_one_line()
    {
        using var first = new KestrelMarketplaceApi();
        var url = first.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var second = StartApi("--urls", url);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = second.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = second.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await second.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            // A second instance that did start must not outlive the test.
            if (!second.HasExited) second.Kill(entireProcessTree: true);
        }

        var lines = ((await stdout) + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEqual(0, second.ExitCode);
        var line = Assert.Single(lines);
        Assert.Contains($"{url} is already in use", line);
    }

    [Fact]
    public async Task An_unreachable_database_server_ends_start_up_in_one_line_naming_the_server()
    {
        // Port 1 on loopback: nothing listens there, so every connection is refused at once.
        using var api = StartApi("--urls", $"http://127.0.0.1:{FreePort()}",
            "--Database:Provider=Postgres", "--ConnectionStrings:Marketplace=Host=127.0.0.1;Port=1;Database=marketplace;Username=marketplace",
            "--Database:MaxRetryCount=1", "--Database:MaxRetryDelaySeconds=0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = api.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = api.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await api.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!api.HasExited) api.Kill(entireProcessTree: true);
        }

        var errors = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1, api.ExitCode);
        var line = Assert.Single(errors);
        Assert.StartsWith("Cannot start: Cannot connect to the Postgres database server 'tcp://127.0.0.1:1' after 2 attempts", line);
        Assert.DoesNotContain("   at ", await stdout);
    }

    [Fact]
    public async Task Starting_prints_the_graphql_and_ide_urls()
    {
        var port = FreePort();
        using var api = StartApi("--urls", $"http://127.0.0.1:{port}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var seen = new List<string>();
        try
        {
            while (await api.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (line.Contains("GraphQL IDE:")) break;
            }
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync(CancellationToken.None);
        }

        Assert.Contains(seen, line => line.EndsWith($"GraphQL endpoint: http://127.0.0.1:{port}/graphql"));
        Assert.Contains(seen, line => line.Contains($"GraphQL IDE: http://127.0.0.1:{port}/graphql"));
    }

    private Process StartApi(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Marketplace.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--DataDirectory");
        start.ArgumentList.Add(data.FullName);
        start.ArgumentList.Add("--Database:SeedDemoData");
        start.ArgumentList.Add("false");
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
