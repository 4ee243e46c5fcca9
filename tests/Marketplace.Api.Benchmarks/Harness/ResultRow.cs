using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Harness;

/// <summary>One line of a summary: a latency sample and/or a rate, with the target when it has one.</summary>
public sealed record ResultRow(string Benchmark, string Case, Latency? Latency, string Detail, string Target = "", bool? Met = null);

public static class Report
{
    public static void Print(string title, IEnumerable<ResultRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        table.AddColumns("Benchmark", "Case", "n", "median", "p95", "p99", "max", "detail", "target", "");
        foreach (var column in table.Columns.Skip(2).Take(5)) column.RightAligned();
        foreach (var row in rows)
        {
            var l = row.Latency;
            table.AddRow(
                Markup.Escape(row.Benchmark), Markup.Escape(row.Case),
                l is null ? "" : l.Count.ToString("N0"),
                l is null ? "" : Latency.Format(l.Median),
                l is null ? "" : Latency.Format(l.P95),
                l is null ? "" : Latency.Format(l.P99),
                l is null ? "" : Latency.Format(l.Max),
                Markup.Escape(row.Detail), Markup.Escape(row.Target),
                row.Met switch { true => "[green]met[/]", false => "[red]missed[/]", null => "" });
        }
        AnsiConsole.Write(table);
    }
}
