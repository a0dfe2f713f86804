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
        SarifLog.Write(output, "evpnc verify",
            DiagnosticCatalog.Audit.Select(e => new SarifRule(e.Code, e.Title, null))
                .Concat(validators.Select(v => new SarifRule(v, $"rejected by {v}", null))),
            failed.SelectMany(r => r.Findings.Select(f => new SarifResult(f.Code ?? r.Validator, "error", f.Message, $"{shownRoot}/{f.Path}",
                f.Line > 0 ? new SarifRegion(f.Line, Math.Max(f.Column, 1)) : null))));
    }
}
