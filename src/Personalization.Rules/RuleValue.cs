using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules;

/// <summary>
/// An immutable typed value: a profile attribute, an event property or a literal in a rule.
/// Dates compare and hash by instant, so two values naming the same moment in different offsets are equal.
/// </summary>
[JsonConverter(typeof(RuleValueJsonConverter))]
public readonly struct RuleValue : IEquatable<RuleValue>
{
    // Two slots, 16 bytes: profiles, retained event properties and distinct-value sets of a million customers hold
    // many values (24 bytes with a kind and an offset field, 32 with a slot per representation). The reference says
    // what the value is: null for Null, the string itself, a list, or a Tag (bool, number, a date's offset). The other
    // slot holds a number's bits, a date's UTC ticks, or for a string whether it is case-folded. Nothing is boxed, so
    // evaluation stays free of allocations.
    private readonly object? reference;
    private readonly long bits;

    private RuleValue(object? reference, long bits)
    {
        this.reference = reference;
        this.bits = bits;
    }

    public RuleValueKind Kind => reference switch
    {
        null => RuleValueKind.Null,
        string => RuleValueKind.String,
        StringList => RuleValueKind.StringList,
        _ => Unsafe.As<Tag>(reference).Kind,
    };

    public static RuleValue Null => default;

    public bool IsNull => reference is null;

    /// <summary>
    /// Set on the result of <c>lower(...)</c>: the string is compared as if lower-cased, without allocating the lower-cased copy.
    /// Never set on values that leave the engine.
    /// </summary>
    internal bool CaseFolded => bits != 0 && reference is string;

    public bool AsBool => ReferenceEquals(reference, Tag.Bool) ? RawNumber != 0 : throw WrongKind(RuleValueKind.Bool);

    public double AsNumber => ReferenceEquals(reference, Tag.Number) ? RawNumber : throw WrongKind(RuleValueKind.Number);

    public string AsString => reference as string ?? throw WrongKind(RuleValueKind.String);

    public IReadOnlyList<string> AsStrings => reference as StringList ?? throw WrongKind(RuleValueKind.StringList);

    public DateTimeOffset AsDate => reference is DateTag date
        ? new DateTimeOffset(UtcTicks + date.OffsetMinutes * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(date.OffsetMinutes))
        : throw WrongKind(RuleValueKind.Date);

    /// <summary>The kind test of evaluation's hot paths: one reference comparison, where <see cref="Kind"/> takes two.</summary>
    internal bool IsNumber => ReferenceEquals(reference, Tag.Number);

    internal double RawNumber => BitConverter.Int64BitsToDouble(bits);

    internal string RawString => Unsafe.As<string>(reference!);

    internal string[] RawStrings => Unsafe.As<StringList>(reference!).Items;

    internal long UtcTicks => bits;

    public static RuleValue FromBool(bool v) => new(Tag.Bool, BitConverter.DoubleToInt64Bits(v ? 1 : 0));

    /// <exception cref="ArgumentOutOfRangeException">The number is NaN or infinite, which JSON cannot carry.</exception>
    public static RuleValue FromNumber(double v) =>
        double.IsFinite(v) ? Number(v) : throw new ArgumentOutOfRangeException(nameof(v), v, "numbers must be finite");

    public static RuleValue FromString(string v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v, 0);
    }

    public static RuleValue FromStrings(IEnumerable<string> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var items = v.ToArray();
        if (Array.IndexOf(items, null) >= 0)
        {
            throw new ArgumentException("lists may only hold strings, not null", nameof(v));
        }

        return new(new StringList(items), 0);
    }

    public static RuleValue FromDate(DateTimeOffset v) => new(DateTag.For((int)v.Offset.TotalMinutes), v.UtcTicks);

    internal static RuleValue NumberOrNull(double v) => double.IsFinite(v) ? Number(v) : default;

    internal static RuleValue FoldedString(string v) => new(v, 1);

    private static RuleValue Number(double v) => new(Tag.Number, BitConverter.DoubleToInt64Bits(v));

    /// <summary>Converts a JSON value from the API; a string in ISO 8601 date or RFC 3339 date-time form becomes a date.</summary>
    /// <exception cref="ArgumentException">The element is an object, a nested list, a list holding something other than strings, or a number out of range.</exception>
    public static RuleValue FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return Null;
            case JsonValueKind.True:
                return FromBool(true);
            case JsonValueKind.False:
                return FromBool(false);
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number)
                    ? FromNumber(number)
                    : throw new ArgumentException("numbers must be finite and within the range of a double");
            case JsonValueKind.String:
                return FromText(element.GetString()!);
            case JsonValueKind.Array:
                var items = new string[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index++] = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString()!,
                        JsonValueKind.Array => throw new ArgumentException("lists may only hold strings, not nested lists"),
                        _ => throw new ArgumentException("lists may only hold strings"),
                    };
                }

                return new(new StringList(items), 0);
            default:
                throw new ArgumentException("objects are not allowed");
        }
    }

    /// <summary>A string as the API reads it: a date when it is in ISO 8601 date or RFC 3339 date-time form, otherwise text.</summary>
    public static RuleValue FromText(string text) =>
        DateText.TryParse(text, out var date) ? FromDate(date) : FromString(text);

    /// <summary>Parses an ISO 8601 date (<c>yyyy-MM-dd</c>, taken as midnight UTC) or an RFC 3339 date-time.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateTimeOffset date) => DateText.TryParse(text, out date);

    public bool Equals(RuleValue other)
    {
        var kind = Kind;
        if (kind != other.Kind)
        {
            return false;
        }

        return kind switch
        {
            RuleValueKind.Null => true,
            RuleValueKind.Bool or RuleValueKind.Number => RawNumber == other.RawNumber,
            RuleValueKind.String => string.Equals(RawString, other.RawString, StringComparison.Ordinal),
            RuleValueKind.StringList => RawStrings.AsSpan().SequenceEqual(other.RawStrings),
            _ => UtcTicks == other.UtcTicks,
        };
    }

    public override bool Equals(object? obj) => obj is RuleValue other && Equals(other);

    public override int GetHashCode()
    {
        var kind = Kind;
        switch (kind)
        {
            case RuleValueKind.Bool:
            case RuleValueKind.Number:
                return HashCode.Combine(kind, RawNumber == 0 ? 0 : RawNumber);
            case RuleValueKind.String:
                return HashCode.Combine(kind, string.GetHashCode(RawString, StringComparison.Ordinal));
            case RuleValueKind.StringList:
                var hash = new HashCode();
                hash.Add(kind);
                foreach (var item in RawStrings)
                {
                    hash.Add(item, StringComparer.Ordinal);
                }

                return hash.ToHashCode();
            case RuleValueKind.Date:
                return HashCode.Combine(kind, UtcTicks);
            default:
                return 0;
        }
    }

    public static bool operator ==(RuleValue left, RuleValue right) => left.Equals(right);

    public static bool operator !=(RuleValue left, RuleValue right) => !left.Equals(right);

    /// <summary>The value written as a rule literal, e.g. <c>"CZ"</c>, <c>42</c> or <c>["a", "b"]</c>; a date as its RFC 3339 string.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Syntax.RulePrinter.AppendLiteral(text, this);
        return text.ToString();
    }

    private InvalidOperationException WrongKind(RuleValueKind wanted) =>
        new($"The value is {Kind}, not {wanted}.");

    /// <summary>What a value that is not null, a string or a list is; one instance per kind, one per offset for dates.</summary>
    private class Tag(RuleValueKind kind)
    {
        public static readonly Tag Bool = new(RuleValueKind.Bool);
        public static readonly Tag Number = new(RuleValueKind.Number);

        public RuleValueKind Kind { get; } = kind;
    }

    private sealed class DateTag(int offsetMinutes) : Tag(RuleValueKind.Date)
    {
        // DateTimeOffset allows offsets of up to 14 hours either way.
        private const int MaxOffsetMinutes = 14 * 60;

        private static readonly DateTag[] ByOffset = [.. Enumerable.Range(-MaxOffsetMinutes, 2 * MaxOffsetMinutes + 1).Select(m => new DateTag(m))];

        public int OffsetMinutes { get; } = offsetMinutes;

        public static DateTag For(int offsetMinutes) => ByOffset[offsetMinutes + MaxOffsetMinutes];
    }

    /// <summary>Wraps the list so callers cannot cast it back to an array and mutate a shared value.</summary>
    /// <remarks>Not a <see cref="Tag"/>: a profile's list attribute is one per customer, and the tag's field would add 8 bytes to each.</remarks>
    private sealed class StringList(string[] items) : IReadOnlyList<string>
    {
        public string[] Items { get; } = items;

        public int Count => Items.Length;

        public string this[int index] => Items[index];

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Items).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Items.GetEnumerator();
    }
}
