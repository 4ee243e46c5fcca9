using System.CommandLine;

namespace Marketplace.Api.Cli;

internal static class SeedGenerateCommand
{
    public static Command Create() => new("generate", "Write a deterministic synthetic catalog (not wired yet).");
}
