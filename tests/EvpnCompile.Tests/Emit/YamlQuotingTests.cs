using EvpnCompile.Core;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Emit;

/// <summary>
/// kubectl and Ansible read YAML 1.1, where `no`, `on` and `123` are not text. Names evpnc writes
/// into YAML are quoted, so a tenant, namespace or node with such a name stays a name.
/// </summary>
public class YamlQuotingTests
{
    [Fact]
    public void Names_that_YAML_1_1_would_read_as_booleans_or_numbers_stay_text()
    {
        var r = Compiler.Build(new CompileRequest([new SourceFile("f.yaml",
            Fixtures.Fabric(1) + Fixtures.Tenant("on", "namespaces: [\"no\", \"123\"]\nmaxPods: 5\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24}"))],
            null, "evpnc.lock.yaml"));
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var manifest = r.Files!.Single(f => f.Path == "kubernetes/on.yaml");
        var report = KubernetesManifestCheck.Check(manifest.Path, manifest.Content);
        Assert.True(report.Outcome == VerifyOutcome.Passed, string.Join("\n", report.Findings));
        Assert.Contains("name: \"no\"", manifest.Content);
        Assert.Contains("evpnc.dev/tenant: \"on\"", manifest.Content);
    }
}
