using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EvpnCompile.Core.Validation;

// What a JSON Schema evaluation found wrong, as typed failures: the one reader of JsonSchema.Net's
// results and of the schema at each reported location. Its callers (SchemaValidator for evpnc's input,
// Audit/KubernetesManifestCheck for rendered manifests) only put the failures into words.

/// <param name="Pointer">the JSON pointer of the failing value (or of the unknown key).</param>
/// <param name="Keyword">the schema keyword that failed ("" for `additionalProperties: false`).</param>
/// <param name="Instance">the failing value (null when absent).</param>
/// <param name="Expected">the schema's own words for what belongs there (`x-expected`), when it has them.</param>
public abstract record SchemaFailure(string Pointer, string Keyword, JsonNode? Instance, string? Expected);

/// <summary>A property that `additionalProperties: false` does not allow.</summary>
/// <param name="Parent">the pointer of the object that holds it.</param>
/// <param name="Allowed">the properties the schema declares there, sorted.</param>
public sealed record UnknownProperty(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string Name, string Parent,
    IReadOnlyList<string> Allowed) : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <summary>A key that `propertyNames` rejects.</summary>
public sealed record InvalidKey(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string Key, string Parent)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <param name="Types">the schema's `type` (a name or a list of names).</param>
public sealed record WrongType(string Pointer, string Keyword, JsonNode? Instance, string? Expected, JsonNode? Types)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <param name="Missing">the required properties that are absent (or the evaluator's message when it names none).</param>
public sealed record MissingRequired(string Pointer, string Keyword, JsonNode? Instance, string? Expected, IReadOnlyList<string> Missing)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <summary>An `enum` or `const` failure.</summary>
/// <param name="Allowed">each allowed value as JSON text; null for a JSON null.</param>
public sealed record NotAllowed(string Pointer, string Keyword, JsonNode? Instance, string? Expected, IReadOnlyList<string?> Allowed)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

public sealed record PatternMismatch(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string? Pattern)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <summary>minimum, maximum, exclusiveMinimum or exclusiveMaximum.</summary>
/// <param name="Bound">the failing keyword's value, as JSON text.</param>
public sealed record OutOfRange(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string? Minimum, string? Maximum, string? Bound)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <summary>minLength, maxLength, minItems, maxItems, minProperties or maxProperties.</summary>
/// <param name="Bound">the failing keyword's value, as JSON text.</param>
public sealed record WrongSize(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string? Bound)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <param name="Message">the evaluator's own message.</param>
public sealed record NotUnique(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string Message)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

/// <summary>Any other keyword, with the evaluator's own message.</summary>
public sealed record OtherFailure(string Pointer, string Keyword, JsonNode? Instance, string? Expected, string Message)
    : SchemaFailure(Pointer, Keyword, Instance, Expected);

public static class SchemaFailureReader
{
    private static readonly EvaluationOptions options = new() { OutputFormat = OutputFormat.List };

    /// <summary>Evaluates <paramref name="instance"/> against <paramref name="schema"/> (whose text is <paramref name="document"/>).</summary>
    /// <returns>null when the instance is valid; else every failure, in the evaluator's order (possibly none:
    /// the evaluator said no without saying why, which callers must still report).</returns>
    public static IReadOnlyList<SchemaFailure>? Evaluate(JsonSchema schema, JsonNode document, JsonNode? instance)
    {
        var results = schema.Evaluate(JsonSerializer.SerializeToElement(instance), options);
        if (results.IsValid) return null;
        var failures = new List<SchemaFailure>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is not { Count: > 0 }) continue;
            // An `if` that does not match is how a schema picks a case; it is not an error.
            if (SchemaWords.Segments(detail.EvaluationPath).Contains("if")) continue;
            foreach (var keyword in detail.Errors.Keys) failures.Add(Read(document, instance, detail, keyword));
        }
        return failures;
    }

    private static SchemaFailure Read(JsonNode document, JsonNode? root, EvaluationResults detail, string keyword)
    {
        string pointer = detail.InstanceLocation.ToString();
        var evalPath = SchemaWords.Segments(detail.EvaluationPath);
        string lastEval = evalPath.Length > 0 ? evalPath[^1] : "";
        var subschema = ResolveSchema(document, detail.SchemaLocation) as JsonObject; // null for a `false` schema
        var instance = Navigate(root, pointer);
        string? expected = subschema?["x-expected"]?.GetValue<string>();

        // `additionalProperties: false` fails with an empty keyword at the unknown key; a schema there fails normally.
        if (lastEval == "additionalProperties" && keyword.Length == 0)
        {
            int slash = pointer.LastIndexOf('/');
            var parentSchema = ResolveParentSchema(document, detail.SchemaLocation) as JsonObject;
            var allowed = (parentSchema?["properties"] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            return new UnknownProperty(pointer, keyword, instance, expected, SchemaWords.Unescape(pointer[(slash + 1)..]), pointer[..slash], allowed);
        }
        if (evalPath.Contains("propertyNames"))
        {
            int slash = pointer.LastIndexOf('/');
            return new InvalidKey(pointer, keyword, instance, expected, SchemaWords.Unescape(pointer[(slash + 1)..]), pointer[..slash]);
        }
        string? Bound() => subschema?[keyword]?.ToJsonString();
        switch (keyword)
        {
            case "type":
                return new WrongType(pointer, keyword, instance, expected, subschema?["type"]);
            case "required":
            {
                var required = (subschema?["required"] as JsonArray)?.Select(n => n!.GetValue<string>()) ?? [];
                var missing = required.Where(r => instance is not JsonObject o || !o.ContainsKey(r)).ToList();
                return new MissingRequired(pointer, keyword, instance, expected, missing.Count > 0 ? missing : [detail.Errors![keyword]]);
            }
            case "dependentRequired":
            {
                // Fields that only mean something together (cidr6 and perNodePrefix6): the partner present is missing its mate.
                var missing = ((subschema?["dependentRequired"] as JsonObject) ?? [])
                    .Where(d => instance is JsonObject o && o.ContainsKey(d.Key))
                    .SelectMany(d => (d.Value as JsonArray ?? []).Select(n => n!.GetValue<string>()))
                    .Where(r => instance is JsonObject o && !o.ContainsKey(r)).Distinct().Order(StringComparer.Ordinal).ToList();
                return new MissingRequired(pointer, keyword, instance, expected, missing.Count > 0 ? missing : [detail.Errors![keyword]]);
            }
            case "enum" or "const":
                return new NotAllowed(pointer, keyword, instance, expected, keyword == "const"
                    ? [subschema?["const"]?.ToJsonString() ?? "?"]
                    : (subschema?["enum"] as JsonArray)?.Select(n => n?.ToJsonString()).ToList() ?? []);
            case "pattern":
                return new PatternMismatch(pointer, keyword, instance, expected, subschema?["pattern"]?.GetValue<string>());
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                return new OutOfRange(pointer, keyword, instance, expected,
                    subschema?["minimum"]?.ToJsonString(), subschema?["maximum"]?.ToJsonString(), Bound());
            case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                return new WrongSize(pointer, keyword, instance, expected, Bound());
            case "uniqueItems":
                return new NotUnique(pointer, keyword, instance, expected, detail.Errors![keyword]);
            default:
                return new OtherFailure(pointer, keyword, instance, expected, detail.Errors![keyword]);
        }
    }

    // ---- reading a schema at a location ----

    /// <summary>The subschema at a reported location. JsonSchema.Net may append tokens past the
    /// keyword (an item index, a property name); tokens that lead nowhere are skipped.</summary>
    private static JsonNode? ResolveSchema(JsonNode document, Uri location)
    {
        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        JsonNode? node = document;
        foreach (var raw in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
            if (node is JsonObject o && o.TryGetPropertyValue(SchemaWords.Unescape(raw), out var next) && next is JsonObject or JsonArray) node = next;
            else if (node is JsonArray a && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < a.Count) node = a[i];
        return node;
    }

    /// <summary>The schema that owns an `additionalProperties` keyword (the location may run past the keyword).</summary>
    private static JsonNode? ResolveParentSchema(JsonNode document, Uri location)
    {
        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        int keyword = fragment.LastIndexOf("/additionalProperties", StringComparison.Ordinal);
        return keyword < 0 ? null : Navigate(document, fragment[..keyword]);
    }

    /// <summary>The node at a JSON pointer; null when there is none.</summary>
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
}
