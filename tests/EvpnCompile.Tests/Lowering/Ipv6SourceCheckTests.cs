using EvpnCompile.Core;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lowering;

/// <summary>
/// The nftables IPv6 source check: rendered exactly where the host routes IPv6, over exactly the bridges whose
/// IPv4 rp_filter the sysctl file sets, with its boot unit and apply commands; IPv4-only fabrics get nothing.
/// </summary>
public class Ipv6SourceCheckTests
{
    private static BuildResult Build(string text) => Fixtures.Build(text);

    [Fact]
    public void Dual_stack_hosts_check_the_bridges_whose_ipv4_rp_filter_is_strict()
    {
        var build = OutputSnapshotTests.BuildExample("quickstart");
        var hosts = build.Model!.Nodes.Where(n => n.IsHost).ToList();
        Assert.NotEmpty(hosts);
        foreach (var node in hosts)
        {
            var net = node.HostNetwork!;
            bool routesIpv6 = net.Sysctls.Any(s => s.Key == "net.ipv6.conf.all.forwarding" && s.Value == "1");
            var check = net.SourceCheck6;
            Assert.Equal(routesIpv6, check is not null);
            if (check is null) continue;
            var strict = net.Sysctls.Where(s => s.Key.EndsWith(".rp_filter", StringComparison.Ordinal)).Select(s => s.Device!).ToList();
            Assert.Equal(strict, check.Bridges);
            // Only the L2 gateway bridges (the anycast MAC) are checked on their routed frames alone.
            var gateways = net.Bridges.Where(b => check.Bridges.Contains(b.Name) && b.AnycastGateway).Select(b => b.Name).ToList();
            Assert.Equal(gateways, check.Gateways?.Bridges ?? []);
            if (check.Gateways is { } g) Assert.Equal(net.Bridges.First(b => b.Name == gateways[0]).Mac, g.Mac);

            var nft = build.Files!.Single(f => f.Path == $"nodes/{node.Name}{Ipv6SourceCheck.FilePath}");
            Assert.Equal((Ipv6SourceCheck.FilePath, "/usr/sbin/nft -f /etc/evpnc/ipv6-source.nft", "0644"), (nft.Target, nft.Apply, nft.Mode));
            foreach (var bridge in check.Bridges) Assert.Contains($"\t\t\t\"{bridge}\",\n", nft.Content);
            Assert.Contains("\t\tfib saddr . iif oif missing counter drop\n", nft.Content);
            var unit = build.Files!.Single(f => f.Path == $"nodes/{node.Name}/etc/systemd/system/{Ipv6SourceCheck.UnitName}");
            Assert.Equal("systemctl enable evpnc-ipv6-source.service", unit.Apply);
            Assert.Contains("\nExecStart=/usr/sbin/nft -f /etc/evpnc/ipv6-source.nft\n", unit.Content);
        }
        Assert.Contains(hosts, h => h.HostNetwork!.SourceCheck6?.Gateways is not null);
    }

    [Fact]
    public void Ipv4_only_fabrics_render_no_nftables_file_and_no_unit()
    {
        var build = Build(Fixtures.Fabric(2)
            + Fixtures.Tenant("red", "namespaces: [red]\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24}\n"
                                     + "l2Networks:\n  - {name: vms, subnet: 10.20.0.0/28, gateway: 10.20.0.1}"));
        Assert.All(build.Model!.Nodes, n => Assert.Null(n.HostNetwork?.SourceCheck6));
        Assert.DoesNotContain(build.Files!, f => f.Path.EndsWith(".nft", StringComparison.Ordinal) || f.Path.Contains("/etc/systemd/system/", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dual_stack_tenant_without_l2_networks_has_no_gateway_exception()
    {
        var build = Build(Fixtures.Fabric(2)
            + Fixtures.Tenant("red", "namespaces: [red]\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24, cidr6: \"fd00:1::/48\", perNodePrefix6: 64}"));
        var check = build.Model!.Nodes.Single(n => n.Name == "host1").HostNetwork!.SourceCheck6!;
        Assert.Null(check.Gateways);
        string nft = build.Files!.Single(f => f.Path == $"nodes/host1{Ipv6SourceCheck.FilePath}").Content;
        Assert.DoesNotContain("gateway_bridges", nft);
        Assert.Contains("\"pod", nft);
    }
}
