using System.Collections.Immutable;
using Personalization.Customers;
using Personalization.Rules;

namespace Personalization.Client;

/// <summary>
/// The HTTP API's rules for ids and events, applied before a call leaves the process, so a front end learns of a bad
/// id from an <see cref="ArgumentException"/> naming the field rather than from a failure inside the cluster.
/// </summary>
internal static class EventValidation
{
    public const int MaxIdLength = 128;
    public const int MaxEventTypeLength = 64;
    public const int MaxProperties = 64;
    public const int MaxPropertyNameLength = 64;
    public const int MaxStringLength = 1024;
    public const int MaxEventsPerCall = 1000;

    /// <summary>Events dated further ahead are refused by the API too: they would sit in no window yet and skew recency.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static void RequireCustomerId(string? customerId, string parameterName)
    {
        if (CharacterError(customerId, MaxIdLength, "._:@-") is { } error)
        {
            throw new ArgumentException($"customerId {error}", parameterName);
        }
    }

    /// <summary>The event as the engine records it, with <paramref name="generatedEventId"/> when the caller gave none.</summary>
    public static TrackedEvent ToTrackedEvent(CustomerEvent customerEvent, DateTimeOffset now, Func<string> generatedEventId, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(customerEvent, parameterName);
        return Read(customerEvent, now, generatedEventId, out var error) ?? throw new ArgumentException(error, parameterName);
    }

    public static ImmutableArray<TrackedEvent> ToTrackedEvents(IReadOnlyList<CustomerEvent> customerEvents, DateTimeOffset now, Func<string> generatedEventId, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(customerEvents, parameterName);
        if (customerEvents.Count is 0 || customerEvents.Count > MaxEventsPerCall)
        {
            throw new ArgumentException($"events: 1-{MaxEventsPerCall} per call (got {customerEvents.Count})", parameterName);
        }

        var builder = ImmutableArray.CreateBuilder<TrackedEvent>(customerEvents.Count);
        for (var index = 0; index < customerEvents.Count; index++)
        {
            string? error = "is null";
            var tracked = customerEvents[index] is { } customerEvent ? Read(customerEvent, now, generatedEventId, out error) : null;
            builder.Add(tracked ?? throw new ArgumentException($"events[{index}]: {error}", parameterName));
        }

        return builder.MoveToImmutable();
    }

    private static TrackedEvent? Read(CustomerEvent customerEvent, DateTimeOffset now, Func<string> generatedEventId, out string? error)
    {
        Dictionary<string, RuleValue>? properties = null;
        error = EventError(customerEvent, now) ?? PropertiesError(customerEvent.Properties, out properties);
        if (error is not null)
        {
            return null;
        }

        var behaviour = new BehaviourEvent(customerEvent.Type, customerEvent.Timestamp ?? now, customerEvent.Value, customerEvent.SessionId, properties);
        return new TrackedEvent(behaviour, customerEvent.EventId ?? generatedEventId());
    }

    private static string? EventError(CustomerEvent customerEvent, DateTimeOffset now)
    {
        if (CharacterError(customerEvent.Type, MaxEventTypeLength, "_.:-") is { } typeError)
        {
            return $"type {typeError}";
        }

        if (customerEvent.EventId is { Length: 0 or > MaxIdLength })
        {
            return $"eventId must be 1-{MaxIdLength} characters";
        }

        if (customerEvent.SessionId is { Length: > MaxIdLength })
        {
            return $"sessionId must be at most {MaxIdLength} characters";
        }

        if (customerEvent.Value is { } value && !double.IsFinite(value))
        {
            return "value must be a finite number";
        }

        if (customerEvent.Timestamp > now + MaxClockSkew)
        {
            return $"timestamp is more than {MaxClockSkew.TotalMinutes:0} minutes in the future (client time {now:O})";
        }

        return null;
    }

    private static string? PropertiesError(IReadOnlyDictionary<string, object?>? properties, out Dictionary<string, RuleValue>? values)
    {
        values = null;
        if (properties is null)
        {
            return null;
        }

        if (properties.Count > MaxProperties)
        {
            return $"properties: at most {MaxProperties} per event (got {properties.Count})";
        }

        values = new Dictionary<string, RuleValue>(properties.Count, StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (PropertyNameError(name) is { } nameError)
            {
                return $"properties.{name}: {nameError}";
            }

            if (ToRuleValue(value) is not { } ruleValue)
            {
                return $"properties.{name}: must be a string of at most {MaxStringLength} characters, a finite number, a boolean or a DateTimeOffset (got {value!.GetType().Name})";
            }

            values[name] = ruleValue;
        }

        return null;
    }

    private static RuleValue? ToRuleValue(object? value) => value switch
    {
        null => RuleValue.Null,
        string text when text.Length <= MaxStringLength => RuleValue.FromText(text),
        bool flag => RuleValue.FromBool(flag),
        DateTimeOffset date => RuleValue.FromDate(date),
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal => RuleValue.FromNumber(Convert.ToDouble(value)),
        float or double when double.IsFinite(Convert.ToDouble(value)) => RuleValue.FromNumber(Convert.ToDouble(value)),
        _ => null,
    };

    /// <summary>Property names are read as identifiers in rule text (<c>page_view where category == "shoes"</c>).</summary>
    private static string? PropertyNameError(string name)
    {
        if (name.Length is 0 || name.Length > MaxPropertyNameLength)
        {
            return $"property names must be 1-{MaxPropertyNameLength} characters";
        }

        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return "property names must start with a letter or '_' and hold only letters, digits and '_'";
        }

        return null;
    }

    private static string? CharacterError(string? id, int maxLength, string extra)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "is required";
        }

        if (id.Length > maxLength)
        {
            return $"must be at most {maxLength} characters (got {id.Length})";
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !extra.Contains(c))
            {
                return $"may only hold A-Za-z0-9 and '{extra}' (found '{c}')";
            }
        }

        return null;
    }
}
