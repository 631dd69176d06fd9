using System.Globalization;
using System.Text;

namespace Personalization.Rules.Syntax;

internal enum TokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Duration,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    And,
    Or,
    Not,
    In,
    Contains,
    Between,
    True,
    False,
    Null,
}
