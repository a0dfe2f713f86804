using EvpnCompile.Core.Input;
using EvpnCompile.Core.Naming;
using EvpnCompile.Core.Semantics;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Semantics;

public class SemanticChecksTests
{
    private static string Fabric => Fixtures.Fabric(3);

    [Fact]
    public void Placement_by_star_names_and_selector()
    {
        var r = Fixtures.Compile(Fabric
            + Fixtures.Tenant("all", "namespaces: [a]")
            + Fixtures.Tenant("named", "namespaces: [n]\nnodes: [host3, host1]")
            + Fixtures.Tenant("rack", "namespaces: [r]\nnodeSelector: {rack: r2}"));
        Assert.Empty(r.Diagnostics);
        var placement = TenantPlacement.Resolve(r.Input!);
        Assert.Equal(["host1", "host2", "host3"], placement["all"]);
        Assert.Equal(["host1", "host3"], placement["named"]);   // sorted, whatever the input order
        Assert.Equal(["host1", "host3"], placement["rack"]);    // hosts 1 and 3 are in rack r2
    }

    [Fact]
    public void Import_without_consent_is_an_error_and_a_one_way_export_a_warning()
    {
        var r = Fixtures.Compile(Fabric
            + Fixtures.Tenant("red", "namespaces: [red]\nimport: [blue]")
            + Fixtures.Tenant("blue", "namespaces: [blue]")
            + Fixtures.Tenant("green", "namespaces: [green]\nexport: [blue]"));
        Assert.Equal("EVPN080,EVPN081", string.Join(",", r.Diagnostics.Select(d => d.Code).Order()));
        Assert.Contains(r.Diagnostics, d => d.Code == "EVPN080" && d.Message.Contains("'blue' does not export to 'red'"));
    }

    [Fact]
    public void Export_star_gives_consent_to_everyone()
    {
        var r = Fixtures.Compile(Fabric
            + Fixtures.Tenant("red", "namespaces: [red]\nimport: [shared]")
            + Fixtures.Tenant("shared", "namespaces: [shared]\nexport: [\"*\"]"));
        Assert.Empty(r.Diagnostics);
    }

    [Theory]
    [InlineData("10.20.0.0", "is the network address")]
    [InlineData("10.20.0.255", "is the broadcast address")]
    [InlineData("10.21.0.1", "is outside")]
    public void Gateway_must_be_a_usable_address(string gateway, string why)
    {
        var r = Fixtures.Compile(Fabric + Fixtures.Tenant("red",
            $"namespaces: [red]\nl2Networks:\n  - {{name: vms, subnet: 10.20.0.0/24, gateway: {gateway}}}"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EVPN061", d.Code);
        Assert.Contains(why, d.Message);
    }

    [Fact]
    public void Overlapping_subnets_of_a_tenant_are_reported_at_both()
    {
        var r = Fixtures.Compile(Fabric + Fixtures.Tenant("red",
            "namespaces: [red]\npodNetwork: {cidr: 10.20.0.0/16, perNodePrefix: 24}\nl2Networks:\n  - {name: vms, subnet: 10.20.5.0/24, gateway: 10.20.5.1}"));
        Assert.Equal(2, r.Diagnostics.Count(d => d.Code == "EVPN060"));
        Assert.NotEqual(r.Diagnostics[0].Span, r.Diagnostics[1].Span);
    }

    [Fact]
    public void Pod_blocks_must_fit_every_host()
    {
        var r = Fixtures.Compile(Fabric + Fixtures.Tenant("red", "namespaces: [red]\npodNetwork: {cidr: 10.20.0.0/23, perNodePrefix: 24}"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EVPN062", d.Code);
        Assert.Contains("holds 2 /24 block(s), but 3 host(s)", d.Message);
    }

    [Fact]
    public void Hosts_may_not_share_an_ASN_but_leaves_may()
    {
        var leavesShare = Fixtures.Compile(Fabric.Replace("asn: 65002", "asn: 65001"));
        Assert.Empty(leavesShare.Diagnostics);
        var hostsShare = Fixtures.Compile(Fabric.Replace("asn: 65102", "asn: 65101"));
        Assert.Equal("EVPN041,EVPN041", Fixtures.Codes(hostsShare));
    }

    [Fact]
    public void Explicit_VNI_equal_to_another_tenants_is_reported_at_both()
    {
        var r = Fixtures.Compile(Fabric
            + Fixtures.Tenant("red", "namespaces: [red]\nl3vni: 7000")
            + Fixtures.Tenant("blue", "namespaces: [blue]\nl2Networks:\n  - {name: vms, vni: 7000, subnet: 10.20.0.0/24, gateway: 10.20.0.1}"));
        Assert.Equal("EVPN042,EVPN042", Fixtures.Codes(r));
        Assert.Contains("route target", r.Diagnostics[0].Message);
    }

    [Fact]
    public void A_tenant_named_like_a_port_clashes_on_that_node()
    {
        var r = Fixtures.Compile(Fabric + Fixtures.Tenant("eth1", "namespaces: [x]\nnodes: [host2]"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EVPN045", d.Code);
        Assert.Contains("host2", d.Message);
    }

    [Fact]
    public void Device_names_fit_linux_limits_for_the_largest_VNI()
    {
        const long maxVni = Limits.MaxVni;
        foreach (var name in new[] { DeviceNames.Vxlan(maxVni), DeviceNames.Bridge(maxVni), DeviceNames.PodBridge(maxVni), DeviceNames.PodDummy(maxVni), DeviceNames.Vrf("abcdefghijklmno") })
            Assert.True(name.Length <= DeviceNames.LinuxMaxLength, name);
    }

    [Fact]
    public void Table_outside_ifupdown2_range_is_fine_on_netplan_hosts_only()
    {
        string netplan = Fabric.Replace("  evpn:", "  network: netplan\n  evpn:");
        Assert.Empty(Fixtures.Compile(netplan + Fixtures.Tenant("red", "namespaces: [red]\nvrfTable: 100")).Diagnostics);
        var r = Fixtures.Compile(Fabric + Fixtures.Tenant("red", "namespaces: [red]\nvrfTable: 100"));
        Assert.Equal("EVPN052", Fixtures.Codes(r));
    }
}
