using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;
using EvpnCompile.Core.Validation;
using Json.Schema;

namespace EvpnCompile.Core.Audit;

/// <summary>
/// Checks a rendered kubernetes/&lt;tenant&gt;.yaml offline: every document against the JSON schema of
/// its apiVersion and kind (schemas/kubernetes/, derived from the Kubernetes OpenAPI schemas and the
/// Multus CRD, strict about unknown fields). There is no API server to ask, so this is what stands in for
/// <c>kubectl apply --dry-run=server --validate=strict</c>. Every failure is a finding at the offending key
/// or value, naming the object, the field and what it must be. The file is read as YAML 1.2 (evpnc's loader);
/// plain scalars that kubectl, which reads YAML 1.1, would take for a boolean or a number are findings too.
/// </summary>
public static partial class KubernetesManifestCheck
{
    public const string Validator = "kubernetes";
    private const string ResourcePrefix = "schemas/kubernetes/";

    private static readonly EvaluationOptions options = new() { OutputFormat = OutputFormat.List };

    /// <summary>
    /// The admission policy carries the fabric's tenancy as CEL map literals, one value each: far longer than an
    /// input value may be (250 tenants make about 20 KB). Bounded by what the API server stores in one object.
    /// </summary>
    public static LoadLimits Limits { get; } = LoadLimits.Default with { MaxScalarLength = 1_536 * 1024 };

    private sealed record KindSchema(string ApiVersion, string Kind, JsonSchema Schema, JsonNode Document);

    private static readonly Lazy<IReadOnlyDictionary<(string ApiVersion, string Kind), KindSchema>> schemas = new(LoadSchemas);

    /// <summary>The apiVersion and kind of every object this check knows, sorted.</summary>
    public static IReadOnlyList<(string ApiVersion, string Kind)> KnownKinds =>
        schemas.Value.Keys.OrderBy(k => k.Kind, StringComparer.Ordinal).ThenBy(k => k.ApiVersion, StringComparer.Ordinal).ToList();

    public static VerifyReport Check(string path, string yamlText)
    {
        var findings = new List<VerifyFinding>();
        var sink = new DiagnosticSink();
        var documents = YamlLoader.Load(new SourceFile(path, yamlText), Limits, sink);
        foreach (var d in sink.Sorted())
            findings.Add(new VerifyFinding(path, d.Span.Line, d.Span.Column, d.Message));

        string[] lines = yamlText.Split('\n');
        foreach (var document in documents)
        {
            CheckDocument(path, document, findings);
            CheckYaml11(path, document, lines, findings);
        }

        if (findings.Count == 0) return VerifyReport.Pass(Validator, path);
        var sorted = findings.Distinct().OrderBy(f => f.Line).ThenBy(f => f.Column).ThenBy(f => f.Message, StringComparer.Ordinal).ToList();
        return VerifyReport.Fail(Validator, path, sorted);
    }

    private static void CheckDocument(string path, LoadedDocument doc, List<VerifyFinding> findings)
    {
        void Add(SourceSpan at, string message) => findings.Add(new VerifyFinding(path, at.Line, at.Column, message));

        if (doc.Root is not JsonObject root)
        {
            Add(doc.Start, $"document {doc.Index + 1} is {SchemaValidator.Describe(doc.Root)}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
            return;
        }
        string? apiVersion = Text(root["apiVersion"]);
        string? kind = Text(root["kind"]);
        if (apiVersion is null || kind is null)
        {
            foreach (var (field, value) in new[] { ("apiVersion", apiVersion), ("kind", kind) })
                if (value is null)
                    Add(root.ContainsKey(field) ? doc.Map.Value("/" + field) : doc.Start,
                        $"document {doc.Index + 1}: {field} must be text naming the object's {(field == "kind" ? "kind" : "API group and version")}"
                        + (root.ContainsKey(field) ? $", not {SchemaValidator.Describe(root[field])}" : ", and it is missing"));
            return;
        }
        if (!schemas.Value.TryGetValue((apiVersion, kind), out var schema))
        {
            var sameKind = schemas.Value.Keys.Where(k => k.Kind == kind).Select(k => k.ApiVersion).ToList();
            string known = string.Join(", ", KnownKinds.Select(k => $"{k.Kind} ({k.ApiVersion})"));
            Add(doc.Map.Value("/kind"), sameKind.Count > 0
                ? $"{kind} is apiVersion {string.Join(" or ", sameKind)}, not \"{apiVersion}\""
                : $"unknown kind \"{kind}\" of apiVersion \"{apiVersion}\": there is no schema for it (known: {known})");
            return;
        }

        var results = schema.Schema.Evaluate(JsonSerializer.SerializeToElement(doc.Root), options);
        if (results.IsValid) return;

        string owner = Owner(root);
        // One value can fail the same keyword in two subschemas (metadata.name: ObjectMeta's and the kind's own
        // rule); say it once, in the shortest words.
        var explained = new Dictionary<(string Pointer, string Keyword), (SourceSpan At, string Message)>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is not { Count: > 0 }) continue;
            if (SchemaWords.Segments(detail.EvaluationPath).Contains("if")) continue; // a condition that did not hold is no error
            string pointer = detail.InstanceLocation.ToString();
            foreach (var keyword in detail.Errors.Keys)
            {
                var now = Explain(schema, doc, pointer, keyword, detail);
                if (!explained.TryGetValue((pointer, keyword), out var before)
                    || now.Message.Length < before.Message.Length
                    || (now.Message.Length == before.Message.Length && string.CompareOrdinal(now.Message, before.Message) < 0))
                    explained[(pointer, keyword)] = now;
            }
        }
        foreach (var (at, message) in explained.Values) Add(at, $"{owner}: {message}");
        if (explained.Count == 0) // the evaluator said no without saying why: never let it through silently
            Add(doc.Start, $"{owner}: does not match the schema of {kind} ({apiVersion})");
    }

    /// <summary>"NetworkPolicy \"evpnc-tenant-isolation\"": how findings name the object.</summary>
    private static string Owner(JsonObject root)
    {
        var name = root["metadata"]?["name"];
        string named = name switch
        {
            null => "(unnamed)",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => SchemaWords.Quote(v.GetValue<string>()),
            _ => name.ToJsonString(),
        };
        return $"{Text(root["kind"]) ?? "object"} {named}";
    }

    private static (SourceSpan At, string Message) Explain(KindSchema schema, LoadedDocument doc, string pointer, string keyword, EvaluationResults detail)
    {
        var map = doc.Map;
        var evalPath = SchemaWords.Segments(detail.EvaluationPath);
        string lastEval = evalPath.Length > 0 ? evalPath[^1] : "";
        var subschema = ResolveSchema(schema.Document, detail.SchemaLocation) as JsonObject; // null for a `false` schema
        var instance = SchemaValidator.Navigate(doc.Root, pointer);
        string property = SchemaValidator.PropertyPath(pointer);
        string? expected = subschema?["x-expected"]?.GetValue<string>();

        // `additionalProperties: false` fails with an empty keyword at the unknown field itself.
        if (lastEval == "additionalProperties" && keyword.Length == 0)
        {
            int slash = pointer.LastIndexOf('/');
            string parent = pointer[..slash];
            var parentSchema = ResolveParentSchema(schema.Document, detail.SchemaLocation) as JsonObject;
            var allowed = (parentSchema?["properties"] as JsonObject)?.Select(p => p.Key).Order(StringComparer.Ordinal).ToList() ?? [];
            string where = parent.Length == 0 ? "at the top level" : $"in {SchemaValidator.PropertyPath(parent)}";
            return (map.Key(pointer), $"unknown field {SchemaWords.Quote(SchemaWords.Unescape(pointer[(slash + 1)..]))} {where}"
                + (allowed.Count > 0 ? $" (allowed: {string.Join(", ", allowed)})" : ""));
        }
        if (evalPath.Contains("propertyNames"))
        {
            string key = SchemaWords.Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);
            return (map.Key(pointer), $"the key {SchemaWords.Quote(key)} in {SchemaValidator.PropertyPath(pointer[..pointer.LastIndexOf('/')])} must be {expected ?? "a valid key"}");
        }

        string actual = SchemaValidator.Describe(instance);
        switch (keyword)
        {
            case "type": // at the key when the value is a block mapping or list (it starts on the next line)
                return (instance is JsonObject or JsonArray ? map.Key(pointer) : map.Value(pointer), $"{property} must be {expected ?? SchemaWords.DescribeType(subschema?["type"])}, not {actual}");
            case "required":
            {
                var required = (subschema?["required"] as JsonArray)?.Select(n => n!.GetValue<string>()) ?? [];
                var missing = required.Where(r => instance is not JsonObject o || !o.ContainsKey(r)).ToList();
                string names = missing.Count > 0 ? string.Join(", ", missing) : detail.Errors![keyword];
                string where = pointer.Length == 0 ? "the object" : property;
                return (map.Key(pointer), $"{where} is missing the required field{(missing.Count > 1 ? "s" : "")} {names}");
            }
            case "enum" or "const":
            {
                var allowed = keyword == "const"
                    ? [subschema?["const"]?.ToJsonString() ?? "?"]
                    : (subschema?["enum"] as JsonArray)?.Where(n => n is not null).Select(n => n!.ToJsonString()).ToList() ?? [];
                return (map.Value(pointer), $"{property} must be {(allowed.Count == 1 ? allowed[0] : "one of " + string.Join(", ", allowed))}, not {actual}");
            }
            case "pattern":
                return (map.Value(pointer), $"{property} must be {expected ?? "text matching " + subschema?["pattern"]?.GetValue<string>()}, not {actual}");
            case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                return (map.Value(pointer), $"{property} must have {SchemaWords.DescribeSize(keyword, subschema)}{(expected is null ? "" : $" ({expected})")}, not {SchemaWords.Count(instance)}");
            case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                return (map.Value(pointer), $"{property} is out of range ({keyword} {subschema?[keyword]?.ToJsonString()}): {actual}");
            default:
                return (map.Value(pointer), $"{property}: {detail.Errors![keyword]} ({keyword})");
        }
    }

    // ---- YAML 1.1 ----

    // go-yaml v2 (under sigs.k8s.io/yaml, which kubectl uses) resolves these plain scalars as booleans.
    private static readonly FrozenSet<string> yaml11True =
        new[] { "y", "Y", "yes", "Yes", "YES", "on", "On", "ON" }.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> yaml11False =
        new[] { "n", "N", "no", "No", "NO", "off", "Off", "OFF" }.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex("^[-+]?0b[01_]+$")] private static partial Regex Yaml11Binary();
    [GeneratedRegex(@"^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+)$")] private static partial Regex Yaml11Number();

    /// <summary>What kubectl would read a plain scalar as, when that is not text; null when it is text there too.</summary>
    private static string? Yaml11Reading(string text)
    {
        if (yaml11True.Contains(text)) return "the boolean true";
        if (yaml11False.Contains(text)) return "the boolean false";
        if (Yaml11Binary().IsMatch(text) || (text.Contains('_') && Yaml11Number().IsMatch(text.Replace("_", ""))))
            return "a number";
        return null;
    }

    /// <summary>Text values and keys written as plain scalars that YAML 1.1 reads otherwise (a namespace named
    /// `no`, a label value `on`): evpnc's loader and the schemas see text, kubectl would not.</summary>
    private static void CheckYaml11(string path, LoadedDocument doc, string[] lines, List<VerifyFinding> findings)
    {
        string owner = doc.Root is JsonObject root ? Owner(root) : $"document {doc.Index + 1}";
        void Check(string text, string pointer, SourceSpan at, string what)
        {
            if (Yaml11Reading(text) is not { } reading || !IsPlainAt(lines, at)) return;
            findings.Add(new VerifyFinding(path, at.Line, at.Column,
                $"{owner}: {what} {SchemaValidator.PropertyPath(pointer)} is the unquoted {SchemaWords.Quote(text)}, which kubectl (YAML 1.1) reads as {reading}, not as text; quote it"));
        }
        void Walk(JsonNode? node, string pointer)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, child) in o)
                    {
                        string childPointer = pointer + "/" + SourceMap.Escape(key);
                        if (doc.Map.Contains(childPointer)) Check(key, childPointer, doc.Map.Key(childPointer), "the key of");
                        Walk(child, childPointer);
                    }
                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++) Walk(a[i], $"{pointer}/{i}");
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String && doc.Map.Contains(pointer):
                    Check(v.GetValue<string>(), pointer, doc.Map.Value(pointer), "the value of");
                    break;
            }
        }
        Walk(doc.Root, "");
    }

    /// <summary>Whether the scalar at a place is written plain (not quoted, not a block scalar, no tag).</summary>
    private static bool IsPlainAt(string[] lines, SourceSpan at)
    {
        if (at.Line < 1 || at.Line > lines.Length) return false;
        string line = lines[at.Line - 1];
        return at.Column >= 1 && at.Column <= line.Length && line[at.Column - 1] is not ('\'' or '"' or '|' or '>' or '!' or '&' or '*');
    }

    // ---- the schemas ----

    private static IReadOnlyDictionary<(string ApiVersion, string Kind), KindSchema> LoadSchemas()
    {
        var byKind = new Dictionary<(string, string), KindSchema>();
        var names = typeof(KubernetesManifestCheck).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string text = SchemaCatalog.ReadResource(name);
            var document = JsonNode.Parse(text) ?? throw new InvalidOperationException($"{name} is empty");
            string apiVersion = document["properties"]?["apiVersion"]?["const"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"{name} has no properties.apiVersion.const");
            string kind = document["properties"]?["kind"]?["const"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"{name} has no properties.kind.const");
            if (!byKind.TryAdd((apiVersion, kind), new KindSchema(apiVersion, kind, JsonSchema.FromText(text), document)))
                throw new InvalidOperationException($"two schemas for {kind} ({apiVersion})");
        }
        if (byKind.Count == 0) throw new InvalidOperationException($"no embedded resources under {ResourcePrefix}");
        return byKind;
    }

    /// <summary>The subschema at a reported location; tokens past the keyword that lead nowhere are skipped.</summary>
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
        return keyword < 0 ? null : SchemaValidator.Navigate(document, fragment[..keyword]);
    }

    // ---- words ----

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
