using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.Docker;

/// <summary>
/// Docker cannot run on the build machines, so these read docker/Dockerfile, docker/compose.yaml and
/// the .dockerignore for what can be checked without an engine.
/// </summary>
public sealed partial class DockerFilesTests
{
    private static readonly string DockerFolder = Path.Combine(RepositoryPaths.Root, "docker");
    private static readonly ComposeFile Compose = ComposeFile.Read(Path.Combine(DockerFolder, "compose.yaml"));

    [Fact]
    public void The_dockerignore_sits_at_the_build_context_and_keeps_bin_obj_and_data_out()
    {
        var contexts = Compose.ApiServices.Select(s => Compose.Value(s, "build", "context")).Distinct().ToArray();
        var context = Path.GetFullPath(Path.Combine(DockerFolder, Assert.Single(contexts)!));
        var ignore = Path.Combine(context, ".dockerignore");
        Assert.True(File.Exists(ignore), $"no .dockerignore at the build context {context}");
        var patterns = File.ReadAllLines(ignore).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

        Assert.All(
            ["src/Marketplace.Api/bin/Release/net10.0/Marketplace.Api.dll", "src/Marketplace.Api/obj/project.assets.json", "bin/x",
             "src/Marketplace.Api/data/marketplace.db", "src/Marketplace.Api/data/jwt-signing.key", "data/marketplace.db", "docker/.env",
             "src/Marketplace.Api/Data/jwt-signing.key"],
            path => Assert.True(Ignored(patterns, path), $"{path} would be in the build context"));
        // Docker matches with case: the code's Data/ folder must still be sent.
        Assert.All(
            ["src/Marketplace.Api/Data/MarketplaceDb.cs", "src/Marketplace.Api/Data/Migrations/Sqlite/x.cs", "src/Marketplace.Api/Program.cs",
             "seed/demo/products.jsonl", "Directory.Packages.props", "global.json"],
            path => Assert.False(Ignored(patterns, path), $"{path} would be left out of the build"));
    }

    [Fact]
    public void The_image_runs_as_a_user_that_is_not_root()
    {
        var lines = File.ReadAllLines(Path.Combine(DockerFolder, "Dockerfile")).Select(l => l.Trim()).ToArray();
        var finalStage = lines.Skip(Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))).ToArray();

        var user = finalStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase))?[5..].Trim();

        Assert.NotNull(user);
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        Assert.True(Array.FindLastIndex(finalStage, l => l.StartsWith("USER ")) > Array.FindLastIndex(finalStage, l => l.StartsWith("RUN ")),
            "USER comes after the last RUN, so nothing later runs as root");
    }

    [Fact]
    public void Every_variable_compose_sets_for_the_api_is_a_setting_the_api_reads()
    {
        var known = KnownSettings();
        var set = Compose.ApiServices.SelectMany(s => Compose.Environment(s).Keys).Distinct().ToArray();

        Assert.Contains("Database__Provider", set);
        Assert.Contains("ConnectionStrings__Marketplace", set);
        Assert.All(set, name => Assert.True(
            name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal) || known.Contains(name.Replace("__", ":")),
            $"compose sets {name}, which the API does not read (known: {string.Join(", ", known.Order())})"));
    }

    [Fact]
    public void Compose_has_a_postgres_and_a_sqlserver_profile_each_with_its_api_and_the_demo_seed_off_by_default()
    {
        var byProfile = Compose.ApiServices.ToDictionary(s => Compose.Value(s, "profiles")!, s => Compose.Environment(s));

        Assert.Equal("Postgres", byProfile["[postgres]"]["Database__Provider"]);
        Assert.StartsWith("Host=postgres;Port=5432;Database=marketplace;Username=marketplace;Password=${POSTGRES_PASSWORD}", byProfile["[postgres]"]["ConnectionStrings__Marketplace"]);
        Assert.Equal("SqlServer", byProfile["[sqlserver]"]["Database__Provider"]);
        Assert.All(byProfile.Values, env => Assert.Equal("${SEED_DEMO_DATA:-false}", env["Database__SeedDemoData"]));
        Assert.Equal("[postgres]", Compose.Value("postgres", "profiles"));
        Assert.Equal("[sqlserver]", Compose.Value("sqlserver", "profiles"));
    }

    [Fact]
    public void Every_service_has_a_health_check()
    {
        Assert.NotEmpty(Compose.Services);
        Assert.All(Compose.Services, service => Assert.True(Compose.Has(service, "healthcheck"), $"{service} has no healthcheck"));
    }

    [Fact]
    public void Compose_holds_no_secrets_only_references_to_variables_the_env_example_lists()
    {
        var text = File.ReadAllText(Path.Combine(DockerFolder, "compose.yaml"));
        var example = File.ReadAllLines(Path.Combine(DockerFolder, ".env.example"))
            .Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#')).Select(l => l[..l.IndexOf('=')].Trim()).ToHashSet();

        foreach (var service in Compose.Services)
        {
            foreach (var (name, value) in Compose.Environment(service).Where(e => SecretName().IsMatch(e.Key)))
                Assert.Matches(@"^\$\{[A-Z0-9_]+\}$", value);
        }
        Assert.All(PasswordInConnectionString().Matches(text), m => Assert.Matches(@"^\$\{[A-Z0-9_]+\}$", m.Groups[1].Value));
        Assert.DoesNotMatch(@"\$\{[A-Z0-9_]*(PASSWORD|SECRET|KEY)[A-Z0-9_]*:?-", text);
        Assert.All(VariableReference().Matches(text).Select(m => m.Groups[1].Value).Distinct(),
            variable => Assert.True(example.Contains(variable), $"docker/.env.example does not list {variable}"));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".gitignore")).Select(l => l.Trim()));
    }

    /// <summary>Configuration keys the API reads: appsettings.json, every options class's section, and the host's own.</summary>
    private static HashSet<string> KnownSettings()
    {
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ConnectionStrings:Marketplace", "urls", "environment" };
        void Walk(JsonNode? node, string prefix)
        {
            if (node is JsonObject obj)
                foreach (var (key, child) in obj) Walk(child, prefix.Length == 0 ? key : $"{prefix}:{key}");
            else
                known.Add(prefix);
        }
        Walk(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Marketplace.Api", "appsettings.json"))), "");
        foreach (var type in typeof(Api.MarketplaceHost).Assembly.GetTypes())
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field) continue;
            AddProperties(type, (string)field.GetRawConstantValue()!);
        }
        return known;

        // Nested options (Search:Elasticsearch:Url) are settings too.
        void AddProperties(Type type, string prefix)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var kind = property.PropertyType;
                if (kind.IsClass && kind != typeof(string) && !kind.IsArray && kind.Assembly == type.Assembly)
                    AddProperties(kind, $"{prefix}:{property.Name}");
                else
                    known.Add($"{prefix}:{property.Name}");
            }
        }
    }

    /// <summary>.dockerignore semantics: patterns in order, later ones win, '!' re-includes; a matched folder takes its contents.</summary>
    private static bool Ignored(IEnumerable<string> patterns, string path)
    {
        var ignored = false;
        foreach (var raw in patterns)
        {
            var include = raw.StartsWith('!');
            var pattern = (include ? raw[1..] : raw).Trim('/');
            var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "(/.*)?$";
            if (Regex.IsMatch(path, regex)) ignored = !include;
        }
        return ignored;
    }

    [GeneratedRegex("(PASSWORD|SECRET|_KEY)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?:Password|Pwd)=([^;""\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"(?<!\$)\$\{([A-Za-z0-9_]+)")]
    private static partial Regex VariableReference();

    /// <summary>
    /// Just enough YAML for a compose file written in block style: services at two spaces, their keys at
    /// four, mappings under them at six.
    /// </summary>
    private sealed class ComposeFile(Dictionary<string, List<string>> services)
    {
        public IReadOnlyCollection<string> Services => services.Keys;

        /// <summary>The services built from our Dockerfile: the API.</summary>
        public IEnumerable<string> ApiServices => services.Keys.Where(s => Has(s, "build"));

        public bool Has(string service, string key) => services[service].Any(l => l.StartsWith($"    {key}:", StringComparison.Ordinal));

        public string? Value(string service, string key, string? child = null)
        {
            var lines = services[service];
            var at = lines.FindIndex(l => l.StartsWith($"    {key}:", StringComparison.Ordinal));
            if (at < 0) return null;
            if (child is null) return Unquote(lines[at][(key.Length + 5)..].Trim());
            return Block(lines, at).GetValueOrDefault(child);
        }

        public Dictionary<string, string> Environment(string service)
        {
            var lines = services[service];
            var at = lines.FindIndex(l => l.StartsWith("    environment:", StringComparison.Ordinal));
            return at < 0 ? [] : Block(lines, at);
        }

        private static Dictionary<string, string> Block(List<string> lines, int at)
        {
            var entries = new Dictionary<string, string>();
            foreach (var line in lines.Skip(at + 1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal)))
            {
                var entry = line.Trim();
                if (entry.StartsWith('#')) continue;
                var colon = entry.IndexOf(':');
                entries[entry[..colon].Trim()] = Unquote(entry[(colon + 1)..].Trim());
            }
            return entries;
        }

        private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

        public static ComposeFile Read(string path)
        {
            var services = new Dictionary<string, List<string>>();
            List<string>? current = null;
            var inServices = false;
            foreach (var line in File.ReadAllLines(path))
            {
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
                if (!line.StartsWith(' ')) { inServices = line.StartsWith("services:", StringComparison.Ordinal); current = null; continue; }
                if (!inServices) continue;
                if (line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ')
                    services[line.Trim().TrimEnd(':')] = current = [];
                else
                    current?.Add(line);
            }
            return new ComposeFile(services);
        }
    }
}
