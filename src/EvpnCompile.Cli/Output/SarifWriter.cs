using EvpnCompile.Core.Diagnostics;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// Diagnostics as SARIF 2.1.0, so code scanning shows each error on its line of the tenant YAML in a
/// pull request. Every input code of the catalogue is a rule; paths are relative to the repository (%SRCROOT%).
/// </summary>
public static class SarifWriter
{
    public const string InformationUri = SarifLog.InformationUri;

    public static void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics) =>
        SarifLog.Write(output, "evpnc",
            // the audit's EVPN2nn are evpnc verify's rules (VerifySarif)
            DiagnosticCatalog.Input.Select(e => new SarifRule(e.Code, e.Title, Level(e.Severity))),
            diagnostics.Select(d => new SarifResult(d.Code, Level(d.Severity), d.Message, d.Span.File,
                !d.Span.HasPosition ? null : new SarifRegion(d.Span.Line, d.Span.Column, Math.Max(d.Span.EndLine, d.Span.Line),
                    d.Span.EndLine > d.Span.Line || d.Span.EndColumn > d.Span.Column ? d.Span.EndColumn : d.Span.Column + 1))));

    private static string Level(Severity s) => s == Severity.Error ? "error" : "warning";
}
