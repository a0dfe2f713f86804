using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;
using Json.Schema;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Validation;

/// <summary>
/// Pass 2: checks one document against schemas/evpnc.schema.json and turns every failure into a
/// diagnostic at the offending key or value, naming the property, what it must be, and what it is.
/// </summary>
public static class SchemaValidator
{
    private static readonly EvaluationOptions options = new() { OutputFormat = OutputFormat.List };

    /// <returns>true when the document is valid.</returns>
    public static bool Validate(LoadedDocument document, DiagnosticSink sink)
    {
        var element = JsonSerializer.SerializeToElement(document.Root);
        var results = SchemaCatalog.Schema.Evaluate(element, options);
        if (results.IsValid) return true;

        bool reported = false;
        foreach (var detail in results.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is not { Count: > 0 }) continue;
            // An `if` that does not match is how the schema picks the kind; it is not an error.
            if (SchemaWords.Segments(detail.EvaluationPath).Contains("if")) continue;
            string pointer = detail.InstanceLocation.ToString();
            var subschema = ResolveSchema(detail.SchemaLocation) as JsonObject; // null for a `false` schema
            var instance = Navigate(document.Root, pointer);
            foreach (var keyword in detail.Errors.Keys)
            {
                sink.Add(ToDiagnostic(document, pointer, keyword, detail, subschema, instance));
                reported = true;
            }
        }
        if (!reported) // the evaluator said no without saying why: still never let it through silently
            sink.Add(C.SchemaOther(document.Start, "the document", "schema", "it does not match the evpnc schema"));
        return false;
    }

    private static Diagnostic ToDiagnostic(LoadedDocument doc, string pointer, string keyword,
        EvaluationResults detail, JsonObject? subschema, JsonNode? instance)
    {
        var map = doc.Map;
        string property = PropertyPath(pointer);
        string? expected = subschema?["x-expected"]?.GetValue<string>();
        var evalPath = SchemaWords.Segments(detail.EvaluationPath);
        string lastEval = evalPath.Length > 0 ? evalPath[^1] : "";

        // `additionalProperties: false` fails with an empty keyword; a schema there (label values) fails normally.
        if (lastEval == "additionalProperties" && keyword.Length == 0)
        {
            int slash = pointer.LastIndexOf('/');
            string parent = pointer[..slash];
            var parentSchema = ResolveParentSchema(detail.SchemaLocation) as JsonObject;
            var allowed = (parentSchema?["properties"] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal)
                          ?? Enumerable.Empty<string>();
            return C.SchemaUnknownProperty(map.Key(pointer), SchemaWords.Unescape(pointer[(slash + 1)..]), Owner(parent), allowed.ToList());
        }
        if (evalPath.Contains("propertyNames"))
        {
            string key = SchemaWords.Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);
            return C.SchemaPattern(map.Key(pointer), property + " (key)", expected ?? "a valid key", SchemaWords.Quote(key));
        }

        switch (keyword)
        {
            case "type":
                return C.SchemaType(map.Value(pointer), property, expected ?? SchemaWords.DescribeType(subschema?["type"]), Describe(instance));
            case "required":
            {
                var required = (subschema?["required"] as JsonArray)?.Select(n => n!.GetValue<string>()) ?? [];
                var present = instance as JsonObject;
                var missing = required.Where(r => present is null || !present.ContainsKey(r)).ToList();
                return C.SchemaRequired(map.Key(pointer), Owner(pointer), missing.Count > 0 ? missing : [detail.Errors![keyword]]);
            }
            case "enum":
            case "const":
            {
                var allowed = keyword == "const"
                    ? [subschema?["const"]?.ToJsonString() ?? "?"]
                    : (subschema?["enum"] as JsonArray)?.Select(n => n?.ToJsonString() ?? "null").ToList() ?? [];
                return C.SchemaEnum(map.Value(pointer), property, allowed, Describe(instance));
            }
            case "pattern":
                return C.SchemaPattern(map.Value(pointer), property,
                    expected ?? $"text matching {subschema?["pattern"]?.GetValue<string>()}", Describe(instance));
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                return C.SchemaRange(map.Value(pointer), property, expected ?? DescribeRange(subschema), Describe(instance));
            case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                return C.SchemaSize(map.Value(pointer), property, SchemaWords.DescribeSize(keyword, subschema), SchemaWords.Count(instance));
            case "uniqueItems":
                return C.SchemaUnique(map.Value(pointer), property);
            default:
                return C.SchemaOther(map.Value(pointer), property, keyword, detail.Errors![keyword]);
        }
    }

    // ---- reading the schema at a location ----

    /// <summary>The subschema at a reported location. JsonSchema.Net may append tokens past the
    /// keyword (an item index, a property name); tokens that lead nowhere are skipped.</summary>
    private static JsonNode? ResolveSchema(Uri location)
    {
        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        JsonNode? node = SchemaCatalog.Document;
        foreach (var raw in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
            if (node is JsonObject o && o.TryGetPropertyValue(SchemaWords.Unescape(raw), out var next) && next is JsonObject or JsonArray) node = next;
            else if (node is JsonArray a && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < a.Count) node = a[i];
        return node;
    }

    /// <summary>The schema that owns an `additionalProperties` keyword (the location may run past the keyword).</summary>
    private static JsonNode? ResolveParentSchema(Uri location)
    {
        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        int keyword = fragment.LastIndexOf("/additionalProperties", StringComparison.Ordinal);
        return keyword < 0 ? null : Navigate(SchemaCatalog.Document, fragment[..keyword]);
    }

    internal static JsonNode? Navigate(JsonNode? node, string pointer)
    {
        if (pointer.Length == 0) return node;
        foreach (var raw in pointer[1..].Split('/'))
        {
            string token = SchemaWords.Unescape(raw);
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(token, out var v) ? v : null,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    // ---- words for people ----

    /// <summary>"/spec/l2Networks/0/gateway" becomes "spec.l2Networks[0].gateway".</summary>
    internal static string PropertyPath(string pointer)
    {
        if (pointer.Length == 0) return "the document";
        var sb = new System.Text.StringBuilder();
        foreach (var raw in pointer[1..].Split('/'))
        {
            string token = SchemaWords.Unescape(raw);
            if (token.Length > 0 && token.All(char.IsAsciiDigit)) sb.Append('[').Append(token).Append(']');
            else { if (sb.Length > 0) sb.Append('.'); sb.Append(token); }
        }
        return sb.ToString();
    }

    private static string Owner(string pointer) => pointer.Length == 0 ? "the document" : $"'{PropertyPath(pointer)}'";

    internal static string Describe(JsonNode? value) => SchemaWords.Describe(value);

    private static string DescribeRange(JsonNode? schema)
    {
        string? min = schema?["minimum"]?.ToJsonString();
        string? max = schema?["maximum"]?.ToJsonString();
        return (min, max) switch
        {
            (not null, not null) => $"from {min} to {max}",
            (not null, null) => $"at least {min}",
            (null, not null) => $"at most {max}",
            _ => "in range",
        };
    }
}
