namespace Personalization.Rules.Syntax;

internal enum StaticKind
{
    Unknown,
    Null,
    Bool,
    Number,
    String,
    List,
}
