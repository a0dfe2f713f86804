using System.Text.Json;

namespace EvpnCompile.Cli.Output;

/// <summary>A SARIF rule: its id, its short description and (for catalogue codes) its default level.</summary>
public sealed record SarifRule(string Id, string Text, string? Level);

/// <summary>Where a result is; end line and column only where the source knows them.</summary>
public sealed record SarifRegion(int StartLine, int StartColumn, int? EndLine = null, int? EndColumn = null);

/// <summary>A SARIF result on a file (a region when it has a position).</summary>
public sealed record SarifResult(string RuleId, string Level, string Message, string Uri, SarifRegion? Region);

/// <summary>
/// One SARIF 2.1.0 log with one run: what `validate`, `build`, `diff` (SarifWriter) and `verify`
/// (VerifySarif) print with `--format sarif`. Paths are relative to the repository (%SRCROOT%).
/// </summary>
public static class SarifLog
{
    public const string InformationUri = "https://github.com/evpnc/evpnc";

    public static void Write(TextWriter output, string tool, IEnumerable<SarifRule> rules, IEnumerable<SarifResult> results) =>
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", tool);
            json.WriteString("semanticVersion", VersionInfo.Version);
            json.WriteString("informationUri", InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules) Rule(json, rule);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var result in results) Result(json, result);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });

    private static void Rule(Utf8JsonWriter json, SarifRule rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Text);
        json.WriteEndObject();
        if (rule.Level is { } level)
        {
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", level);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void Result(Utf8JsonWriter json, SarifResult r)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", r.RuleId);
        json.WriteString("level", r.Level);
        json.WriteStartObject("message");
        json.WriteString("text", r.Message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", r.Uri);
        json.WriteString("uriBaseId", "%SRCROOT%");
        json.WriteEndObject();
        if (r.Region is { } region) // SARIF: a result about a whole file has no region
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", region.StartLine);
            json.WriteNumber("startColumn", region.StartColumn);
            if (region.EndLine is { } endLine) json.WriteNumber("endLine", endLine);
            if (region.EndColumn is { } endColumn) json.WriteNumber("endColumn", endColumn);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
