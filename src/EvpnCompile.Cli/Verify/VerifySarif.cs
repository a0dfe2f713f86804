using EvpnCompile.Cli.Output;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Diagnostics;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// `evpnc verify --format sarif`: every finding of a rejected file as a SARIF 2.1.0 result on its line of
/// the rendered tree. A finding of evpnc's own audit carries its catalogue code (EVPN2nn) as the rule; a
/// real program's message has no code, and its rule is the validator (vtysh, ifupdown2, ...).
/// </summary>
public static class VerifySarif
{
    public static void Write(TextWriter output, IReadOnlyList<VerifyReport> reports, string shownRoot)
    {
        var failed = reports.Where(r => r.Outcome == VerifyOutcome.Failed).ToList();
        var validators = failed.SelectMany(r => r.Findings.Where(f => f.Code is null).Select(_ => r.Validator))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "evpnc verify");
            json.WriteString("semanticVersion", VersionInfo.Version);
            json.WriteString("informationUri", SarifWriter.InformationUri);
            json.WriteStartArray("rules");
            foreach (var (id, text) in DiagnosticCatalog.Audit.Select(e => (e.Code, e.Title))
                         .Concat(validators.Select(v => (v, $"rejected by {v}"))))
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", text);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var r in failed)
                foreach (var f in r.Findings)
                {
                    json.WriteStartObject();
                    json.WriteString("ruleId", f.Code ?? r.Validator);
                    json.WriteString("level", "error");
                    json.WriteStartObject("message");
                    json.WriteString("text", f.Message);
                    json.WriteEndObject();
                    json.WriteStartArray("locations");
                    json.WriteStartObject();
                    json.WriteStartObject("physicalLocation");
                    json.WriteStartObject("artifactLocation");
                    json.WriteString("uri", $"{shownRoot}/{f.Path}");
                    json.WriteString("uriBaseId", "%SRCROOT%");
                    json.WriteEndObject();
                    if (f.Line > 0)
                    {
                        json.WriteStartObject("region");
                        json.WriteNumber("startLine", f.Line);
                        json.WriteNumber("startColumn", Math.Max(f.Column, 1));
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
}
