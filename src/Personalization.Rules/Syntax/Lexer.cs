using System.Globalization;
using System.Text;

namespace Personalization.Rules.Syntax;

/// <summary>Splits rule text into tokens, tracking 1-based lines and columns; keywords are lower-case only.</summary>
internal static class Lexer
{
    public static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["in"] = TokenKind.In,
        ["contains"] = TokenKind.Contains,
        ["between"] = TokenKind.Between,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
        ["null"] = TokenKind.Null,
    };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var line = 1;
        var lineStart = 0;
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }

                i++;
            }

            var column = i - lineStart + 1;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, line, column, ""));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(Keywords.TryGetValue(word, out var keyword)
                    ? new Token(keyword, line, column, word)
                    : new Token(TokenKind.Identifier, line, column, word, word));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref i, line, column));
                continue;
            }

            switch (c)
            {
                case '"':
                    tokens.Add(ReadString(text, ref i, line, column));
                    continue;
                case '`':
                    tokens.Add(ReadQuotedIdentifier(text, ref i, line, column));
                    continue;
            }

            var (kind, length) = c switch
            {
                '(' => (TokenKind.LeftParen, 1),
                ')' => (TokenKind.RightParen, 1),
                '[' => (TokenKind.LeftBracket, 1),
                ']' => (TokenKind.RightBracket, 1),
                ',' => (TokenKind.Comma, 1),
                '.' => (TokenKind.Dot, 1),
                '+' => (TokenKind.Plus, 1),
                '-' => (TokenKind.Minus, 1),
                '*' => (TokenKind.Star, 1),
                '/' => (TokenKind.Slash, 1),
                '%' => (TokenKind.Percent, 1),
                '=' when Next(text, i) == '=' => (TokenKind.Equal, 2),
                '!' when Next(text, i) == '=' => (TokenKind.NotEqual, 2),
                '<' when Next(text, i) == '=' => (TokenKind.LessOrEqual, 2),
                '>' when Next(text, i) == '=' => (TokenKind.GreaterOrEqual, 2),
                '<' => (TokenKind.Less, 1),
                '>' => (TokenKind.Greater, 1),
                _ => (TokenKind.End, 0),
            };
            if (length == 0)
            {
                var expected = c switch
                {
                    '=' => "'==' (comparison uses two equals signs)",
                    '!' => "'!=' (negation is written 'not')",
                    '\'' => "'\"' (strings use double quotes)",
                    _ => "a name, a literal, an operator or a parenthesis",
                };
                throw new RuleSyntaxException(line, column, expected, $"'{c}'");
            }

            tokens.Add(new Token(kind, line, column, text.Substring(start, length)));
            i += length;
        }
    }

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';

    private static Token ReadNumber(string text, ref int i, int line, int column)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integral = true;
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            integral = false;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var mark = i + 1;
            if (mark < text.Length && (text[mark] == '+' || text[mark] == '-'))
            {
                mark++;
            }

            if (mark < text.Length && char.IsAsciiDigit(text[mark]))
            {
                integral = false;
                i = mark;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        var source = text[start..i];
        if (i < text.Length && IsIdentifierStart(text[i]))
        {
            var unitEnd = i + 1;
            var unit = text[i];
            if (integral && unit is 'm' or 'h' or 'd' && (unitEnd >= text.Length || !IsIdentifierPart(text[unitEnd])))
            {
                i = unitEnd;
                return ReadDuration(source, unit, line, column);
            }

            while (unitEnd < text.Length && IsIdentifierPart(text[unitEnd]))
            {
                unitEnd++;
            }

            throw new RuleSyntaxException(line, column, "a number, or a whole number followed by m, h or d", $"'{text[start..unitEnd]}'");
        }

        var number = double.Parse(source, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number))
        {
            throw new RuleSyntaxException(line, column, "a number within the range of a double", $"'{source}'");
        }

        return new Token(TokenKind.Number, line, column, source, Number: number);
    }

    private static Token ReadDuration(string digits, char unit, int line, int column)
    {
        var source = digits + unit;
        var unitLength = unit switch
        {
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            _ => TimeSpan.FromDays(1),
        };
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0
            || amount > SegmentCatalog.MaxWindow.Ticks / unitLength.Ticks)
        {
            throw new RuleSyntaxException(line, column, $"a window longer than zero and at most {SegmentCatalog.MaxWindow.TotalDays:0}d", $"'{source}'");
        }

        return new Token(TokenKind.Duration, line, column, source, Duration: unitLength * amount);
    }

    private static Token ReadString(string text, ref int i, int line, int column)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length || text[i] == '\n')
            {
                throw new RuleSyntaxException(line, column, "a closing '\"' on the same line", $"'{Shorten(text[start..i])}'");
            }

            var c = text[i];
            if (c == '"')
            {
                i++;
                return new Token(TokenKind.String, line, column, text[start..i], value.ToString());
            }

            if (c != '\\')
            {
                value.Append(c);
                i++;
                continue;
            }

            var escape = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (escape)
            {
                case '"' or '\\' or '/':
                    value.Append(escape);
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 'u' when i + 5 < text.Length && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw new RuleSyntaxException(line, column + (i - start), "an escape: \\\" \\\\ \\/ \\n \\t \\r or \\uXXXX", $"'{text.Substring(i, Math.Min(2, text.Length - i))}'");
            }

            i += 2;
        }
    }

    private static Token ReadQuotedIdentifier(string text, ref int i, int line, int column)
    {
        var start = i;
        var name = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length || text[i] == '\n')
            {
                throw new RuleSyntaxException(line, column, "a closing '`' on the same line", $"'{Shorten(text[start..i])}'");
            }

            if (text[i] == '`')
            {
                // A doubled backtick stands for one, so any name can be quoted.
                if (i + 1 < text.Length && text[i + 1] == '`')
                {
                    name.Append('`');
                    i += 2;
                    continue;
                }

                i++;
                if (name.Length == 0)
                {
                    throw new RuleSyntaxException(line, column, "a name between the backticks", "'``'");
                }

                return new Token(TokenKind.QuotedIdentifier, line, column, text[start..i], name.ToString());
            }

            name.Append(text[i]);
            i++;
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
