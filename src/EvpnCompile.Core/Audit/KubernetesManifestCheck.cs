using System.Collections.Frozen;
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
            Add(doc.Start, $"document {doc.Index + 1} is {SchemaWords.Describe(doc.Root)}, not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
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
                        + (root.ContainsKey(field) ? $", not {SchemaWords.Describe(root[field])}" : ", and it is missing"));
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

        var failures = SchemaFailureReader.Evaluate(schema.Schema, schema.Document, doc.Root);
        if (failures is null) return;

        string owner = Owner(root);
        // One value can fail the same keyword in two subschemas (metadata.name: ObjectMeta's and the kind's own
        // rule); say it once, in the shortest words.
        var explained = new Dictionary<(string Pointer, string Keyword), (SourceSpan At, string Message)>();
        foreach (var failure in failures)
        {
            var now = Explain(doc, failure);
            var key = (failure.Pointer, failure.Keyword);
            if (!explained.TryGetValue(key, out var before)
                || now.Message.Length < before.Message.Length
                || (now.Message.Length == before.Message.Length && string.CompareOrdinal(now.Message, before.Message) < 0))
                explained[key] = now;
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

    /// <summary>A schema failure in the words of a Kubernetes user, at the key or value it concerns.</summary>
    private static (SourceSpan At, string Message) Explain(LoadedDocument doc, SchemaFailure failure)
    {
        var map = doc.Map;
        string pointer = failure.Pointer;
        string property = SchemaWords.PropertyPath(pointer);
        string? expected = failure.Expected;
        string actual = SchemaWords.Describe(failure.Instance);
        switch (failure)
        {
            case UnknownProperty f:
            {
                string where = f.Parent.Length == 0 ? "at the top level" : $"in {SchemaWords.PropertyPath(f.Parent)}";
                return (map.Key(pointer), $"unknown field {SchemaWords.Quote(f.Name)} {where}"
                    + (f.Allowed.Count > 0 ? $" (allowed: {string.Join(", ", f.Allowed)})" : ""));
            }
            case InvalidKey f:
                return (map.Key(pointer), $"the key {SchemaWords.Quote(f.Key)} in {SchemaWords.PropertyPath(f.Parent)} must be {expected ?? "a valid key"}");
            case WrongType f: // at the key when the value is a block mapping or list (it starts on the next line)
                return (f.Instance is JsonObject or JsonArray ? map.Key(pointer) : map.Value(pointer), $"{property} must be {expected ?? SchemaWords.DescribeType(f.Types)}, not {actual}");
            case MissingRequired f:
            {
                string where = pointer.Length == 0 ? "the object" : property;
                return (map.Key(pointer), $"{where} is missing the required field{(f.Missing.Count > 1 ? "s" : "")} {string.Join(", ", f.Missing)}");
            }
            case NotAllowed f:
            {
                var allowed = f.Allowed.OfType<string>().ToList();
                return (map.Value(pointer), $"{property} must be {(allowed.Count == 1 ? allowed[0] : "one of " + string.Join(", ", allowed))}, not {actual}");
            }
            case PatternMismatch f:
                return (map.Value(pointer), $"{property} must be {expected ?? "text matching " + f.Pattern}, not {actual}");
            case WrongSize f:
                return (map.Value(pointer), $"{property} must have {SchemaWords.DescribeSize(f.Keyword, f.Bound)}{(expected is null ? "" : $" ({expected})")}, not {SchemaWords.Count(f.Instance)}");
            case OutOfRange f:
                return (map.Value(pointer), $"{property} is out of range ({f.Keyword} {f.Bound}): {actual}");
            case OtherFailure f:
                return (map.Value(pointer), $"{property}: {f.Message} ({f.Keyword})");
            case NotUnique f:
                return (map.Value(pointer), $"{property}: {f.Message} ({f.Keyword})");
            default:
                throw new InvalidOperationException($"unknown schema failure {failure.GetType().Name}");
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
                $"{owner}: {what} {SchemaWords.PropertyPath(pointer)} is the unquoted {SchemaWords.Quote(text)}, which kubectl (YAML 1.1) reads as {reading}, not as text; quote it"));
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

    // ---- words ----

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
