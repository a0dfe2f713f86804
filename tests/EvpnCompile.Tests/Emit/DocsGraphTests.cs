using System.Text;
using EvpnCompile.Core;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Emit;

/// <summary>docs/fabric.md's picture: every node of a small fabric, racks and tenant groups of a large one.</summary>
public class DocsGraphTests
{
    /// <summary>Two racks of <paramref name="perRack"/> hosts, each on its own pair of leaves, and a spine between them
    /// (with <paramref name="border"/>, also a border on the spine).</summary>
    private static string TwoRacks(int perRack, bool border = false)
    {
        var y = new StringBuilder("""
            apiVersion: evpnc/v1alpha1
            kind: Fabric
            metadata: {name: big}
            spec:
              evpn: {routeTargetAsn: 65000}
              pools: {l3vni: 50000-50999, l2vni: 10000-19999, vrfTable: 1001-1999}
              links:

            """);
        for (int h = 1; h <= 2 * perRack; h++)
        {
            string rack = h <= perRack ? "a" : "b";
            y.Append($"    - [leaf{rack}1:swp{h}, host{h}:eth1]\n    - [leaf{rack}2:swp{h}, host{h}:eth2]\n");
        }
        foreach (var (leaf, i) in new[] { "leafa1", "leafa2", "leafb1", "leafb2" }.Select((l, i) => (l, i)))
            y.Append($"    - [spine1:swp{i + 1}, {leaf}:swp99]\n");
        if (border)
            y.Append("    - [spine1:swp9, border1:swp51]\n---\napiVersion: evpnc/v1alpha1\nkind: Node\nmetadata: {name: border1}\n"
                + "spec: {role: border, asn: 65090, loopback: 10.0.0.90, uplinks: [{port: swp49, peerAsn: 64901}]}\n");
        y.Append("---\napiVersion: evpnc/v1alpha1\nkind: Node\nmetadata: {name: spine1}\nspec: {role: spine, asn: 65500, loopback: 10.0.0.200}\n");
        foreach (var (leaf, i) in new[] { "leafa1", "leafa2", "leafb1", "leafb2" }.Select((l, i) => (l, i)))
            y.Append($"---\napiVersion: evpnc/v1alpha1\nkind: Node\nmetadata: {{name: {leaf}}}\nspec: {{role: leaf, asn: {65001 + i}, loopback: 10.0.0.{1 + i}}}\n");
        for (int h = 1; h <= 2 * perRack; h++)
            y.Append($"---\napiVersion: evpnc/v1alpha1\nkind: Node\nmetadata: {{name: host{h}, labels: {{rack: {(h <= perRack ? "a" : "b")}}}}}\nspec: {{role: host, asn: {65100 + h}, loopback: 10.0.1.{h}}}\n");
        return y.ToString();
    }

    private static string Picture(string yaml)
    {
        var b = Compiler.Build(new CompileRequest([new SourceFile("fabric.yaml", yaml)], null, "evpnc.lock.yaml"));
        Assert.False(b.HasErrors, string.Join("\n", b.Diagnostics));
        string md = b.Files!.Single(f => f.Path == "docs/fabric.md").Content;
        int start = md.IndexOf("```mermaid\n", StringComparison.Ordinal), end = md.IndexOf("\n```\n", start, StringComparison.Ordinal);
        return md[start..end];
    }

    [Fact]
    public void A_large_fabric_draws_racks_with_host_counts_and_tenants_grouped_by_placement()
    {
        string yaml = TwoRacks(20)
            + Fixtures.Tenant("everywhere1", "namespaces: [e1]\npodNetwork: {cidr: 10.10.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("everywhere2", "namespaces: [e2]\npodNetwork: {cidr: 10.11.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("rackb", "namespaces: [b]\nnodeSelector: {rack: b}\npodNetwork: {cidr: 10.12.0.0/16, perNodePrefix: 24}");
        var lines = Picture(yaml).Split('\n').Skip(2).ToList();   // after ```mermaid and graph TD
        Assert.Equal(
        [
            "  rack1[\"leafa1 + leafa2<br/>20 hosts\"]",
            "  rack2[\"leafb1 + leafb2<br/>20 hosts\"]",
            "  spine1[\"spine1<br/>spine AS65500<br/>10.0.0.200\"]",
            "  spine1 ---|\"2 links\"| rack1",
            "  spine1 ---|\"2 links\"| rack2",
            "  tenants1([\"2 tenants in every rack<br/>everywhere1, everywhere2\"])",
            "  tenants1 -.- rack1",
            "  tenants1 -.- rack2",
            "  tenants2([\"1 tenant in 1 of 2 racks<br/>rackb\"])",
            "  tenants2 -.- rack2",
        ], lines);
    }

    [Fact]
    public void A_large_fabric_draws_its_spines_and_borders_and_where_external_tenants_leave()
    {
        string yaml = TwoRacks(20, border: true)
            + Fixtures.Tenant("inside", "namespaces: [i]\npodNetwork: {cidr: 10.10.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("out", "namespaces: [o]\npodNetwork: {cidr: 10.11.0.0/16, perNodePrefix: 24}\nexternal: {vlan: 100, transfer: 198.51.100.0/29}");
        var lines = Picture(yaml).Split('\n').Skip(2).ToList();
        Assert.Equal(
        [
            "  rack1[\"leafa1 + leafa2<br/>20 hosts\"]",
            "  rack2[\"leafb1 + leafb2<br/>20 hosts\"]",
            "  border1[\"border1<br/>border AS65090<br/>10.0.0.90\"]",
            "  spine1[\"spine1<br/>spine AS65500<br/>10.0.0.200\"]",
            "  spine1 ---|\"swp9 - swp51\"| border1",
            "  spine1 ---|\"2 links\"| rack1",
            "  spine1 ---|\"2 links\"| rack2",
            "  tenants1([\"1 tenant in every rack<br/>inside\"])",
            "  tenants1 -.- rack1",
            "  tenants1 -.- rack2",
            "  tenants2([\"1 tenant in every rack, exit via border1<br/>out\"])",
            "  tenants2 -.- rack1",
            "  tenants2 -.- rack2",
            "  tenants2 -.- border1",
        ], lines);
    }

    [Fact]
    public void A_fabric_of_up_to_32_hosts_draws_every_node_link_and_tenant()
    {
        string picture = Picture(TwoRacks(16) + Fixtures.Tenant("t", "namespaces: [t]\npodNetwork: {cidr: 10.10.0.0/16, perNodePrefix: 24}"));
        Assert.Contains("  host32[\"host32<br/>host AS65132<br/>10.0.1.32\"]", picture);
        Assert.Contains("  leafb2 ---|\"swp32 - eth2\"| host32", picture);
        Assert.Contains("  tenant_t -.- host17", picture);
        Assert.DoesNotContain("rack1", picture);
    }
}
