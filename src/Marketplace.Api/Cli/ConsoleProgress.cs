using Spectre.Console;

namespace Marketplace.Api.Cli;

internal static class ConsoleProgress
{
    /// <summary>A progress display on the console as it is now (not a console cached by an earlier run).</summary>
    public static Progress Create() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) })
            .Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());
}
