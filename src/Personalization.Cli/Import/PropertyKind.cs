namespace Personalization.Cli.Import;

public enum PropertyKind
{
    Text,
    Number,
    Boolean,
}
