using System.Text.Json.Nodes;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Validation;

/// <summary>
/// Pass 2: checks one document against schemas/evpnc.schema.json and turns every failure into a
/// diagnostic at the offending key or value, naming the property, what it must be, and what it is.
/// </summary>
public static class SchemaValidator
{
    /// <returns>true when the document is valid.</returns>
    public static bool Validate(LoadedDocument document, DiagnosticSink sink)
    {
        var failures = SchemaFailureReader.Evaluate(SchemaCatalog.Schema, SchemaCatalog.Document, document.Root);
        if (failures is null) return true;
        foreach (var failure in failures) sink.Add(ToDiagnostic(document, failure));
        if (failures.Count == 0) // the evaluator said no without saying why: still never let it through silently
            sink.Add(C.SchemaOther(document.Start, "the document", "schema", "it does not match the evpnc schema"));
        return false;
    }

    private static Diagnostic ToDiagnostic(LoadedDocument doc, SchemaFailure failure)
    {
        var map = doc.Map;
        string pointer = failure.Pointer;
        string property = PropertyPath(pointer);
        string? expected = failure.Expected;
        return failure switch
        {
            UnknownProperty f => C.SchemaUnknownProperty(map.Key(pointer), f.Name, Owner(f.Parent), f.Allowed),
            InvalidKey f => C.SchemaPattern(map.Key(pointer), property + " (key)", expected ?? "a valid key", SchemaWords.Quote(f.Key)),
            WrongType f => C.SchemaType(map.Value(pointer), property, expected ?? SchemaWords.DescribeType(f.Types), Describe(f.Instance)),
            MissingRequired f => C.SchemaRequired(map.Key(pointer), Owner(pointer), f.Missing),
            NotAllowed f => C.SchemaEnum(map.Value(pointer), property, f.Allowed.Select(a => a ?? "null").ToList(), Describe(f.Instance)),
            PatternMismatch f => C.SchemaPattern(map.Value(pointer), property, expected ?? $"text matching {f.Pattern}", Describe(f.Instance)),
            OutOfRange f => C.SchemaRange(map.Value(pointer), property, expected ?? DescribeRange(f.Minimum, f.Maximum), Describe(f.Instance)),
            WrongSize f => C.SchemaSize(map.Value(pointer), property, SchemaWords.DescribeSize(f.Keyword, f.Bound), SchemaWords.Count(f.Instance)),
            NotUnique => C.SchemaUnique(map.Value(pointer), property),
            OtherFailure f => C.SchemaOther(map.Value(pointer), property, f.Keyword, f.Message),
            _ => throw new InvalidOperationException($"unknown schema failure {failure.GetType().Name}"),
        };
    }

    /// <summary>The node at a JSON pointer (tests read the schema with it).</summary>
    internal static JsonNode? Navigate(JsonNode? node, string pointer) => SchemaFailureReader.Navigate(node, pointer);

    // ---- words for people ----

    internal static string PropertyPath(string pointer) => SchemaWords.PropertyPath(pointer);

    private static string Owner(string pointer) => pointer.Length == 0 ? "the document" : $"'{PropertyPath(pointer)}'";

    internal static string Describe(JsonNode? value) => SchemaWords.Describe(value);

    private static string DescribeRange(string? min, string? max) => (min, max) switch
    {
        (not null, not null) => $"from {min} to {max}",
        (not null, null) => $"at least {min}",
        (null, not null) => $"at most {max}",
        _ => "in range",
    };
}
