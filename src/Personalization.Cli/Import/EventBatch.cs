namespace Personalization.Cli.Import;

/// <summary>A request body <c>{"events":[...]}</c> and the source line of each event in it, in order.</summary>
internal sealed record EventBatch(byte[] Body, long[] Lines);
