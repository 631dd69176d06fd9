using System.Text;

namespace Personalization.Cli.Import;

/// <summary>Collects events into one body until it holds as many as allowed or the next would make it too large.</summary>
internal sealed class EventBatchBuilder(int maxEvents, int maxBodyBytes)
{
    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("{\"events\":[");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("]}");

    private readonly MemoryStream body = new();
    private readonly List<long> lines = [];

    public bool IsEmpty => lines.Count == 0;

    public bool IsFull => lines.Count == maxEvents;

    /// <summary>Whether a batch holding only this event would be small enough to send.</summary>
    public bool CouldEverHold(byte[] eventJson) => Prefix.Length + eventJson.Length + Suffix.Length <= maxBodyBytes;

    public bool HasRoomFor(byte[] eventJson)
    {
        var size = IsEmpty ? Prefix.Length : body.Length + 1;
        return !IsFull && size + eventJson.Length + Suffix.Length <= maxBodyBytes;
    }

    public void Add(long line, byte[] eventJson)
    {
        if (IsEmpty)
        {
            body.Write(Prefix);
        }
        else
        {
            body.WriteByte((byte)',');
        }

        body.Write(eventJson);
        lines.Add(line);
    }

    /// <summary>The batch so far; the builder starts empty again.</summary>
    public EventBatch Take()
    {
        body.Write(Suffix);
        var batch = new EventBatch(body.ToArray(), [.. lines]);
        body.SetLength(0);
        lines.Clear();
        return batch;
    }
}
