// Managed heap by type, from a dump taken with the runtime's own createdump (no dotnet-gcdump in the package feed here):
//   /usr/share/dotnet/shared/Microsoft.NETCore.App/<version>/createdump -f /tmp/engine.dmp <pid>
//   dotnet run load-tests/tools/heap-histogram.cs -- /tmp/engine.dmp [top N] [--gen0] [--referrers "Type.Name" ...]
// --gen0 counts only generation-0 objects, dead or alive: what was allocated since the last collection, which taken
// under load is the mix of the hot path's allocations.
// --referrers also says which types hold references to the named types (counted per reference, so an object shared by
// many holders is counted once per holder), which is how docs/performance.md splits the bytes per active customer.
#:package Microsoft.Diagnostics.Runtime
using Microsoft.Diagnostics.Runtime;

var dump = args.Length > 0 ? args[0] : throw new ArgumentException("usage: heap-histogram.cs <dump> [top N] [--referrers type ...]");
var top = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 60;
var youngOnly = args.Contains("--gen0");
var referred = args.SkipWhile(a => a != "--referrers").Skip(1).ToHashSet(StringComparer.Ordinal);

using var target = DataTarget.LoadDump(dump);
var heap = target.ClrVersions[0].CreateRuntime().Heap;
var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
var watched = new Dictionary<ulong, string>();
long total = 0;
foreach (var obj in heap.EnumerateObjects().Where(o => o.IsValid && o.Type is not null))
{
    if (youngOnly && heap.GetSegmentByAddress(obj.Address)?.GetGeneration(obj.Address) != Generation.Generation0)
    {
        continue;
    }

    var name = obj.Type!.Name ?? "?";
    var size = (long)obj.Size;
    total += size;
    byType.TryGetValue(name, out var sum);
    byType[name] = (sum.Count + 1, sum.Bytes + size);
    if (referred.Contains(name))
    {
        watched[obj.Address] = name;
    }
}

Console.WriteLine($"{total,14:N0} bytes in all");
foreach (var (name, sum) in byType.OrderByDescending(p => p.Value.Bytes).Take(top))
{
    Console.WriteLine($"{sum.Bytes,14:N0} {sum.Count,10:N0}  {name}");
}

if (watched.Count == 0)
{
    return;
}

var holders = new Dictionary<(string Held, string Holder), (long Count, long Bytes)>();
foreach (var obj in heap.EnumerateObjects().Where(o => o.IsValid && o.Type is not null))
{
    foreach (var address in obj.EnumerateReferenceAddresses())
    {
        if (watched.TryGetValue(address, out var held))
        {
            var key = (held, obj.Type!.Name ?? "?");
            holders.TryGetValue(key, out var sum);
            holders[key] = (sum.Count + 1, sum.Bytes + (long)heap.GetObject(address).Size);
        }
    }
}

foreach (var group in holders.GroupBy(h => h.Key.Held))
{
    Console.WriteLine($"== held: {group.Key}");
    foreach (var (key, sum) in group.OrderByDescending(h => h.Value.Bytes).Take(12))
    {
        Console.WriteLine($"{sum.Bytes,14:N0} {sum.Count,10:N0}  by {key.Holder}");
    }
}
