using EvpnCompile.Cli.Output;
using EvpnCompile.Core.Audit;

namespace EvpnCompile.Cli.Verify;

/// <summary>Prints verify reports: failures with each finding at file:line, skips with their reason, a summary.</summary>
public static class VerifyPrinter
{
    public static void WriteText(TextWriter output, IReadOnlyList<VerifyReport> reports, string shownRoot, bool showPasses)
    {
        foreach (var r in reports)
        {
            string where = $"{shownRoot}/{r.Path}";
            switch (r.Outcome)
            {
                case VerifyOutcome.Failed:
                    output.Write($"FAIL {r.Validator,-15} {where}\n");
                    foreach (var f in r.Findings) output.Write($"  {shownRoot}/{f}\n");
                    break;
                case VerifyOutcome.Skipped:
                    output.Write($"SKIP {r.Validator,-15} {where}: {r.Detail}\n");
                    break;
                default:
                    if (showPasses) output.Write($"ok   {r.Validator,-15} {where}\n");
                    if (r.Validator == "frr-reload" && r.Detail is { } delta)
                        output.Write(string.Join("", delta.Split('\n').Select(l => $"  | {l}\n")));
                    break;
            }
        }
        output.Write(Summary(reports) + "\n");
    }

    public static string Summary(IReadOnlyList<VerifyReport> reports)
    {
        int files = reports.Select(r => r.Path).Distinct().Count();
        int passed = reports.Count(r => r.Outcome == VerifyOutcome.Passed);
        int failed = reports.Count(r => r.Outcome == VerifyOutcome.Failed);
        int skipped = reports.Count(r => r.Outcome == VerifyOutcome.Skipped);
        var missing = reports.Where(r => r.Outcome == VerifyOutcome.Skipped).Select(r => r.Validator).Distinct().Order(StringComparer.Ordinal).ToList();
        string tail = missing.Count > 0 ? $" (not run here: {string.Join(", ", missing)})" : "";
        return $"verify: {files} files, {passed} checks passed, {failed} failed, {skipped} skipped{tail}";
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<VerifyReport> reports)
    {
        DiagnosticFormatter.WriteJson(output, [], json =>
        {
            json.WriteStartArray("checks");
            foreach (var r in reports)
            {
                json.WriteStartObject();
                json.WriteString("path", r.Path);
                json.WriteString("validator", r.Validator);
                json.WriteString("outcome", r.Outcome.ToString().ToLowerInvariant());
                if (r.Detail is { } d) json.WriteString("detail", d);
                json.WriteStartArray("findings");
                foreach (var f in r.Findings)
                {
                    json.WriteStartObject();
                    json.WriteNumber("line", f.Line);
                    json.WriteNumber("column", f.Column);
                    if (f.Code is { } code) json.WriteString("code", code);
                    json.WriteString("message", f.Message);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }
}
