using System.Globalization;
using System.Numerics;
using System.Text;

namespace Personalization.Rules.JsonLogic;

/// <summary>
/// The parts of JavaScript's semantics that json-logic-js, the reference implementation, inherits: conversions
/// (ToNumber, ToString, parseFloat), equality (== and ===), relational comparison and truthiness, on the values a plain
/// JsonLogic evaluation works with: null, <see cref="Undefined"/>, bool, double, string, an array (<c>object?[]</c>) or
/// an object (<see cref="Dictionary{TKey, TValue}"/> of string to value). Arrays and objects compare by reference, as in
/// JavaScript.
/// </summary>
internal static class JavaScript
{
    public static readonly object True = true;
    public static readonly object False = false;
    public static readonly object Zero = 0.0;

    public static object Bool(bool value) => value ? True : False;

    /// <summary>JsonLogic's truthiness: JavaScript's, except that an empty array is false.</summary>
    public static bool Truthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        object?[] array => array.Length > 0,
        _ => true,
    };

    /// <summary>JavaScript's ToNumber.</summary>
    public static double ToNumber(object? value) => value switch
    {
        double d => d,
        null => 0,
        Undefined => double.NaN,
        bool b => b ? 1 : 0,
        string s => StringToNumber(s),
        object?[] array => StringToNumber(ToString(array)),
        _ => double.NaN,
    };

    /// <summary>JavaScript's String(value).</summary>
    public static string ToString(object? value) => ToString(value, 0);

    /// <summary>
    /// Array.prototype.join: null and undefined items are empty. Refuses a string longer than
    /// <see cref="JsonLogicRule.MaxStringLength"/> and arrays nested deeper than <see cref="JsonLogicRule.MaxValueDepth"/>.
    /// </summary>
    public static string Join(object?[] items, string separator, int depth = 0)
    {
        if (depth > JsonLogicRule.MaxValueDepth)
        {
            throw new JsonLogicException(JsonLogicRule.ValueTooDeep);
        }

        JsonLogicRule.Budget.Current?.Spend(1 + items.Length);
        if (items.Length == 1)
        {
            return items[0] is null or Undefined ? "" : ToString(items[0], depth + 1);
        }

        var text = new StringBuilder();
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            if (items[i] is not (null or Undefined))
            {
                text.Append(ToString(items[i], depth + 1));
            }

            JsonLogicRule.CheckStringLength(text.Length);
        }

        return text.ToString();
    }

    /// <summary>JavaScript's parseFloat: the longest prefix (after white space) that is a decimal number, else NaN.</summary>
    public static double ParseFloat(object? value)
    {
        if (value is double d)
        {
            // String(d) read back: the same number, except that -0 prints as "0".
            return d == 0 ? 0 : d;
        }

        var text = ToString(value).AsSpan();
        var start = 0;
        while (start < text.Length && IsWhiteSpace(text[start]))
        {
            start++;
        }

        var length = DecimalPrefix(text[start..], out var number);
        return length == 0 ? double.NaN : number;
    }

    /// <summary>JavaScript's ToIntegerOrInfinity: NaN is 0, otherwise the number truncated toward zero.</summary>
    public static double ToIntegerOrInfinity(object? value)
    {
        var number = ToNumber(value);
        return double.IsNaN(number) ? 0 : Math.Truncate(number) + 0.0;
    }

    /// <summary>JavaScript's === : numbers, strings and booleans by value (NaN unequal to itself), arrays and objects by reference.</summary>
    public static bool StrictEquals(object? a, object? b) => a switch
    {
        double x => b is double y && x == y,
        string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
        bool p => b is bool q && p == q,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>JavaScript's == (the abstract equality comparison).</summary>
    public static bool LooseEquals(object? a, object? b)
    {
        while (true)
        {
            if (a is null or Undefined || b is null or Undefined)
            {
                return a is null or Undefined && b is null or Undefined;
            }

            if (SameType(a, b))
            {
                return StrictEquals(a, b);
            }

            switch (a, b)
            {
                case (double x, string t):
                    return x == StringToNumber(t);
                case (string s, double y):
                    return StringToNumber(s) == y;
                case (bool p, _):
                    a = p ? 1.0 : 0.0;
                    continue;
                case (_, bool q):
                    b = q ? 1.0 : 0.0;
                    continue;
                case (double or string, _):
                    b = ToPrimitive(b);
                    continue;
                default:
                    a = ToPrimitive(a);
                    continue;
            }
        }
    }

    /// <summary>
    /// JavaScript's relational comparison, as the sign of a - b: strings (arrays and objects become strings) by UTF-16
    /// code unit, anything else as numbers; null when a number is NaN, where every one of &lt; &lt;= &gt; &gt;= is false.
    /// </summary>
    public static int? Compare(object? a, object? b)
    {
        if (a is double x && b is double y)
        {
            return double.IsNaN(x) || double.IsNaN(y) ? null : x.CompareTo(y);
        }

        var left = ToPrimitive(a);
        var right = ToPrimitive(b);
        if (left is string s && right is string t)
        {
            return Math.Sign(string.CompareOrdinal(s, t));
        }

        var (l, r) = (ToNumber(left), ToNumber(right));
        return double.IsNaN(l) || double.IsNaN(r) ? null : l.CompareTo(r);
    }

    /// <summary>Number.prototype.toString(): the shortest digits that read back as the number, in JavaScript's layout.</summary>
    public static string NumberToString(double number)
    {
        if (double.IsNaN(number))
        {
            return "NaN";
        }

        if (number == 0)
        {
            return "0";
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? "Infinity" : "-Infinity";
        }

        if (Math.Abs(number) < 1e15 && number == Math.Floor(number))
        {
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        }

        // .NET's "R" is the shortest round-trip digits; only its layout differs (1E+21, 2.5E-05).
        var shortest = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, point), mantissa.AsSpan(point + 1));

        // The number is 0.digits × 10^n, with digits free of leading and trailing zeros; k is how many there are.
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = 0;
        while (digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        n -= leadingZeros;
        var k = digits.Length;

        var text = new StringBuilder(number < 0 ? "-" : "");
        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            text.Append('e').Append(n - 1 >= 0 ? '+' : '-').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>JavaScript's StringToNumber: a decimal, Infinity, or 0x/0o/0b integer between optional white space; "" is 0; else NaN.</summary>
    public static double StringToNumber(string text)
    {
        var span = text.AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && IsWhiteSpace(span[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpace(span[end - 1]))
        {
            end--;
        }

        span = span[start..end];
        if (span.IsEmpty)
        {
            return 0;
        }

        if (span.Length > 2 && span[0] == '0' && char.ToLowerInvariant(span[1]) is 'x' or 'o' or 'b')
        {
            return RadixInteger(span[2..], char.ToLowerInvariant(span[1]) switch { 'x' => 16, 'o' => 8, _ => 2 });
        }

        return DecimalPrefix(span, out var number) == span.Length ? number : double.NaN;
    }

    private static string ToString(object? value, int depth) => value switch
    {
        string s => s,
        double d => NumberToString(d),
        null => "null",
        Undefined => "undefined",
        bool b => b ? "true" : "false",
        object?[] array => Join(array, ",", depth),
        _ => "[object Object]",
    };

    /// <summary>Arrays become their joined string, objects "[object Object]"; other values are already primitive.</summary>
    private static object? ToPrimitive(object? value) => value switch
    {
        object?[] array => Join(array, ","),
        Dictionary<string, object?> => "[object Object]",
        _ => value,
    };

    /// <summary>JavaScript's typeof grouping: arrays and objects are both objects.</summary>
    private static bool SameType(object a, object b) => a switch
    {
        double => b is double,
        string => b is string,
        bool => b is bool,
        _ => b is object?[] or Dictionary<string, object?>,
    };

    /// <summary>
    /// The length of the longest prefix of <paramref name="text"/> that is a StrDecimalLiteral (an optional sign, then
    /// Infinity, or digits with an optional fraction and exponent), and its value; 0 when there is none.
    /// </summary>
    private static int DecimalPrefix(ReadOnlySpan<char> text, out double number)
    {
        number = double.NaN;
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        if (text[i..].StartsWith("Infinity", StringComparison.Ordinal))
        {
            number = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return i + "Infinity".Length;
        }

        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integerDigits = i - integerStart;
        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            fractionDigits = j - i - 1;
            if (integerDigits > 0 || fractionDigits > 0)
            {
                i = j;
            }
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return 0;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
            {
                j++;
            }

            var digitsStart = j;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (j > digitsStart)
            {
                i = j;
            }
        }

        number = double.Parse(text[..i], NumberStyles.Float, CultureInfo.InvariantCulture);
        return i;
    }

    private static double RadixInteger(ReadOnlySpan<char> digits, int radix)
    {
        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : radix;
            if (digit >= radix)
            {
                return double.NaN;
            }

            value = value * radix + digit;
        }

        return (double)value;
    }

    /// <summary>JavaScript's StrWhiteSpaceChar: WhiteSpace and LineTerminator (not .NET's char.IsWhiteSpace, which differs at U+0085 and U+FEFF).</summary>
    private static bool IsWhiteSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };
}
