using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Personalization.Client;

namespace Personalization.SampleStore;

/// <summary>The antiforgery field a form must post back.</summary>
public sealed record FormTokens(string FieldName, string Value);
