using System.Text.Json;
using EvpnCompile.Core;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lowering;

/// <summary>The host details beside the interfaces: sysctls, the networkd drop-in, macspoofchk, link-local and bridge-port flags.</summary>
public class HostFilesTests
{
    private static BuildResult Build(string text) => Fixtures.Build(text);

    private static IReadOnlyDictionary<string, string> Values(HostNetwork net) => net.Sysctls.ToDictionary(s => s.Key, s => s.Value);

    /// <summary>red on both hosts with an L2 network, shared on host1 only and leaking with red.</summary>
    private static BuildResult TwoHosts() => Build(Fixtures.Fabric(2)
        + Fixtures.Tenant("red", "namespaces: [red]\nimport: [shared]\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24}\n"
                                 + "l2Networks:\n  - {name: vms, subnet: 10.20.0.0/28, gateway: 10.20.0.1}")
        + Fixtures.Tenant("shared", "namespaces: [shared]\nnodes: [host1]\nexport: [red]\npodNetwork: {cidr: 10.2.0.0/16, perNodePrefix: 25}"));

    [Fact]
    public void Neighbour_thresholds_are_the_kernel_defaults_plus_what_the_host_can_hold()
    {
        var host1 = TwoHosts().Model!.Nodes.Single(n => n.Name == "host1").HostNetwork!;
        // Counted by hand: pods 253 (red /24) + 125 (shared /25); L2 /28 without network, gateway and
        // broadcast: 13; remote VTEPs: red's VRF sees host2 (red), shared's sees host2 (its partner red): 2;
        // fabric ports eth1, eth2: 2.
        long v4 = 253 + 125 + 13 + 2 + 2, v6 = 253 + 125 + 2;
        var values = Values(host1);
        Assert.Equal($"{128 + v4}", values["net.ipv4.neigh.default.gc_thresh1"]);
        Assert.Equal($"{512 + 2 * v4}", values["net.ipv4.neigh.default.gc_thresh2"]);
        Assert.Equal($"{1024 + 4 * v4}", values["net.ipv4.neigh.default.gc_thresh3"]);
        Assert.Equal($"{128 + v6}", values["net.ipv6.neigh.default.gc_thresh1"]);
        Assert.Equal($"{1024 + 4 * v6}", values["net.ipv6.neigh.default.gc_thresh3"]);
        Assert.Equal("1", values["net.ipv4.ip_forward"]);
        Assert.All(host1.Sysctls.Where(s => s.Key.Contains(".gc_thresh", StringComparison.Ordinal)), s => Assert.Equal(SysctlScope.Kernel, s.Scope));
    }

    [Fact]
    public void A_host_with_no_tenant_adds_only_its_fabric_peers_to_the_kernel_defaults()
    {
        var values = Values(Build(Fixtures.Fabric(1)).Model!.Nodes.Single(n => n.Name == "host1").HostNetwork!);
        // Its two fabric peers are all the fabric puts there: never below the defaults.
        Assert.Equal(["130", "516", "1032"], new[] { 1, 2, 3 }.Select(i => values[$"net.ipv4.neigh.default.gc_thresh{i}"]));
    }

    [Fact]
    public void Every_bridge_a_pod_attaches_to_has_a_strict_reverse_path_filter_and_no_other_bridge_does()
    {
        foreach (var example in new[] { "quickstart", "repo-layout" })
            foreach (var node in OutputSnapshotTests.BuildExample(example).Model!.Nodes.Where(n => n.IsHost))
            {
                var net = node.HostNetwork!;
                var strict = net.Sysctls.Where(s => s.Key.EndsWith(".rp_filter", StringComparison.Ordinal)).ToList();
                Assert.Equal(node.Cni.Select(c => c.Bridge).Order(StringComparer.Ordinal), strict.Select(s => s.Device!).Order(StringComparer.Ordinal));
                Assert.All(strict, s =>
                {
                    Assert.Equal("1", s.Value);
                    Assert.Equal(SysctlScope.Device, s.Scope);
                    Assert.Equal($"net.ipv4.conf.{s.Device}.rp_filter", s.Key);
                    Assert.True(s.IgnoreMissing);
                });
                // The rendered file says the same, each device key with sysctl.d's '-'.
                string file = OutputSnapshotTests.BuildExample(example).Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/sysctl.d/60-evpnc.conf").Content;
                foreach (var s in strict) Assert.Contains($"\n-{s.Key} = 1\n", file);
            }
    }

    /// <summary>The quickstart as it is (red's L2 network dual-stack) and without its IPv6 fields (IPv4 only).</summary>
    public static TheoryData<bool> BothFamilies() => [true, false];

    [Theory]
    [MemberData(nameof(BothFamilies))]
    public void Only_ipv4_only_anycast_gateway_bridges_go_without_an_IPv6_link_local_address(bool dualStack)
    {
        var build = dualStack ? OutputSnapshotTests.BuildExample("quickstart") : QuickstartIpv4Only();
        foreach (var node in build.Model!.Nodes.Where(n => n.IsHost))
        {
            var net = node.HostNetwork!;
            Assert.All(net.Bridges, b => Assert.Equal(b.Mac == "02:00:5e:00:01:01", b.AnycastGateway));
            // Linux sends neighbour solicitations only from a link-local address: an IPv6 gateway keeps one.
            Assert.All(net.Bridges, b => Assert.Equal(!b.AnycastGateway || b.Address6 is not null, b.Ipv6LinkLocal));
            Assert.All(net.Bridges.Where(b => b.AnycastGateway), b => Assert.Equal(dualStack, b.AnycastIpv6));
            var without = net.Bridges.Where(b => !b.Ipv6LinkLocal).Select(b => b.Name).ToList();
            Assert.Equal(dualStack, without.Count == 0); // red's L2 network is on every host
            if (node.Network == NetworkRenderer.Netplan)
            {
                string yaml = build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/netplan/60-evpnc.yaml").Content;
                Assert.Equal(without.Count, yaml.Split('\n').Count(l => l == "      link-local: []"));
                foreach (var b in without) Assert.Contains($"    {b}:\n      interfaces: [vni", yaml);
            }
            else
            {
                string text = build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/network/interfaces.d/evpnc").Content;
                var stanzas = text.Split("\n\n");
                Assert.Equal(without.Order(StringComparer.Ordinal),
                    stanzas.Where(s => s.Contains("    ipv6-addrgen off")).Select(s => s.Split('\n').First(l => l.StartsWith("iface ", StringComparison.Ordinal))[6..]).Order(StringComparer.Ordinal));
            }
        }
    }

    private static BuildResult QuickstartIpv4Only() =>
        Fixtures.Build(File.ReadAllText(RepoPaths.Of("examples", "quickstart", "fabric.yaml")) + "\n---\n" + Fixtures.QuickstartTenantsIpv4Only());

    [Fact]
    public void Vxlan_ports_do_not_learn_and_suppress_ARP_ND_in_the_model_and_in_both_renderers()
    {
        var build = OutputSnapshotTests.BuildExample("quickstart");
        foreach (var node in build.Model!.Nodes.Where(n => n.IsHost))
        {
            var vxlans = node.HostNetwork!.Vxlans;
            Assert.All(vxlans, x => Assert.True(!x.Learning && !x.BridgeLearning && x.NeighSuppress));
            if (node.Network == NetworkRenderer.Netplan)
                foreach (var x in vxlans)
                    Assert.Equal("# Rendered by evpnc: bridge-port flags of " + x.Name + " that netplan cannot express.\n[Bridge]\nLearning=no\nNeighborSuppression=yes\n",
                        build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/systemd/network/10-netplan-{x.Name}.network.d/50-evpnc.conf").Content);
            else
            {
                string text = build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/network/interfaces.d/evpnc").Content;
                foreach (var x in vxlans)
                    Assert.Contains($"iface {x.Name}\n    vxlan-id {x.Vni}\n    vxlan-local-tunnelip {x.Local}\n    vxlan-port {x.Port}\n"
                                    + "    vxlan-learning no\n    bridge-learning off\n    bridge-arp-nd-suppress on\n", text);
            }
        }
    }

    [Fact]
    public void Every_CNI_file_turns_macspoofchk_on()
    {
        var files = OutputSnapshotTests.BuildExample("repo-layout").Files!.Where(f => f.Kind == EvpnCompile.Core.Emit.OutputKind.Cni).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            using var doc = JsonDocument.Parse(f.Content);
            Assert.Equal("bridge", doc.RootElement.GetProperty("type").GetString());
            Assert.True(doc.RootElement.GetProperty("macspoofchk").GetBoolean(), f.Path);
        });
    }

    [Fact]
    public void The_manifest_applies_sysctls_on_every_host_and_the_networkd_drop_in_only_on_netplan_hosts()
    {
        var build = OutputSnapshotTests.BuildExample("quickstart");
        foreach (var node in build.Model!.Nodes)
        {
            var sysctl = build.Files!.SingleOrDefault(f => f.Path == $"nodes/{node.Name}/etc/sysctl.d/60-evpnc.conf");
            var dropIn = build.Files!.SingleOrDefault(f => f.Path == $"nodes/{node.Name}/etc/systemd/networkd.conf.d/50-evpnc.conf");
            Assert.Equal(node.IsHost, sysctl is not null);
            Assert.Equal(node.Network == NetworkRenderer.Netplan, dropIn is not null);
            if (sysctl is not null) Assert.Equal(("/etc/sysctl.d/60-evpnc.conf", "sysctl --system", "0644"), (sysctl.Target, sysctl.Apply, sysctl.Mode));
            if (dropIn is not null)
            {
                Assert.Equal(("/etc/systemd/networkd.conf.d/50-evpnc.conf", "netplan apply"), (dropIn.Target, dropIn.Apply));
                Assert.Contains("\n[Network]\nManageForeignRoutes=no\nManageForeignRoutingPolicyRules=no\n", dropIn.Content);
            }
        }
    }
}
