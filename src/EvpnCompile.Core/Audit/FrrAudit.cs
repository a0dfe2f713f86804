using EvpnCompile.Core.Audit.FrrRules;

namespace EvpnCompile.Core.Audit;

/// <summary>
/// Checks rendered frr.conf TEXT for the mistakes FRR 8.4's own syntax check (`vtysh -C`) lets
/// through (see shared/spec/validators.md): undefined references, malformed RD/RT values, VNIs in
/// the wrong place or used twice, commands in the wrong BGP instance, trailing comments, VRFs
/// without their BGP instance, and route targets that disagree across the fabric. It reads only the
/// text, never the model that produced it, so a lowering or template bug is caught too. Pure: no I/O.
/// Each rule is one file under FrrRules/, named after its catalogue code (EVPN201-212), whose
/// messages are in the catalogue.
/// </summary>
public static class FrrAudit
{
    public const string Validator = "frr-audit";

    /// <summary>One report per file, in the given order; fabric-wide findings go to the file where the disagreement shows.</summary>
    public static IReadOnlyList<VerifyReport> Check(IReadOnlyList<(string Path, string Text)> frrConfs)
    {
        ArgumentNullException.ThrowIfNull(frrConfs);
        var files = frrConfs.Select(f => FrrConfigText.Parse(f.Path, f.Text ?? "")).ToList();
        foreach (var f in files)
        {
            UndefinedReferences.Check(f);        // EVPN201
            UndeclaredNeighbors.Check(f);        // EVPN202
            RouteDistinguishers.Check(f);        // EVPN203
            RouteTargets.Check(f);               // EVPN204
            TopLevelVni.Check(f);                // EVPN205
            AdvertiseAllVni.Check(f);            // EVPN206
            Vnis.Check(f);                       // EVPN207
            TrailingComments.Check(f);           // EVPN208
            VrfInstances.Check(f);               // EVPN209
        }
        var facts = files.Select(FileFacts.Of).ToList();
        FabricAgreement.Check(facts);            // EVPN210
        ImportsExported.Check(facts);            // EVPN211
        UniqueRouteDistinguishers.Check(facts);  // EVPN212

        return files.Select(f =>
        {
            var findings = f.Findings.Distinct().OrderBy(x => x.Line).ThenBy(x => x.Column).ThenBy(x => x.Message, StringComparer.Ordinal).ToList();
            return findings.Count == 0 ? VerifyReport.Pass(Validator, f.Path) : VerifyReport.Fail(Validator, f.Path, findings);
        }).ToList();
    }
}
