using EvpnCompile.Core;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lowering;

/// <summary>Spines, borders and hosts that are never transit, read back from the rendered frr.conf text.</summary>
public class TopologyTests
{
    private static string Conf(BuildResult b, string node) => b.Files!.Single(f => f.Path == $"nodes/{node}/etc/frr/frr.conf").Content;

    /// <summary>The trimmed lines of one address-family of the default BGP instance.</summary>
    private static IReadOnlyList<string> Family(string conf, string family) =>
        FrrText.Underlay(conf).SkipWhile(l => l != $"address-family {family}").TakeWhile(l => l != "exit-address-family").ToList();

    /// <summary>
    /// Why a host could pass a route it learned from one leaf on to another, or null when it cannot: every fabric port
    /// is in the peer group `fabric`, which has an outbound route-map in both families whose every permit entry matches
    /// an as-path list that is exactly `permit ^$` (routes the host originated itself).
    /// </summary>
    public static string? TransitHole(string conf)
    {
        var underlay = FrrText.Underlay(conf);
        var neighbors = underlay.Where(l => l.StartsWith("neighbor ", StringComparison.Ordinal) && l.Contains(" interface", StringComparison.Ordinal)).ToList();
        if (neighbors.Any(l => !l.EndsWith(" interface peer-group fabric", StringComparison.Ordinal))) return "a fabric port outside the peer group 'fabric'";
        var maps = FrrText.RouteMaps(conf);
        foreach (var family in new[] { "ipv4 unicast", "l2vpn evpn" })
        {
            var outMaps = FrrText.Values(Family(conf, family), "neighbor fabric route-map ").Where(v => v.EndsWith(" out", StringComparison.Ordinal))
                .Select(v => v[..^4]).ToList();
            if (outMaps.Count != 1) return $"no outbound route-map on the fabric peer group in {family}";
            if (!maps.TryGetValue(outMaps[0], out var entries)) return $"route-map {outMaps[0]} is not defined";
            foreach (var e in entries.Where(e => e.Action == "permit"))
            {
                if (!e.Matches.TryGetValue("as-path", out var list)) return $"route-map {outMaps[0]} {e.Seq} permits without matching the AS path";
                var lines = conf.Split('\n').Where(l => l.StartsWith($"bgp as-path access-list {list} ", StringComparison.Ordinal)).ToList();
                if (lines.Count != 1 || !lines[0].EndsWith(" permit ^$", StringComparison.Ordinal)) return $"as-path list {list} is not exactly 'permit ^$'";
            }
        }
        return null;
    }

    [Theory]
    [InlineData("two-racks")]
    [InlineData("quickstart")]
    public void No_host_frr_conf_lets_a_route_from_one_leaf_reach_another(string example)
    {
        var build = OutputSnapshotTests.BuildExample(example);
        var hosts = build.Model!.Nodes.Where(n => n.IsHost).Select(n => n.Name).ToList();
        Assert.NotEmpty(hosts);
        foreach (var host in hosts) Assert.Null(TransitHole(Conf(build, host)));
    }

    [Fact]
    public void The_transit_check_finds_a_host_without_its_outbound_policy()
    {
        string conf = Conf(OutputSnapshotTests.BuildExample("two-racks"), "host1");
        Assert.NotNull(TransitHole(conf.Replace("  neighbor fabric route-map evpnc-fabric-out-evpn out\n", "")));
        Assert.NotNull(TransitHole(conf.Replace(" match as-path evpnc-originated\n", "")));
        Assert.NotNull(TransitHole(conf.Replace("permit ^$", "permit .*")));
    }

    [Fact]
    public void Spines_activate_evpn_without_vnis()
    {
        // bgpd keeps an EVPN route's next hop (the originating VTEP) over eBGP by itself: `attribute-unchanged next-hop`
        // would be a line the running daemons never show (frr-reload would re-add it on every reload). The lab's evpn
        // check proves the next hop end to end.
        string conf = Conf(OutputSnapshotTests.BuildExample("two-racks"), "spine1");
        Assert.Contains("neighbor fabric activate", Family(conf, "l2vpn evpn"));
        Assert.DoesNotContain("attribute-unchanged", conf);
        Assert.DoesNotContain("advertise-all-vni", conf);
        Assert.DoesNotContain("\nvrf ", conf);
        Assert.DoesNotContain(" vni ", conf);
        // Every leaf and border is a neighbor: six fabric ports.
        Assert.Equal(6, FrrText.Underlay(conf).Count(l => l.EndsWith(" interface peer-group fabric", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_border_sends_upstream_only_the_tenants_own_prefixes_takes_a_default_and_originates_one()
    {
        var build = OutputSnapshotTests.BuildExample("two-racks");
        string conf = Conf(build, "border2");
        var red = FrrText.TenantInstance(conf, "red");
        var vnis = FrrText.VrfVnis(conf);
        Assert.Equal(["blue", "red"], vnis.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("neighbor 198.51.100.3 remote-as 64901", red);
        Assert.Contains("neighbor 198.51.100.3 route-map evpnc-red-up-out out", red);
        Assert.Contains("neighbor 198.51.100.3 route-map evpnc-red-up-in in", red);
        Assert.Contains("default-originate ipv4", red);
        Assert.Equal([$"65000:{vnis["red"]}"], FrrText.Values(red, "route-target import "));
        Assert.DoesNotContain("redistribute connected", red);
        var maps = FrrText.RouteMaps(conf);
        Assert.Equal("evpnc-red-own", Assert.Single(maps["evpnc-red-up-out"]).Matches["ip address prefix-list"]);
        Assert.Equal("evpnc-default", Assert.Single(maps["evpnc-red-up-in"]).Matches["ip address prefix-list"]);
        Assert.Contains("\nip prefix-list evpnc-red-own seq 10 permit 10.10.0.0/16 le 32\n", conf);
        Assert.DoesNotContain("evpnc-red-own seq 20", conf); // shared's routes (red's partner) never go upstream
        Assert.Contains("\nip prefix-list evpnc-default seq 10 permit 0.0.0.0/0\n", conf);

        string interfaces = build.Files!.Single(f => f.Path == "nodes/border2/etc/network/interfaces.d/evpnc").Content;
        Assert.Contains("auto swp49.100\niface swp49.100\n    address 198.51.100.2/31\n    vrf red\n", interfaces);
        Assert.Contains("auto swp49.200\niface swp49.200\n    address 198.51.100.18/31\n    vrf blue\n", interfaces);
    }

    [Fact]
    public void Green_reaches_nothing_outside_and_red_hosts_install_the_default()
    {
        var build = OutputSnapshotTests.BuildExample("two-racks");
        string host1 = Conf(build, "host1");
        Assert.Contains("\nip prefix-list evpnc-red-reach seq 30 permit 0.0.0.0/0\n", host1);
        Assert.DoesNotContain("evpnc-green-reach seq 30", host1);
        Assert.DoesNotContain("permit 0.0.0.0/0\n", string.Join("\n", host1.Split('\n').Where(l => l.Contains("evpnc-green-reach"))) + "\n");
        // An external tenant's VRF installs the default route over both borders (ECMP); others have one VTEP per prefix.
        Assert.Contains("bgp bestpath as-path multipath-relax", FrrText.TenantInstance(host1, "red"));
        foreach (var vrf in new[] { "green", "shared" })
            Assert.DoesNotContain("bgp bestpath as-path multipath-relax", FrrText.TenantInstance(host1, vrf));
    }

    [Fact]
    public void Routes_json_lists_each_borders_default_and_exactly_what_each_upstream_receives()
    {
        var build = OutputSnapshotTests.BuildExample("two-racks");
        var routes = EvpnCompile.Core.Lab.RoutesFile.Parse(build.Files!.Single(f => f.Path == "routes.json").Content);
        var border = routes.Vteps.Single(v => v.Node == "border2");
        Assert.Equal(["blue", "red"], border.Originates.Where(r => r.Prefix == "0.0.0.0/0").Select(r => r.Tenant).Order(StringComparer.Ordinal));
        var red = border.Upstreams.Single(u => u.Tenant == "red");
        // Exactly red's own type-5 prefixes, as its hosts originate them: never the default, never shared's (its partner).
        var redPrefixes = routes.All.Where(x => x.Route.Tenant == "red" && x.Vtep.Node.StartsWith("host", StringComparison.Ordinal))
            .Select(x => x.Route.Prefix!).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(redPrefixes, red.Receives.Order(StringComparer.Ordinal));
        Assert.Equal(("198.51.100.2", "198.51.100.3", 64901L, 100), (red.Border, red.Peer, red.PeerAsn, red.Vlan));
        Assert.DoesNotContain(routes.Vteps, v => v.Upstreams.Any(u => u.Tenant is "green" or "shared"));
    }

    [Fact]
    public void Inventory_has_spines_and_borders_groups_and_explain_shows_a_tenants_exit()
    {
        var build = OutputSnapshotTests.BuildExample("two-racks");
        Assert.Equal(["hosts", "leaves", "spines", "borders"], build.Model!.Inventory.Groups.Select(g => g.Name));
        Assert.Equal(["border1", "border2"], build.Model.Inventory.Groups.Single(g => g.Name == "borders").Members.Select(m => m.Name));
        var red = EvpnCompile.Core.Explain.Explainer.Tenant(build.Model, build.Files!, "red")!;
        Assert.Equal(["border1", "border2"], red.Exits!.Select(x => x.Border));
        var green = EvpnCompile.Core.Explain.Explainer.Tenant(build.Model, build.Files!, "green")!;
        Assert.Null(green.Exits);
        Assert.DoesNotContain("\"exits\"", EvpnCompile.Core.Explain.ExplainText.Json(green));
        var border = EvpnCompile.Core.Explain.Explainer.Node(build.Model, build.Files!, "border1")!;
        Assert.Equal(["blue", "red"], border.ExitVrfs!.Select(v => v.Tenant));
        Assert.Contains(border.ExitVrfs![1].Devices, d => d.Name == "vni50002" && d.Kind == "vxlan");
        // A fabric of hosts and leaves keeps its two groups.
        Assert.Equal(["hosts", "leaves"], OutputSnapshotTests.BuildExample("quickstart").Model!.Inventory.Groups.Select(g => g.Name));
    }
}
