using EvpnCompile.Core;
using EvpnCompile.Core.Lowering;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lowering;

public class LoweringTests
{
    private static string Conf(BuildResult b, string node) => b.Files!.Single(f => f.Path == $"nodes/{node}/etc/frr/frr.conf").Content;

    [Fact]
    public void Red_imports_shareds_route_target_and_blue_does_not_import_reds()
    {
        var build = OutputSnapshotTests.BuildExample("quickstart");
        var conf = Conf(build, "host1");
        var vnis = FrrText.VrfVnis(conf);
        string Rt(string tenant) => $"65000:{vnis[tenant]}";
        var red = FrrText.Values(FrrText.TenantInstance(conf, "red"), "route-target import ");
        var blue = FrrText.Values(FrrText.TenantInstance(conf, "blue"), "route-target import ");
        Assert.Contains(Rt("shared"), red);
        Assert.Contains(Rt("red"), red);
        Assert.DoesNotContain(Rt("red"), blue);
        Assert.DoesNotContain(Rt("blue"), red);
        // shared exports to red and blue, who import it: it takes their routes back for the replies...
        Assert.Equal([Rt("shared"), Rt("blue"), Rt("red")], FrrText.Values(FrrText.TenantInstance(conf, "shared"), "route-target import "));
        // ...and every VRF advertises only its own prefixes, so shared never passes red's routes to blue.
        foreach (var vrf in new[] { "red", "blue", "shared" })
        {
            Assert.Equal([$"route-map evpnc-{vrf}-own"], FrrText.Values(FrrText.TenantInstance(conf, vrf), "advertise ipv4 unicast "));
            Assert.Contains($"\nroute-map evpnc-{vrf}-own permit 10\n match ip address prefix-list evpnc-{vrf}-own\n", conf);
        }
        Assert.Contains("\nip prefix-list evpnc-shared-own seq 10 permit 10.40.0.0/16 le 32\n", conf);
        Assert.DoesNotContain("prefix-list evpnc-shared-own seq 20", conf);
    }

    private static BuildResult Build(string text)
    {
        var r = Compiler.Build(new CompileRequest([new SourceFile("f.yaml", text)], null, "evpnc.lock.yaml"));
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r;
    }

    [Fact]
    public void Import_vrf_is_filtered_by_source_vrf_and_a_transit_vrf_carries_the_replies_where_only_the_importer_has_pods()
    {
        var b = Build(Fixtures.Fabric(3)
            + Fixtures.Tenant("red", "namespaces: [red]\nnodes: [host1, host2]\nimport: [shared]\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("shared", "namespaces: [shared]\nnodes: [host1]\nexport: [red]\npodNetwork: {cidr: 10.2.0.0/16, perNodePrefix: 24}"));
        var host1 = FrrText.TenantInstance(Conf(b, "host1"), "red");
        Assert.Equal(["route-map evpnc-red-leak", "shared"], FrrText.Values(host1, "import vrf "));   // filtered to shared's own prefixes
        Assert.Contains("\nroute-map evpnc-red-leak permit 10\n match source-vrf shared\n match ip address prefix-list evpnc-shared-own\n", Conf(b, "host1"));

        // shared has no pods on host2, but its replies to red's pods there travel in shared's L3VNI:
        // host2 carries shared as a transit VRF, which hands them to red through a filtered import vrf.
        var model = b.Model!;
        var node2 = model.Nodes.Single(n => n.Name == "host2");
        Assert.Equal(["red"], node2.Tenants);
        Assert.Equal(["shared"], node2.TransitTenants);
        var shared2 = FrrText.TenantInstance(Conf(b, "host2"), "shared");
        Assert.DoesNotContain("redistribute connected", shared2);
        Assert.Equal(["route-map evpnc-shared-leak", "red"], FrrText.Values(shared2, "import vrf "));
        long sharedVni = model.Tenants.Single(t => t.Name == "shared").L3Vni;
        Assert.Contains(node2.HostNetwork!.Vxlans, x => x.Vni == sharedVni);
        Assert.DoesNotContain(node2.HostNetwork!.Bridges, x => x.Name == $"pod{sharedVni}");
        Assert.DoesNotContain(node2.Cni, c => c.Name == "shared");
        Assert.Equal(["route-map evpnc-red-leak", "shared"], FrrText.Values(FrrText.TenantInstance(Conf(b, "host2"), "red"), "import vrf "));

        // host3 has neither tenant's pods: no VRF of either.
        Assert.Empty(FrrText.VrfVnis(Conf(b, "host3")));
    }

    [Fact]
    public void Exports_and_imports_agree_for_a_tenant_placed_nowhere()
    {
        // One consent rule (LeakConsent): a tenant that lands on no host neither imports nor is listed as an importer.
        var b = Build(Fixtures.Fabric(2)
            + Fixtures.Tenant("red", "namespaces: [red]\nnodeSelector: {pool: none}\nimport: [shared]\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("shared", "namespaces: [shared]\nexport: [red]\npodNetwork: {cidr: 10.2.0.0/16, perNodePrefix: 24}"));
        var tenants = b.Model!.Tenants.ToDictionary(t => t.Name);
        Assert.Empty(tenants["red"].Hosts);
        Assert.Empty(tenants["red"].Imports);
        Assert.Empty(tenants["shared"].ExportsTo);
    }

    [Fact]
    public void Route_distinguishers_are_unique_per_node_and_within_FRRs_limit()
    {
        foreach (var f in OutputSnapshotTests.BuildExample("repo-layout").Files!.Where(f => f.Path.EndsWith("frr.conf", StringComparison.Ordinal)))
        {
            var rds = f.Content.Split('\n').Where(l => l.StartsWith("  rd ", StringComparison.Ordinal)).Select(l => l[5..]).ToList();
            Assert.Equal(rds.Count, rds.Distinct().Count());
            Assert.All(rds, rd => Assert.InRange(long.Parse(rd[(rd.LastIndexOf(':') + 1)..]), 1, 65535));
        }
    }

    [Fact]
    public void Every_device_name_fits_linux_and_hosts_carry_what_their_tenants_need()
    {
        var model = OutputSnapshotTests.BuildExample("quickstart").Model!;
        foreach (var node in model.Nodes.Where(n => n.IsHost))
        {
            var net = node.HostNetwork!;
            var names = net.Ports.Select(p => p.Name).Concat(net.Vrfs.Select(v => v.Name)).Concat(net.Vxlans.Select(v => v.Name))
                .Concat(net.Dummies.Select(d => d.Name)).Concat(net.Bridges.Select(b => b.Name)).ToList();
            Assert.All(names, n => Assert.InRange(n.Length, 1, 15));
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Equal(node.Tenants.Concat(node.TransitTenants).Order(StringComparer.Ordinal), net.Vrfs.Select(v => v.Name));
        }
        // blue is pinned by nodeSelector to host1 and host2; host3 carries it only as transit (for shared).
        Assert.Equal(["host1", "host2"], model.Tenants.Single(t => t.Name == "blue").Hosts);
        var host3 = model.Nodes.Single(n => n.Name == "host3");
        Assert.DoesNotContain("blue", host3.Tenants);
        Assert.Equal(["blue"], host3.TransitTenants);
        Assert.DoesNotContain(host3.Cni, c => c.Name == "blue");
    }

    [Fact]
    public void The_pod_bridge_holds_the_first_address_of_the_block()
    {
        var model = OutputSnapshotTests.BuildExample("quickstart").Model!;
        var red = model.Tenants.Single(t => t.Name == "red");
        var host2 = model.Nodes.Single(n => n.Name == "host2").HostNetwork!;
        var block = Ipv4Prefix.Parse(red.PodBlocks.Single(b => b.Node == "host2").Prefix);
        var bridge = host2.Bridges.Single(b => b.Name == $"pod{red.L3Vni}");
        Assert.Equal($"{new Ipv4(block.First.Value + 1)}/{block.Length}", bridge.Address);
        Assert.Equal(["pod" + red.L3Vni, "podd" + red.L3Vni], new[] { bridge.Name, bridge.Ports.Single() });
    }

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.0/28", "10.0.0.1", "10.0.0.2-10.0.0.15")]              // network and gateway skipped
    [InlineData("10.0.0.0/24", "10.0.0.240/28", "10.0.0.1", "10.0.0.240-10.0.0.254")]         // broadcast skipped
    [InlineData("10.0.0.0/24", "10.0.0.16/28", "10.0.0.20", "10.0.0.16-10.0.0.19,10.0.0.21-10.0.0.31")] // split around the gateway
    [InlineData("10.0.0.0/24", "10.0.0.0/24", "10.0.0.1", "10.0.0.2-10.0.0.254")]             // whole pod block
    public void CNI_ranges_never_hold_network_gateway_or_broadcast(string subnet, string slice, string gateway, string expected)
    {
        var ranges = CniLowering.Ranges(Ipv4Prefix.Parse(subnet), Ipv4Prefix.Parse(slice), Ipv4.Parse(gateway));
        Assert.Equal(expected, string.Join(",", ranges.Select(r => $"{r.Start}-{r.End}")));
    }
}
