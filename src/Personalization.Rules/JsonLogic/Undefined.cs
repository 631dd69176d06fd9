namespace Personalization.Rules.JsonLogic;

/// <summary>
/// JavaScript's undefined, which json-logic-js hands to an operator for each argument the rule left out and which
/// <c>log</c> with no argument or an empty <c>and</c>/<c>or</c> give back: <c>{"===":[null]}</c> is false while
/// <c>{"==":[null]}</c> is true. Written as null when a result leaves the engine.
/// </summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }
}
