using System.Globalization;

namespace Personalization.Rules;

/// <summary>Date text without regular expressions or allocation: ISO 8601 dates and RFC 3339 date-times only.</summary>
internal static class DateText
{
    public static string Format(DateTimeOffset date) =>
        date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> s, out DateTimeOffset date)
    {
        date = default;
        if (s.Length < 10 || !Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-' || !Digits(s, 8, 2, out var day))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (s.Length == 10)
        {
            date = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
            return true;
        }

        if (s.Length < 20 || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute)
            || s[16] != ':' || !Digits(s, 17, 2, out var second) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = 19;
        long fractionTicks = 0;
        if (s[position] == '.')
        {
            position++;
            var start = position;
            var scale = TimeSpan.TicksPerSecond;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                scale /= 10;
                fractionTicks += (s[position] - '0') * scale;
                position++;
            }

            if (position == start)
            {
                return false;
            }
        }

        TimeSpan offset;
        if (position == s.Length - 1 && (s[position] == 'Z' || s[position] == 'z'))
        {
            offset = TimeSpan.Zero;
        }
        else if (position == s.Length - 6 && (s[position] == '+' || s[position] == '-') && Digits(s, position + 1, 2, out var offsetHours)
                 && s[position + 3] == ':' && Digits(s, position + 4, 2, out var offsetMinutes) && offsetHours <= 14 && offsetMinutes <= 59)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (s[position] == '-')
            {
                offset = -offset;
            }

            if (offset > TimeSpan.FromHours(14))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        date = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = value * 10 + (s[i] - '0');
        }

        return true;
    }
}
