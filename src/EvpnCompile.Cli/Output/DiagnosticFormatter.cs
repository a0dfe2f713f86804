using System.Text.Json;
using EvpnCompile.Core.Diagnostics;

namespace EvpnCompile.Cli.Output;

/// <summary>Prints diagnostics as `file:line:col: error CODE: message` lines or as JSON, then a summary.</summary>
public static class DiagnosticFormatter
{
    public static string Summary(IReadOnlyList<Diagnostic> diagnostics, string tail)
    {
        int errors = diagnostics.Count(d => d.IsError);
        int warnings = diagnostics.Count - errors;
        return $"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}{tail}";
    }

    public static void WriteText(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, string summaryTail)
    {
        foreach (var d in diagnostics) output.Write(d + "\n");
        output.Write(Summary(diagnostics, summaryTail) + "\n");
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, Action<Utf8JsonWriter>? extra = null)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("diagnostics");
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("file", d.Span.File);
                if (d.Span.HasPosition) // an output path has no place inside it: no line, no column
                {
                    json.WriteNumber("line", d.Span.Line);
                    json.WriteNumber("column", d.Span.Column);
                    json.WriteNumber("endLine", d.Span.EndLine);
                    json.WriteNumber("endColumn", d.Span.EndColumn);
                }
                json.WriteString("severity", d.IsError ? "error" : "warning");
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("errors", diagnostics.Count(d => d.IsError));
            json.WriteNumber("warnings", diagnostics.Count(d => !d.IsError));
            extra?.Invoke(json);
            json.WriteEndObject();
        });
    }
}
