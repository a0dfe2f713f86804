using System.Text;
using System.Text.Json;
using EvpnCompile.Cli.Output;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>`lab check` output: a table per check family, then every failure (and with -v every check); or JSON.</summary>
public static class LabReportPrinter
{
    /// <summary>The report lists the families in the enum's order.</summary>
    private static readonly LabCheck[] Order = Enum.GetValues<LabCheck>();

    private static string Word(LabOutcome o) => o switch { LabOutcome.Passed => "ok", LabOutcome.Failed => "FAIL", _ => "not tested" };

    public static void WriteText(TextWriter output, LabPlan plan, LabReport report, bool verbose, TimeSpan took)
    {
        var findings = report.Findings;
        var sb = new StringBuilder();
        sb.Append($"lab '{plan.Lab}' (fabric {plan.Fabric}, {(plan.VrfMode == LabVrfMode.Kernel ? "kernel VRF devices" : "netns VRFs")}): {plan.Nodes.Count} nodes, {plan.Nodes.Sum(n => n.Vrfs.Count)} VRFs, {plan.Pods.Count} pods\n\n");
        sb.Append($"{"check",-8} {"passed",6} {"failed",6} {"not tested",10}\n");
        foreach (var check in Order)
        {
            var of = findings.Where(f => f.Check == check).ToList();
            if (of.Count == 0) continue;
            sb.Append($"{check.Name(),-8} {of.Count(f => f.Outcome == LabOutcome.Passed),6} {of.Count(f => f.Outcome == LabOutcome.Failed),6} {of.Count(f => f.Outcome == LabOutcome.NotTested),10}\n");
        }
        if (LabMatrixText.Write(plan, report.Pings) is { } matrix) sb.Append('\n').Append(matrix);
        var shown = findings.Where(f => verbose || f.Outcome != LabOutcome.Passed).ToList();
        var notes = shown.Where(f => f.Outcome == LabOutcome.NotTested).GroupBy(f => (f.Check, f.Detail)).ToList();
        var listed = shown.Where(f => f.Outcome != LabOutcome.NotTested).ToList();
        if (listed.Count > 0)
        {
            int node = Math.Max(4, listed.Max(f => f.Node.Length)), subject = Math.Min(60, Math.Max(7, listed.Max(f => f.Subject.Length)));
            sb.Append('\n').Append($"{"RESULT",-6} {"CHECK",-8} {"NODE".PadRight(node)} {"SUBJECT".PadRight(subject)} DETAIL\n");
            foreach (var f in listed.OrderBy(f => Array.IndexOf(Order, f.Check)))
                sb.Append($"{Word(f.Outcome),-6} {f.Check.Name(),-8} {f.Node.PadRight(node)} {f.Subject.PadRight(subject)} {f.Detail}\n");
        }
        foreach (var note in notes)
        {
            string what = note.Key.Check is LabCheck.Ping or LabCheck.Ping6 ? $"{note.Key.Check.Name()}s between consenting tenants" : $"{note.Key.Check.Name()} checks";
            sb.Append($"\nnot tested ({note.Count()} {what}): {note.Key.Detail}\n");
            if (verbose) foreach (var f in note) sb.Append($"  {f.Subject}\n");
        }
        int failed = findings.Count(f => f.Outcome == LabOutcome.Failed);
        sb.Append($"\n{findings.Count(f => f.Outcome == LabOutcome.Passed)} passed, {failed} failed, {findings.Count(f => f.Outcome == LabOutcome.NotTested)} not tested ({took.TotalSeconds:0.0} s): ");
        sb.Append(failed == 0 ? "the fabric does what the compiled model says.\n" : "the fabric does NOT do what the compiled model says.\n");
        output.Write(sb.ToString());
    }

    public static void WriteJson(TextWriter output, LabPlan plan, LabReport report, TimeSpan took)
    {
        var findings = report.Findings;
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("lab", plan.Lab);
            json.WriteString("fabric", plan.Fabric);
            json.WriteString("vrfMode", plan.VrfMode);
            json.WriteBoolean("passed", findings.All(f => f.Outcome != LabOutcome.Failed));
            json.WriteNumber("seconds", Math.Round(took.TotalSeconds, 2));
            json.WriteStartObject("counts");
            json.WriteNumber("passed", findings.Count(f => f.Outcome == LabOutcome.Passed));
            json.WriteNumber("failed", findings.Count(f => f.Outcome == LabOutcome.Failed));
            json.WriteNumber("notTested", findings.Count(f => f.Outcome == LabOutcome.NotTested));
            json.WriteEndObject();
            json.WriteStartArray("checks");
            foreach (var f in findings)
            {
                json.WriteStartObject();
                json.WriteString("check", f.Check.Name());
                json.WriteString("node", f.Node);
                json.WriteString("subject", f.Subject);
                json.WriteString("outcome", f.Outcome switch { LabOutcome.Passed => "passed", LabOutcome.Failed => "failed", _ => "notTested" });
                json.WriteString("detail", f.Detail);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
