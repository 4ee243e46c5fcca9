using System.Collections.Concurrent;
using System.Text.Json;
using GraphQL;
using Marketplace.Api.GraphQL.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Marketplace.Api.GraphQL.Subscriptions.SubscriptionEvents;

namespace Marketplace.Api.Tests.Subscriptions;

public sealed class SubscriptionHubTests
{
    private static SubscriptionHub Hub(int buffer = 100) =>
        new(Options.Create(new SubscriptionOptions { SubscriberBuffer = buffer }), NullLogger<SubscriptionHub>.Instance);

    private static SubscriptionEvent Event(string name, string key) => new(name, key, JsonDocument.Parse("{}").RootElement);

    [Fact]
    public async Task A_listener_hears_its_key_and_name_only()
    {
        var hub = Hub();
        var heard = new Recorder();
        using var _ = hub.Listen("supplierOrderPlaced", "7").Subscribe(heard);

        hub.Publish(Event("supplierOrderPlaced", "8"));
        hub.Publish(Event("somethingElse", "7"));
        hub.Publish(Event("supplierOrderPlaced", "7"));

        await heard.WaitForAsync(1);
        await Task.Delay(100);
        Assert.Equal(["supplierOrderPlaced/7"], heard.Events);
    }

    [Fact]
    public async Task A_listener_that_falls_behind_its_buffer_ends_with_an_error_and_others_go_on()
    {
        var hub = Hub(buffer: 2);
        using var gate = new ManualResetEventSlim();
        var slow = new Recorder(block: gate);
        var fast = new Recorder();
        using var a = hub.Listen(null, "k").Subscribe(slow);
        using var b = hub.Listen(null, "k").Subscribe(fast);

        for (var i = 0; i < 10; i++)
        {
            hub.Publish(Event($"e{i}", "k"));
            await fast.WaitForAsync(i + 1);
        }
        gate.Set();

        var error = await slow.Failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("SERVICE_UNAVAILABLE", Assert.IsType<ExecutionError>(error).Code);
    }

    [Fact]
    public async Task Disposing_a_listener_detaches_it()
    {
        var hub = Hub();
        var heard = new Recorder();
        var listening = hub.Listen(null, "k").Subscribe(heard);

        listening.Dispose();
        hub.Publish(Event("late", "k"));

        await Task.Delay(100);
        Assert.Empty(heard.Events);
        Assert.Equal(0, hub.ListenerCount);
    }

    private sealed class Recorder(ManualResetEventSlim? block = null) : IObserver<SubscriptionEvent>
    {
        public ConcurrentQueue<string> Events { get; } = new();
        public TaskCompletionSource<Exception> Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnNext(SubscriptionEvent value)
        {
            block?.Wait(TimeSpan.FromSeconds(10));
            Events.Enqueue($"{value.Name}/{value.Key}");
        }

        public void OnError(Exception error) => Failed.TrySetResult(error);
        public void OnCompleted() { }

        public async Task WaitForAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Events.Count < count) await Task.Delay(10, timeout.Token);
        }
    }
}
