using EvpnCompile.Core;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lowering;

/// <summary>
/// Dual-stack tenants render both families from one model, and an IPv4-only fabric renders no trace
/// of IPv6 (its bytes are what they were before dual-stack existed: the repo-layout snapshot, IPv4
/// only, did not change).
/// </summary>
public class DualStackLoweringTests
{
    private static IReadOnlyDictionary<string, string> Build(string tenants, string? lockText)
    {
        var inputs = new[]
        {
            new SourceFile("fabric.yaml", File.ReadAllText(RepoPaths.Of("examples", "quickstart", "fabric.yaml"))),
            new SourceFile("tenants.yaml", tenants),
        };
        var build = Compiler.Build(new CompileRequest(inputs, lockText is null ? null : new SourceFile("evpnc.lock.yaml", lockText), "evpnc.lock.yaml"));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
        return build.Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
    }

    private static string QuickstartTenants => File.ReadAllText(RepoPaths.Of("examples", "quickstart", "tenants.yaml"));

    [Fact]
    public void The_quickstart_without_its_ipv6_fields_renders_no_ipv6()
    {
        var files = Build(Fixtures.QuickstartTenantsIpv4Only(), null);
        foreach (var (path, text) in files)
            foreach (var mark in new[] { "ipv6 protocol", "ipv6 prefix-list", "address-family ipv6", "advertise ipv6", "fd00:", "accept_dad", "ipv6.conf.all.forwarding" })
                Assert.False(text.Contains(mark, StringComparison.Ordinal), $"{path} has '{mark}'");
    }

    [Fact]
    public void A_transit_vrf_of_a_dual_stack_tenant_has_no_empty_ipv6_family()
    {
        // blue dual-stack too: host3 carries blue only as transit for shared, which has no IPv6, so blue's IPv6
        // family there would be empty (FRR drops it; frr-reload then reports it missing, as the live lab found).
        const string blue = "podNetwork: {cidr: 10.30.0.0/16, perNodePrefix: 24}";
        var files = Build(QuickstartTenants.Replace(blue,
            "podNetwork: {cidr: 10.30.0.0/16, perNodePrefix: 24, cidr6: \"fd00:30::/48\", perNodePrefix6: 64}", StringComparison.Ordinal), null);
        var transit = FrrText.TenantInstance(files["nodes/host3/etc/frr/frr.conf"], "blue");
        Assert.NotEmpty(transit);
        Assert.DoesNotContain("address-family ipv6 unicast", transit);
        Assert.Contains("address-family ipv6 unicast", FrrText.TenantInstance(files["nodes/host1/etc/frr/frr.conf"], "blue"));
    }

    [Fact]
    public void A_dual_stack_tenant_gets_both_families_everywhere_it_lands()
    {
        var files = OutputSnapshotTests.BuildExample("quickstart").Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        foreach (var host in new[] { "host1", "host2", "host3" })
        {
            string frr = files[$"nodes/{host}/etc/frr/frr.conf"];
            var red = FrrText.TenantInstance(frr, "red");
            Assert.Contains("address-family ipv6 unicast", red);
            Assert.Contains("advertise ipv6 unicast route-map evpnc-red-own", red);
            // The same VRF, L3VNI, RD and route targets carry both families: one rd line, one export.
            Assert.Single(red, l => l.StartsWith("rd ", StringComparison.Ordinal));
            Assert.Single(red, l => l.StartsWith("route-target export ", StringComparison.Ordinal));
            // blue has no IPv6 and takes none: no IPv6 family, but an IPv6 FIB filter that admits nothing.
            if (frr.Contains("vrf blue\n", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("address-family ipv6 unicast", FrrText.TenantInstance(frr, "blue"));
                Assert.Contains("ipv6 protocol bgp route-map evpnc-blue-fib", FrrText.VrfBlock(frr, "blue"));
                Assert.All(FrrText.RouteMaps(frr)["evpnc-blue-fib"], e => Assert.False(e.Matches.ContainsKey("ipv6 address prefix-list")));
            }
            string cni = files[$"nodes/{host}/etc/cni/multus/net.d/red.conf"];
            Assert.Contains("\"subnet\": \"fd00:10:", cni);
            Assert.Contains("{\"dst\": \"fd00:20::/64\"", cni);
            Assert.Contains("net.ipv6.conf.all.forwarding = 1", files[$"nodes/{host}/etc/sysctl.d/60-evpnc.conf"]);
            Assert.Contains("-net.ipv6.conf.br10000.accept_dad = 0", files[$"nodes/{host}/etc/sysctl.d/60-evpnc.conf"]);
        }
        Assert.Contains("    address fd00:20::1/64\n", files["nodes/host1/etc/network/interfaces.d/evpnc"]);
        Assert.Contains("addresses: [\"10.20.0.1/24\", \"fd00:20::1/64\"]", files["nodes/host3/etc/netplan/60-evpnc.yaml"]);
        Assert.Contains("\"prefix\": \"fd00:10:0:2::/64\"", files["routes.json"]);
    }
}
