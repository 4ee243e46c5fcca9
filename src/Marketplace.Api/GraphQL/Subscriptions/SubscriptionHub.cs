using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Microsoft.Extensions.Options;
using static Marketplace.Api.GraphQL.Subscriptions.SubscriptionEvents;

namespace Marketplace.Api.GraphQL.Subscriptions;

/// <summary>Events of this instance's event log tail, for subscription resolvers to listen to.</summary>
public interface ISubscriptionHub
{
    /// <summary>The events raised under <paramref name="key"/>; of one name, or of every name when it is null.</summary>
    IObservable<SubscriptionEvent> Listen(string? name, string key);

    void Publish(SubscriptionEvent e);

    /// <summary>Ends every stream (shutdown).</summary>
    void CompleteAll();
}

/// <summary>
/// Each listener gets its own bounded queue and pump, so a slow client never holds up the tail or other listeners,
/// and the pump runs in the subscriber's execution context (its request, its user) rather than the tail's.
/// </summary>
public sealed class SubscriptionHub(IOptions<SubscriptionOptions> options, ILogger<SubscriptionHub> logger) : ISubscriptionHub
{
    private readonly int buffer = options.Value.SubscriberBuffer;
    private readonly ILogger logger = logger;
    private readonly ConcurrentDictionary<string, ImmutableArray<Listener>> byKey = new();

    public IObservable<SubscriptionEvent> Listen(string? name, string key) => new Stream(this, name, key);

    public void Publish(SubscriptionEvent e)
    {
        if (!byKey.TryGetValue(e.Key, out var listeners)) return;
        foreach (var listener in listeners)
            if (listener.Name is null || listener.Name == e.Name)
                listener.Offer(e);
    }

    public void CompleteAll()
    {
        foreach (var listeners in byKey.Values)
            foreach (var listener in listeners)
                listener.Complete(null);
    }

    /// <summary>How many listeners are attached (tests and diagnostics).</summary>
    public int ListenerCount => byKey.Values.Sum(l => l.Length);

    private void Add(Listener listener) =>
        byKey.AddOrUpdate(listener.Key, _ => [listener], (_, existing) => existing.Add(listener));

    private void Remove(Listener listener)
    {
        while (byKey.TryGetValue(listener.Key, out var existing))
        {
            var left = existing.Remove(listener);
            if (left.IsEmpty
                ? byKey.TryRemove(new KeyValuePair<string, ImmutableArray<Listener>>(listener.Key, existing))
                : byKey.TryUpdate(listener.Key, left, existing))
                return;
        }
    }

    private sealed class Stream(SubscriptionHub hub, string? name, string key) : IObservable<SubscriptionEvent>
    {
        public IDisposable Subscribe(IObserver<SubscriptionEvent> observer)
        {
            var listener = new Listener(hub, name, key, observer, hub.buffer);
            hub.Add(listener);
            listener.Start();
            return listener;
        }
    }

    private sealed class Listener(SubscriptionHub hub, string? name, string key, IObserver<SubscriptionEvent> observer, int buffer) : IDisposable
    {
        private readonly Channel<SubscriptionEvent> queue = Channel.CreateBounded<SubscriptionEvent>(
            new BoundedChannelOptions(buffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource stop = new();
        private int ended;

        public string? Name => name;
        public string Key => key;

        public void Start() => _ = PumpAsync();

        public void Offer(SubscriptionEvent e)
        {
            if (Volatile.Read(ref ended) != 0 || queue.Writer.TryWrite(e)) return;
            if (Interlocked.Exchange(ref ended, 1) != 0) return;
            hub.logger.LogWarning("A subscriber to {Key} fell {Buffer} events behind; its stream ends", key, buffer);
            queue.Writer.TryComplete(new ExecutionError($"The subscription fell more than {buffer} events behind and was ended; subscribe again.")
                { Code = ErrorCodes.ServiceUnavailable });
        }

        public void Complete(Exception? error)
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) queue.Writer.TryComplete(error);
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var e in queue.Reader.ReadAllAsync(stop.Token)) observer.OnNext(e);
                if (!stop.IsCancellationRequested) observer.OnCompleted();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                observer.OnError(e);
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref ended, 1);
            hub.Remove(this);
            queue.Writer.TryComplete();
            stop.Cancel();
        }
    }
}

internal static class SubscriptionEventJson
{
    public static SubscriptionEvent FromLog(SubscriptionEventLogEntry entry) =>
        new(entry.Name, entry.Key, JsonDocument.Parse(entry.Data).RootElement.Clone());
}
