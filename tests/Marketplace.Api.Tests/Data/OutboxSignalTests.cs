using Marketplace.Api.Data.Outbox;
using Microsoft.Data.Sqlite;

namespace Marketplace.Api.Tests.Data;

public sealed class OutboxSignalTests
{
    [Fact]
    public async Task A_commit_wakes_the_workers_of_the_topics_it_wrote_and_no_others()
    {
        var signal = new OutboxSignal();
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var written = signal.NextCommit("written");
        var untouched = signal.NextCommit("untouched");

        await using (var quiet = await connection.BeginTransactionAsync())
            signal.TransactionCommitted(quiet, null!);
        Assert.False(written.IsCompleted);

        await using var transaction = await connection.BeginTransactionAsync();
        OutboxSignal.Wrote(transaction, ["written", "written"]);
        signal.TransactionCommitted(transaction, null!);

        await written.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(untouched.IsCompleted);
        Assert.False(signal.NextCommit("written").IsCompleted);
    }
}
