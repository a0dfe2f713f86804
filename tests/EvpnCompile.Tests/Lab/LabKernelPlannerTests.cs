using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Tests.Lab;

/// <summary>
/// Kernel mode: the rendered host files make the devices; the plan only says what the kernel must show
/// afterwards. That expectation must be exactly what the rendered files declare, or `check` would
/// measure the files against something else.
/// </summary>
public class LabKernelPlannerTests
{
    private static readonly LabPlan Plan = LabPlanner.Plan(QuickstartLab.Build.Model!, "lab", LabVrfMode.Kernel);

    private static LabNode Node(string name) => Plan.Nodes.Single(n => n.Name == name);

    [Fact]
    public void The_plan_is_marked_kernel_and_names_the_program_that_reads_each_hosts_files()
    {
        Assert.Equal(LabVrfMode.Kernel, Plan.VrfMode);
        Assert.Equal(LabVrfMode.Netns, QuickstartLab.Plan.VrfMode);
        Assert.Equal([NetworkRenderer.Ifupdown2, NetworkRenderer.Ifupdown2, NetworkRenderer.Netplan, null, null], Plan.Nodes.Select(n => n.Network));
    }

    [Fact]
    public void Each_hosts_namespace_wide_sysctl_keys_are_set_before_its_files_make_devices()
    {
        foreach (var host in new[] { "host1", "host2", "host3" })
        {
            string file = QuickstartLab.File($"nodes/{host}/etc/sysctl.d/60-evpnc.conf");
            // Every key of the rendered file that is not a device's (no leading '-'), as key=value.
            var expected = file.Split('\n').Where(l => l.Length > 0 && l[0] != '#' && l[0] != '-')
                .Select(l => l.Replace(" = ", "=")).Where(l => !l.Contains(".neigh.default.")).ToList();
            Assert.Contains("net.ipv6.conf.default.accept_dad=0", expected); // red's anycast IPv6 gateway is on every host
            Assert.Equal(expected, Node(host).BootSysctls);
        }
        Assert.Empty(Node("leaf1").BootSysctls);
    }

    [Fact]
    public void Every_device_of_a_rendered_interfaces_file_is_expected_in_its_vrf_and_nothing_else()
    {
        foreach (var host in new[] { "host1", "host2" })
        {
            string file = QuickstartLab.File($"nodes/{host}/etc/network/interfaces.d/evpnc");
            var declared = Regex.Matches(file, @"^auto (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
                .Where(d => d is not ("lo" or "eth1" or "eth2")).Order(StringComparer.Ordinal).ToList();
            var expected = Node(host).Vrfs.SelectMany(v => v.Devices).Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(declared, expected);
            // The VRF device has no master; a bridge is in the VRF its stanza names; a port in the bridge that lists it.
            foreach (var vrf in Node(host).Vrfs)
                foreach (var device in vrf.Devices)
                {
                    if (device.Name == vrf.Name) Assert.Null(device.Master);
                    else if (Stanza(file, device.Name).Contains($"vrf {vrf.Name}")) Assert.Equal(vrf.Name, device.Master);
                    else Assert.Contains($"bridge-ports {device.Name}", Stanza(file, device.Master!));
                }
        }
    }

    /// <summary>The attribute lines of <paramref name="name"/>'s stanza, trimmed.</summary>
    private static List<string> Stanza(string file, string name) =>
        Regex.Match(file, $@"^iface {Regex.Escape(name)}\n((?:    .*\n?)*)", RegexOptions.Multiline).Groups[1].Value
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();

    [Fact]
    public void A_transit_vrf_is_expected_with_its_l3vni_and_no_pod_bridge()
    {
        var blue = Node("host3").Vrfs.Single(v => v.Name == "blue");
        Assert.Equal([("blue", null), ("br50000", "blue"), ("vni50000", "br50000")], blue.Devices.Select(d => (d.Name, d.Master)));
        Assert.Equal([(50000L, VniKind.L3)], blue.Vnis.Select(v => (v.Vni, v.Kind)));
        Assert.Equal(9000, blue.Devices.Single(d => d.Name == "vni50000").Mtu);
    }

    [Fact]
    public void Hosts_get_their_loopback_from_their_files_and_the_model_batch_is_only_a_fallback()
    {
        Assert.Equal(["link set lo up"], Node("host1").NodeBatch);
        Assert.Equal(["link set lo up", "addr add 10.0.0.1/32 dev lo"], Node("leaf1").NodeBatch);
        Assert.All(Node("host1").Vrfs, v => Assert.Empty(v.NodeBatch.Concat(v.VrfBatch)));
        var fallback = Node("host3").ModelBatch!;
        Assert.Equal("addr add 10.0.0.13/32 dev lo", fallback[0]);
        Assert.Contains("link add blue type vrf table 1001", fallback);
        Assert.Contains("link set dev br50000 master blue", fallback);
        Assert.Contains("link add podd50001 mtu 9000 type dummy", fallback);
        Assert.Contains("link set dev vni50001 type bridge_slave learning off neigh_suppress on", fallback);
        Assert.Contains("addr add 10.10.2.1/24 dev pod50001", fallback);
        Assert.Empty(Node("leaf1").ModelBatch!);
    }

    [Fact]
    public void Leaves_peer_with_the_fabric_and_with_their_hosts()
    {
        Assert.Equal(["swp1", "swp2", "swp3"], Node("leaf1").Peers);
        Assert.Equal(["eth1", "eth2"], Node("host1").Peers);
    }
}
