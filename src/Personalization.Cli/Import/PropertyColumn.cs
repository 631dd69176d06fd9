namespace Personalization.Cli.Import;

/// <summary>A column sent as an event property of the same name, as text unless typed with a suffix.</summary>
public sealed record PropertyColumn(string Column, PropertyKind Kind)
{
    /// <summary>Reads <c>name</c>, <c>name:number</c> or <c>name:boolean</c>.</summary>
    public static PropertyColumn Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var (column, kind) = colon < 0
            ? (text, PropertyKind.Text)
            : (text[..colon], text[(colon + 1)..] switch
            {
                "number" => PropertyKind.Number,
                "boolean" => PropertyKind.Boolean,
                "text" => PropertyKind.Text,
                var other => throw new FormatException($"'{other}' in '{text}' is not a property type; use text, number or boolean"),
            });
        return column.Length == 0 ? throw new FormatException($"'{text}' names no column") : new PropertyColumn(column, kind);
    }
}
