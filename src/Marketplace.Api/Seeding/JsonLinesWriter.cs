using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Marketplace.Api.Seeding;

/// <summary>
/// Writes one JSON record a line into a buffer and hands it to the file in large async writes,
/// so a million-product catalog streams without holding more than a megabyte or so.
/// </summary>
internal sealed class JsonLinesWriter : IAsyncDisposable
{
    private const int FlushThreshold = 1 << 20;

    // The files are data, never embedded in HTML, so "Women's" stays readable instead of "Women\u0027s".
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly FileStream file;
    private readonly ArrayBufferWriter<byte> buffer = new(FlushThreshold + (64 << 10));
    private readonly Utf8JsonWriter json;

    public JsonLinesWriter(string path)
    {
        file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        json = new Utf8JsonWriter(buffer, WriterOptions);
    }

    public long Lines { get; private set; }

    public ValueTask WriteAsync<T>(T record, CancellationToken ct = default)
    {
        JsonSerializer.Serialize(json, record, SeedFiles.Json);
        json.Flush();
        json.Reset();
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
        Lines++;
        return buffer.WrittenCount >= FlushThreshold ? FlushAsync(ct) : ValueTask.CompletedTask;
    }

    private async ValueTask FlushAsync(CancellationToken ct)
    {
        if (buffer.WrittenCount == 0) return;
        await file.WriteAsync(buffer.WrittenMemory, ct);
        buffer.ResetWrittenCount();
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        await json.DisposeAsync();
        await file.DisposeAsync();
    }
}
