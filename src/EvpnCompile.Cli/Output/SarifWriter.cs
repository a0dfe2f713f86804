using System.Text.Json;
using EvpnCompile.Core.Diagnostics;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// Diagnostics as SARIF 2.1.0, so code scanning shows each error on its line of the tenant YAML in a
/// pull request. Every input code of the catalogue is a rule; paths are relative to the repository (%SRCROOT%).
/// </summary>
public static class SarifWriter
{
    public const string InformationUri = "https://github.com/evpnc/evpnc";

    public static void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "evpnc");
            json.WriteString("semanticVersion", VersionInfo.Version);
            json.WriteString("informationUri", InformationUri);
            json.WriteStartArray("rules");
            foreach (var e in DiagnosticCatalog.Input)   // the audit's EVPN2nn are evpnc verify's rules (VerifySarif)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Code);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", e.Title);
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(e.Severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", d.Code);
                json.WriteString("level", Level(d.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", d.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", d.Span.File);
                json.WriteString("uriBaseId", "%SRCROOT%");
                json.WriteEndObject();
                if (d.Span.HasPosition) // SARIF: a result about a whole file has no region
                {
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", d.Span.Line);
                    json.WriteNumber("startColumn", d.Span.Column);
                    json.WriteNumber("endLine", Math.Max(d.Span.EndLine, d.Span.Line));
                    json.WriteNumber("endColumn", d.Span.EndLine > d.Span.Line || d.Span.EndColumn > d.Span.Column ? d.Span.EndColumn : d.Span.Column + 1);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string Level(Severity s) => s == Severity.Error ? "error" : "warning";
}
