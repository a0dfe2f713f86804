using System.Text.Json.Nodes;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EvpnCompile.Core.Loading;

/// <summary>
/// Pass 1: YAML text to JSON documents with a source map. A file with a syntax error yields no
/// documents (its content is unknown); the error is reported at its line and column.
/// </summary>
public static class YamlLoader
{
    private const string StrTag = "tag:yaml.org,2002:str";

    public static IReadOnlyList<LoadedDocument> Load(SourceFile file, LoadLimits limits, DiagnosticSink sink) =>
        Load(file, limits, new LoadBudget(), sink);

    public static IReadOnlyList<LoadedDocument> Load(SourceFile file, LoadLimits limits, LoadBudget budget, DiagnosticSink sink)
    {
        if (file.Text.Length > limits.MaxFileSize)
        {
            sink.Add(DiagnosticCatalog.TooLarge(SourceSpan.FileStart(file.Path), "the file's size", limits.MaxFileSize));
            return [];
        }
        // YAML indents with spaces only; the parser reports a tab far from where it stands.
        if (FirstTab(file.Text, indentationOnly: true) is { } tab)
        {
            sink.Add(DiagnosticCatalog.TabIndentation(SourceSpan.At(file.Path, tab.Line, tab.Column)));
            return [];
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Text));
        }
        catch (YamlException ex)
        {
            var at = SourceSpan.At(file.Path, (int)ex.Start.Line, (int)ex.Start.Column);
            string detail = CleanMessage(ex);
            if (ex.Start.Line <= 1 && ex.Start.Column <= 1 && Unplaced(file.Text, detail) is { } found)
                (at, detail) = (SourceSpan.At(file.Path, found.Line, found.Column), found.Detail);
            if (detail.StartsWith("duplicate key ", StringComparison.OrdinalIgnoreCase))
                sink.Add(DiagnosticCatalog.DuplicateKey(at, detail["Duplicate key ".Length..]));
            else
                sink.Add(DiagnosticCatalog.YamlSyntax(at, detail));
            return [];
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet throws these for a few malformed inputs (an unclosed flow list at the end of
            // the file); the position is lost, so point at a tab (which YamlDotNet does not take inside flow
            // collections) or at the end where the parser gave up.
            if (FirstTab(file.Text, indentationOnly: false) is { } anyTab)
                sink.Add(DiagnosticCatalog.TabIndentation(SourceSpan.At(file.Path, anyTab.Line, anyTab.Column)));
            else
                sink.Add(DiagnosticCatalog.YamlSyntax(EndOf(file), "unexpected end of the file (an unclosed '[', '{' or quote?)"));
            return [];
        }

        if (stream.Documents.Count > limits.MaxDocumentsPerFile)
        {
            sink.Add(DiagnosticCatalog.TooLarge(Span(file.Path, stream.Documents[limits.MaxDocumentsPerFile].RootNode), "the number of documents in this file",
                limits.MaxDocumentsPerFile));
            return [];
        }
        var documents = new List<LoadedDocument>();
        for (int i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (IsEmpty(root)) continue; // a bare `---` separator, or a file of comments only
            var converter = new Converter(file.Path, limits, sink);
            var json = converter.Convert(root, "", null, 0);
            if (converter.Failed) continue;
            budget.NodesUsed += converter.Nodes;
            if (budget.NodesUsed > limits.MaxTotalNodes)
            {
                sink.Add(DiagnosticCatalog.TooLarge(Span(file.Path, root), "the number of values in all inputs", limits.MaxTotalNodes));
                return [];
            }
            documents.Add(new LoadedDocument(file.Path, i, json ?? JsonValue.Create("")!, converter.Map));
        }
        return documents;
    }

    /// <summary>
    /// YamlDotNet gives no position for an alias without an anchor or a directive after content; find
    /// the token in the text instead (the first `*name`, the first `%` line after the start).
    /// </summary>
    private static (int Line, int Column, string Detail)? Unplaced(string text, string detail)
    {
        var lines = text.Split('\n');
        var anchor = System.Text.RegularExpressions.Regex.Match(detail, "anchor '([^']*)' does not exist");
        if (anchor.Success)
        {
            string alias = "*" + anchor.Groups[1].Value;
            for (int i = 0; i < lines.Length; i++)
            {
                int col = lines[i].IndexOf(alias, StringComparison.Ordinal);
                if (col >= 0)
                    return (i + 1, col + 1, $"the alias {alias} refers to no anchor &{anchor.Groups[1].Value} defined before it in this document (anchors do not reach across documents)");
            }
        }
        if (detail.Contains("directive", StringComparison.Ordinal))
            for (int i = 1; i < lines.Length; i++)
                if (lines[i].StartsWith('%')) return (i + 1, 1, detail);
        return null;
    }

    private static (int Line, int Column)? FirstTab(string text, bool indentationOnly)
    {
        int line = 1, column = 1;
        bool leading = true;
        foreach (char c in text)
        {
            if (c == '\n') { line++; column = 1; leading = true; continue; }
            if (c == '\t' && (leading || !indentationOnly)) return (line, column);
            if (c != ' ') leading = false;
            column++;
        }
        return null;
    }

    private static SourceSpan EndOf(SourceFile file)
    {
        string[] lines = file.Text.Split('\n');
        int last = lines.Length;
        while (last > 1 && lines[last - 1].Length == 0) last--;
        return SourceSpan.At(file.Path, last, lines[last - 1].TrimEnd('\r').Length + 1);
    }

    private static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain or ScalarStyle.Any } s && !HasExplicitTag(s);

    private static bool HasExplicitTag(YamlNode node) => !node.Tag.IsEmpty && !node.Tag.IsNonSpecific;

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; we print the place ourselves.
        string m = ex.Message;
        int marker = m.IndexOf("): ", StringComparison.Ordinal);
        if (m.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0) m = m[(marker + 3)..];
        m = m.Trim();
        return m.Length == 0 ? "unexpected input" : char.ToLowerInvariant(m[0]) + m[1..].TrimEnd('.');
    }

    internal static SourceSpan Span(string file, YamlNode node) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, (int)node.End.Line, (int)node.End.Column);

    private sealed class Converter(string file, LoadLimits limits, DiagnosticSink sink)
    {
        private int nodes;
        public int Nodes => nodes;
        public SourceMap Map { get; } = new();
        public bool Failed { get; private set; }

        public JsonNode? Convert(YamlNode node, string pointer, SourceSpan? keySpan, int depth)
        {
            if (Failed) return null;
            var span = Span(file, node);
            if (++nodes > limits.MaxNodesPerDocument) return Fail(DiagnosticCatalog.TooManyNodes(span, limits.MaxNodesPerDocument));
            if (depth > limits.MaxDepth) return Fail(DiagnosticCatalog.TooDeep(span, limits.MaxDepth));
            Map.Add(pointer, keySpan, span);

            switch (node)
            {
                case YamlScalarNode scalar:
                    return Scalar(scalar, span);
                case YamlSequenceNode sequence:
                {
                    if (HasExplicitTag(sequence)) return Fail(DiagnosticCatalog.UnsupportedTag(span, sequence.Tag.Value));
                    var array = new JsonArray();
                    int i = 0;
                    foreach (var child in sequence.Children)
                        array.Add(Convert(child, $"{pointer}/{i++}", null, depth + 1));
                    return array;
                }
                case YamlMappingNode mapping:
                {
                    if (HasExplicitTag(mapping)) return Fail(DiagnosticCatalog.UnsupportedTag(span, mapping.Tag.Value));
                    var obj = new JsonObject();
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is not YamlScalarNode keyScalar) return Fail(DiagnosticCatalog.ComplexKey(Span(file, key)));
                        if (HasExplicitTag(keyScalar) && keyScalar.Tag.Value != StrTag)
                            return Fail(DiagnosticCatalog.UnsupportedTag(Span(file, key), keyScalar.Tag.Value));
                        string name = keyScalar.Value ?? "";
                        if (name.Length > limits.MaxScalarLength)
                            return Fail(DiagnosticCatalog.TooLarge(Span(file, key), "the length of this key", limits.MaxScalarLength));
                        if (ForbiddenCharacters.Find(name) is { } bad)
                            return Fail(DiagnosticCatalog.ForbiddenCharacter(Span(file, key), bad.CodePoint, bad.Index + 1));
                        var child = Convert(value, $"{pointer}/{SourceMap.Escape(name)}", Span(file, key), depth + 1);
                        if (Failed) return null;
                        obj[name] = child;
                    }
                    return obj;
                }
                default:
                    return Fail(DiagnosticCatalog.UnsupportedTag(span, node.GetType().Name));
            }
        }

        private JsonNode? Scalar(YamlScalarNode scalar, SourceSpan span)
        {
            string text = scalar.Value ?? "";
            if (text.Length > limits.MaxScalarLength) return Fail(DiagnosticCatalog.TooLarge(span, "the length of this value", limits.MaxScalarLength));
            if (ForbiddenCharacters.Find(text) is { } bad) return Fail(DiagnosticCatalog.ForbiddenCharacter(span, bad.CodePoint, bad.Index + 1));
            if (HasExplicitTag(scalar))
            {
                if (scalar.Tag.Value == StrTag) return JsonValue.Create(text);
                return Fail(DiagnosticCatalog.UnsupportedTag(span, scalar.Tag.Value));
            }
            // Quoted and block scalars are text; only plain ones are typed (YAML 1.2 core schema).
            return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
                ? YamlCoreSchema.ResolvePlain(text)
                : JsonValue.Create(text);
        }

        private JsonNode? Fail(Diagnostic d)
        {
            sink.Add(d);
            Failed = true;
            return null;
        }
    }
}
