using EvpnCompile.Core;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Tests.Support;

/// <summary>Small fabrics as text, and a one-call compile of them.</summary>
public static class Fixtures
{
    /// <summary>A valid fabric: leaf1, leaf2 and hosts host1..hostN each wired to both leaves.</summary>
    public static string Fabric(int hosts = 3, string extraSpec = "")
    {
        var links = string.Join("\n", Enumerable.Range(1, hosts).SelectMany(h => new[]
        {
            $"    - [leaf1:swp{h}, host{h}:eth1]",
            $"    - [leaf2:swp{h}, host{h}:eth2]",
        }));
        var nodes = string.Join("", Enumerable.Range(1, hosts).Select(h => $"""
            ---
            apiVersion: evpnc/v1alpha1
            kind: Node
            metadata: {"{"}name: host{h}, labels: {"{"}rack: r{(h % 2) + 1}{"}"}{"}"}
            spec: {"{"}role: host, asn: {65100 + h}, loopback: 10.0.0.{10 + h}{"}"}

            """));
        return $"""
            apiVersion: evpnc/v1alpha1
            kind: Fabric
            metadata: {"{"}name: dc1{"}"}
            spec:
              evpn: {"{"}routeTargetAsn: 65000{"}"}
              pools: {"{"}l3vni: 50000-50999, l2vni: 10000-19999, vrfTable: 1001-1999{"}"}
            {extraSpec}  links:
            {links}
            ---
            apiVersion: evpnc/v1alpha1
            kind: Node
            metadata: {"{"}name: leaf1{"}"}
            spec: {"{"}role: leaf, asn: 65001, loopback: 10.0.0.1{"}"}
            ---
            apiVersion: evpnc/v1alpha1
            kind: Node
            metadata: {"{"}name: leaf2{"}"}
            spec: {"{"}role: leaf, asn: 65002, loopback: 10.0.0.2{"}"}

            """ + nodes;
    }

    public static string Tenant(string name, string spec) => $"""
        ---
        apiVersion: evpnc/v1alpha1
        kind: Tenant
        metadata: {"{"}name: {name}{"}"}
        spec:
        {Indent(spec)}

        """;

    private static string Indent(string s) => string.Join("\n", s.Split('\n').Select(l => "  " + l));

    public static CompileResult Compile(IEnumerable<(string Path, string Text)> files, string? lockText = null, bool locked = false) =>
        Compiler.Compile(new CompileRequest(
            files.Select(f => new SourceFile(f.Path, f.Text)).ToList(),
            lockText is null ? null : new SourceFile("evpnc.lock.yaml", lockText), "evpnc.lock.yaml", locked));

    public static CompileResult Compile(string text, string? lockText = null, bool locked = false) =>
        Compile([("input.yaml", text)], lockText, locked);

    public static string Codes(CompileResult r) => string.Join(",", r.Diagnostics.Select(d => d.Code));

    /// <summary>A fabric's text built to its output tree (no lock file); fails the test on any error.</summary>
    public static BuildResult Build(string text)
    {
        var r = Compiler.Build(new CompileRequest([new SourceFile("f.yaml", text)], null, "evpnc.lock.yaml"));
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r;
    }

    /// <summary>examples/quickstart's tenants.yaml without its IPv6 fields: every tenant IPv4 only.</summary>
    public static string QuickstartTenantsIpv4Only()
    {
        string v4 = File.ReadAllText(RepoPaths.Of("examples", "quickstart", "tenants.yaml"))
            .Replace(", cidr6: \"fd00:10::/48\", perNodePrefix6: 64", "", StringComparison.Ordinal)
            .Replace("      subnet6: \"fd00:20::/64\"\n      gateway6: \"fd00:20::1\"\n", "", StringComparison.Ordinal);
        Assert.DoesNotContain("cidr6", v4);
        Assert.DoesNotContain("subnet6", v4);
        return v4;
    }
}
