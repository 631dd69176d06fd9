namespace Personalization.Rules.Syntax;

internal readonly record struct Token(TokenKind Kind, int Line, int Column, string Source, string? Text = null, double Number = 0, TimeSpan Duration = default)
{
    /// <summary>How an error message shows the token.</summary>
    public string Display => Kind == TokenKind.End ? "end of rule" : $"'{(Source.Length > 40 ? Source[..40] + "..." : Source)}'";

    public bool IsWord(string word) => Kind == TokenKind.Identifier && Text == word;
}
