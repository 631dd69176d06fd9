using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using Personalization.Membership;
using Personalization.Persistence;
using Personalization.Rules;
using Personalization.Timing;

namespace Personalization.Segments;

internal sealed class SegmentCatalogGrain(
    [PersistentState("catalog", StorageNames.Catalog)] IPersistentState<SegmentCatalogState> state,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time) : Grain, ISegmentCatalogGrain
{
    public const int MaxVersionsKept = 100;

    private SegmentCatalogSnapshot? snapshot;

    public async Task<SegmentWriteResult> PutAsync(SegmentDraft draft)
    {
        var segments = state.State.Segments;
        var candidate = segments.Values.Where(s => s.Id != draft.Id).Select(s => new SegmentRule(s.Id, s.Rule))
            .Append(new SegmentRule(draft.Id, draft.Rule)).ToList();
        if (TryCompile(candidate) is { } error)
        {
            return new SegmentWriteResult(SegmentWriteStatus.InvalidRule, null, error);
        }

        var now = time.GetUtcNow();
        var created = !segments.TryGetValue(draft.Id, out var existing);
        var saved = created
            ? new SegmentDefinition(draft.Id, draft.Name, draft.Description, draft.Rule, LastVersion(draft.Id) + 1, now, now)
            : existing! with { Name = draft.Name, Description = draft.Description, Rule = draft.Rule, Version = existing.Version + 1, UpdatedAt = now };
        segments[draft.Id] = saved;
        Remember(saved);
        await CommitAsync();
        return new SegmentWriteResult(created ? SegmentWriteStatus.Created : SegmentWriteStatus.Saved, saved, null);
    }

    public async Task<SegmentWriteResult> DeleteAsync(string segmentId)
    {
        var segments = state.State.Segments;
        if (!segments.TryGetValue(segmentId, out var existing))
        {
            return new SegmentWriteResult(SegmentWriteStatus.NotFound, null, null);
        }

        var remaining = segments.Values.Where(s => s.Id != segmentId).Select(s => new SegmentRule(s.Id, s.Rule)).ToList();
        if (TryCompile(remaining) is { } error)
        {
            return new SegmentWriteResult(SegmentWriteStatus.Conflict, existing, error);
        }

        segments.Remove(segmentId);
        Remember(existing with { Version = existing.Version + 1, UpdatedAt = time.GetUtcNow(), Deleted = true });
        await CommitAsync();
        await Task.WhenAll(Enumerable.Range(0, SegmentMembershipStreams.ShardCount).Select(shard =>
            GrainFactory.GetGrain<ISegmentMembershipShardGrain>(SegmentMembershipStreams.Key(segmentId, shard)).ClearAsync()));
        return new SegmentWriteResult(SegmentWriteStatus.Saved, existing, null);
    }

    public async Task SeedAsync(ImmutableArray<SegmentDraft> drafts)
    {
        if (state.State.Seeded || state.State.Segments.Count > 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var draft in drafts)
        {
            state.State.Segments[draft.Id] = new SegmentDefinition(draft.Id, draft.Name, draft.Description, draft.Rule, 1, now, now);
        }

        if (TryCompile(state.State.Segments.Values.Select(s => new SegmentRule(s.Id, s.Rule)).ToList()) is { } error)
        {
            state.State.Segments.Clear();
            throw new ArgumentException($"Example segments do not compile: {error.Message}", nameof(drafts));
        }

        foreach (var seeded in state.State.Segments.Values)
        {
            Remember(seeded);
        }

        await CommitAsync();
    }

    public Task<SegmentCatalogSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<ImmutableArray<SegmentDefinition>> GetVersionsAsync(string segmentId) =>
        Task.FromResult(state.State.History.TryGetValue(segmentId, out var versions) ? versions.ToImmutableArray() : []);

    // A segment deleted and created again continues its version numbers, so versions stay unique.
    private int LastVersion(string segmentId) =>
        state.State.History.TryGetValue(segmentId, out var versions) && versions.Count > 0 ? versions[^1].Version : 0;

    private void Remember(SegmentDefinition version)
    {
        var history = state.State.History;
        if (!history.TryGetValue(version.Id, out var versions))
        {
            history[version.Id] = versions = [];
        }

        versions.Add(version);
        if (versions.Count > MaxVersionsKept)
        {
            versions.RemoveAt(0);
        }
    }

    public Task<SegmentCatalogSnapshot?> GetSnapshotIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : Snapshot());

    private SegmentCatalogSnapshot Snapshot() =>
        snapshot ??= new SegmentCatalogSnapshot(
            state.State.Version,
            [.. state.State.Segments.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);

    private async Task CommitAsync()
    {
        state.State.Version++;
        state.State.Seeded = true;
        snapshot = null;
        await state.WriteStateAsync();
    }

    private static SegmentRuleError? TryCompile(IReadOnlyList<SegmentRule> rules)
    {
        try
        {
            SegmentCatalog.Compile(0, rules);
            return null;
        }
        catch (SegmentRuleException e)
        {
            return new SegmentRuleError(e.Message, e.Line, e.Column);
        }
    }
}
