using Spectre.Console;

namespace Marketplace.Api.Cli;

/// <summary>
/// One step's progress: a bar on a terminal; when output is redirected (a log, CI), a line at every
/// 10% whose last line always says 100%.
/// </summary>
internal static class ConsoleProgress
{
    public static async Task RunAsync(string step, int total, Func<IProgress<int>, Task> work)
    {
        // The console as it is now, not one cached by an earlier run (tests swap Console.Out).
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (!console.Profile.Capabilities.Interactive)
        {
            var lines = new ProgressLines(Console.Out, step, total);
            await work(lines);
            lines.Complete();
            return;
        }
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(step, maxValue: Math.Max(1, total));
                await work(new Reporter(done => task.Value = done));
                task.Value = task.MaxValue;
            });
    }

    /// <summary>Reports on the caller's thread; Progress&lt;T&gt; posts them later, after the step may have ended.</summary>
    private sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private sealed class ProgressLines : IProgress<int>
    {
        private readonly Lock gate = new();
        private readonly TextWriter output;
        private readonly string step;
        private readonly int total;
        private int printed = -1;

        public ProgressLines(TextWriter output, string step, int total)
        {
            (this.output, this.step, this.total) = (output, step, Math.Max(1, total));
            Report(0);
        }

        public void Report(int value)
        {
            // 100% is printed once, by Complete, so it is always the last line.
            var percent = (int)Math.Clamp(value * 100L / total, 0, 99) / 10 * 10;
            Print(percent);
        }

        public void Complete() => Print(100);

        private void Print(int percent)
        {
            lock (gate)
            {
                if (percent <= printed) return;
                printed = percent;
                output.WriteLine($"{step}: {percent}%");
            }
        }
    }
}
