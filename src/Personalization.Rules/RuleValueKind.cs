using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules;

public enum RuleValueKind
{
    Null,
    Bool,
    Number,
    String,
    StringList,
    Date,
}
