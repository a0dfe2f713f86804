using EvpnCompile.Tests.Emit;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Properties;

/// <summary>
/// The isolation checker passes on the quickstart as rendered and fails, for the right reason, on a
/// file mutated to break each of its rules (the generated-fabric property runs it on many fabrics).
/// </summary>
public class IsolationCheckerTests
{
    private static readonly Dictionary<string, IReadOnlySet<string>> Consent = new()
    {
        ["red"] = new HashSet<string> { "shared" },
        ["blue"] = new HashSet<string> { "shared" },
        ["shared"] = new HashSet<string> { "red", "blue" },
    };

    private const string Host1 = "nodes/host1/etc/frr/frr.conf";
    private const string Host3 = "nodes/host3/etc/frr/frr.conf";
    private const string Leaf1 = "nodes/leaf1/etc/frr/frr.conf";

    private static Dictionary<string, string> Quickstart() =>
        OutputSnapshotTests.BuildExample("quickstart").Files!.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    private static IReadOnlyList<string> CheckWith(string path, string find, string replace)
    {
        var files = Quickstart();
        Assert.Contains(find, files[path]);
        files[path] = files[path].Replace(find, replace, StringComparison.Ordinal);
        return IsolationChecker.Check(files, Consent);
    }

    [Fact]
    public void The_quickstart_as_rendered_passes() => Assert.Empty(IsolationChecker.Check(Quickstart(), Consent));

    [Fact]
    public void Encap_a_missing_transit_VRF_is_a_black_hole()
    {
        // host3 carries blue only as transit; without it, blue's traffic to shared's pods on host3 is dropped there.
        var problems = CheckWith(Host3, "vrf blue\n vni 50000\n ip protocol bgp route-map evpnc-blue-fib\n ipv6 protocol bgp route-map evpnc-blue-fib\nexit-vrf\n", "");
        Assert.Contains(problems, p => p.StartsWith(Host1 + ": VRF blue imports shared's routes and sends to them in VNI 50000, but " + Host3, StringComparison.Ordinal));
    }

    [Fact]
    public void Fib_filter_missing_or_wider_than_the_partners_is_found()
    {
        Assert.Contains(CheckWith(Host1, " ip protocol bgp route-map evpnc-red-fib\n", ""),
            p => p == Host1 + ": VRF red installs BGP routes in the kernel without an 'ip protocol bgp route-map' filter");
        Assert.Contains(CheckWith(Host1, "ip prefix-list evpnc-red-reach seq 10 permit 10.10.0.0/16 le 32\n", "ip prefix-list evpnc-red-reach seq 10 permit 0.0.0.0/0 le 32\n"),
            p => p == Host1 + ": VRF red's FIB filter permits 0.0.0.0/0, outside its own and its partners' ranges");
        // blue's range in red's FIB filter: blue is not red's partner.
        Assert.Contains(CheckWith(Host1, "ip prefix-list evpnc-red-reach seq 10 permit 10.10.0.0/16 le 32\n", "ip prefix-list evpnc-red-reach seq 10 permit 10.30.0.0/16 le 32\n"),
            p => p.Contains("VRF red's FIB filter permits 10.30.0.0/16"));
    }

    [Fact]
    public void Ipv6_fib_filter_missing_or_wider_than_the_partners_is_found()
    {
        // red is dual-stack; blue is IPv4 only but an IPv6 type-5 route under its route target must not reach its table either.
        Assert.Contains(CheckWith(Host1, " ipv6 protocol bgp route-map evpnc-red-fib\n", ""),
            p => p == Host1 + ": VRF red installs BGP routes in the kernel without an 'ipv6 protocol bgp route-map' filter");
        Assert.Contains(CheckWith(Host1, " ipv6 protocol bgp route-map evpnc-blue-fib\n", ""),
            p => p == Host1 + ": VRF blue installs BGP routes in the kernel without an 'ipv6 protocol bgp route-map' filter");
        Assert.Contains(CheckWith(Host1, "ipv6 prefix-list evpnc-red-reach6 seq 10 permit fd00:10::/48 le 128\n", "ipv6 prefix-list evpnc-red-reach6 seq 10 permit ::/0 le 128\n"),
            p => p == Host1 + ": VRF red's FIB filter permits ::/0, outside its own and its partners' ranges");
        Assert.Contains(CheckWith(Host1, "route-map evpnc-red-fib permit 20\n match ipv6 address prefix-list evpnc-red-reach6\n", "route-map evpnc-red-fib permit 20\n"),
            p => p == Host1 + ": VRF red's FIB filter evpnc-red-fib 20 permits without a prefix-list");
    }

    [Fact]
    public void Ipv6_leak_and_advertisement_beyond_own_prefixes_are_found()
    {
        Assert.Contains(CheckWith(Host1, "route-map evpnc-shared-leak permit 30\n match source-vrf red\n", "route-map evpnc-shared-leak permit 30\n"),
            p => p.Contains("VRF shared's import filter evpnc-shared-leak 30 takes evpnc-red-own6 from any VRF"));
        Assert.Contains(CheckWith(Host1, " match ipv6 address prefix-list evpnc-red-own6\nexit\n!\nroute-map evpnc-shared-fib",
                " match ipv6 address prefix-list evpnc-red-reach6\nexit\n!\nroute-map evpnc-shared-fib"),
            p => p == Host1 + ": VRF red advertises through route-map evpnc-red-own, which is not its own prefix-list alone");
        Assert.Contains(CheckWith(Host1, "  advertise ipv6 unicast route-map evpnc-red-own\n", "  advertise ipv6 unicast\n"),
            p => p == Host1 + ": VRF red advertises into EVPN without a route-map limiting it to its own prefixes");
    }

    [Fact]
    public void Leak_filter_without_source_vrf_is_found()
    {
        Assert.Contains(CheckWith(Host1, "route-map evpnc-red-leak permit 10\n match source-vrf shared\n", "route-map evpnc-red-leak permit 10\n"),
            p => p.Contains("VRF red's import filter evpnc-red-leak 10 takes evpnc-shared-own from any VRF"));
    }

    [Fact]
    public void Advertising_a_partners_prefixes_is_found()
    {
        Assert.Contains(CheckWith(Host1, "route-map evpnc-shared-own permit 10\n match ip address prefix-list evpnc-shared-own\n",
                "route-map evpnc-shared-own permit 10\n match ip address prefix-list evpnc-red-own\n"),
            p => p == Host1 + ": VRF shared advertises through route-map evpnc-shared-own, which is not its own prefix-list alone");
    }

    [Fact]
    public void A_host_port_without_inbound_policy_is_found()
    {
        Assert.Contains(CheckWith(Leaf1, "  neighbor swp2 route-map evpnc-host2-in-evpn in\n", ""),
            p => p == Leaf1 + ": host port swp2 has 1 inbound route-maps (expected one in ipv4 unicast and one in l2vpn evpn)");
    }
}
