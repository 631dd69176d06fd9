using Orleans.Core;
using Orleans.Storage;

namespace Personalization.Membership;

/// <summary>
/// Stores one segment shard in the membership grain storage, under the shard's grain id: its own row (state name
/// <see cref="StateName"/>: hourly counts and the numbers of its member pages) and a row per page of members
/// (<see cref="PageStateName"/>). A write stores only the pages that changed.
/// </summary>
/// <remarks>
/// A write names new pages in the shard's row before writing them, writes new pages before the pages they split from,
/// and deletes dropped pages before the row stops naming them. So a host that stops part-way leaves every member in
/// some page the row names (at worst in two, which reading settles: <see cref="SegmentMembers(IEnumerable{MemberPage}, int)"/>),
/// and no stored page the row does not name.
/// </remarks>
internal sealed class SegmentShardStore(IGrainStorage storage, GrainId shard) : IStorage
{
    public const string StateName = "segment-shard";

    private readonly GrainState<SegmentShardState> row = new(new SegmentShardState());
    private readonly Dictionary<int, string?> pageETags = [];

    public static string PageStateName(int number) => $"segment-members-{number}";

    /// <summary>The shard's row; a storage provider that read no row may leave the state null, and this replaces it with an empty one.</summary>
    public SegmentShardState State => row.State ??= new SegmentShardState();

    public SegmentMembers Members { get; set; } = new();

    /// <summary>True when the row read held members in the form before paging, which only a write moves into pages.</summary>
    public bool ReadUnpagedMembers { get; private set; }

    public string? Etag => row.ETag;

    public bool RecordExists => row.RecordExists;

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(StateName, shard, row);
        var pages = await Task.WhenAll(State.Pages.Select(ReadPageAsync));
        Members = new SegmentMembers(pages.OfType<MemberPage>(), State.NextPage);
        if (State.Members is { } unpaged)
        {
            // A row written before members were paged: its members go into pages at the next write.
            foreach (var (id, sequence) in unpaged.Entries())
            {
                Members.Enter(id, sequence, id => id, out _);
            }

            State.Members = null;
            ReadUnpagedMembers = true;
        }
    }

    public async Task WriteStateAsync()
    {
        var state = State;
        var current = Members.Pages.Select(page => page.Number).ToList();
        var added = current.Except(state.Pages).ToList();
        var dropped = state.Pages.Except(current).ToList();
        if (added.Count > 0)
        {
            state.Pages = [.. state.Pages.Union(added)];
            state.NextPage = Members.NextPageNumber;
            await storage.WriteStateAsync(StateName, shard, row);
        }

        var changed = Members.Pages.Where(page => page.Changed).ToList();
        await Task.WhenAll(changed.Where(page => added.Contains(page.Number)).Select(WritePageAsync));
        await Task.WhenAll(changed.Where(page => !added.Contains(page.Number)).Select(WritePageAsync));
        await Task.WhenAll(dropped.Select(DeletePageAsync));

        state.Pages = current;
        state.NextPage = Members.NextPageNumber;
        await storage.WriteStateAsync(StateName, shard, row);
    }

    public Task ClearStateAsync()
    {
        Forget();
        return WriteStateAsync();
    }

    /// <summary>Forgets every member and count; the pages' rows go with the next write.</summary>
    public void Forget()
    {
        Members = new SegmentMembers([], Members.NextPageNumber);
        State.Hours.Clear();
    }

    private async Task<MemberPage?> ReadPageAsync(int number)
    {
        var stored = new GrainState<MemberPageState>();
        await storage.ReadStateAsync(PageStateName(number), shard, stored);
        pageETags[number] = stored.ETag;
        if (!stored.RecordExists || stored.State is not { Ids.Count: > 0 } state)
        {
            return null;
        }

        var page = new MemberPage(number, state.Ids.Count);
        for (var i = 0; i < state.Ids.Count; i++)
        {
            page.Append(state.Ids[i], state.Sequences[i]);
        }

        page.Changed = false;
        return page;
    }

    private async Task WritePageAsync(MemberPage page)
    {
        var stored = new GrainState<MemberPageState>(new MemberPageState { Ids = [.. page.Ids], Sequences = [.. page.Sequences] })
        {
            ETag = pageETags.GetValueOrDefault(page.Number),
        };
        page.Changed = false;
        try
        {
            await storage.WriteStateAsync(PageStateName(page.Number), shard, stored);
            pageETags[page.Number] = stored.ETag;
        }
        catch
        {
            page.Changed = true;
            throw;
        }
    }

    private async Task DeletePageAsync(int number)
    {
        var stored = new GrainState<MemberPageState>(new MemberPageState()) { ETag = pageETags.GetValueOrDefault(number) };
        await storage.ClearStateAsync(PageStateName(number), shard, stored);
        pageETags.Remove(number);
    }
}
