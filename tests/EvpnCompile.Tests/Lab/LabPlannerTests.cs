using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Lab;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Tests.Lab;

/// <summary>The lab's plumbing is read off the same model the host renderers print, never a second description.</summary>
public class LabPlannerTests
{
    private static readonly LabPlan Plan = QuickstartLab.Plan;

    private static string File(string path) => QuickstartLab.File(path);

    [Fact]
    public void Every_device_of_the_rendered_interfaces_file_is_created_with_its_address_and_mac()
    {
        string interfaces = File("nodes/host1/etc/network/interfaces.d/evpnc");
        var host1 = Plan.Nodes.Single(n => n.Name == "host1");
        var lines = host1.Vrfs.SelectMany(v => v.NodeBatch.Concat(v.VrfBatch)).ToList();
        // Every bridge and VXLAN stanza of the ifupdown2 file (VRF devices are namespaces in the lab).
        var devices = Regex.Matches(interfaces, @"^auto (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Where(d => d.StartsWith("br") || d.StartsWith("vni") || d.StartsWith("pod")).ToList();
        Assert.NotEmpty(devices);
        foreach (var d in devices) Assert.Contains(lines, l => l.StartsWith($"link add {d} "));
        var addressed = Regex.Matches(interfaces, @"^iface (\S+)\n(?:    .*\n)*?    address (\S+)$", RegexOptions.Multiline)
            .Where(m => m.Groups[1].Value != "lo").ToList();
        Assert.NotEmpty(addressed);
        foreach (var m in addressed) Assert.Contains($"addr add {m.Groups[2].Value} dev {m.Groups[1].Value}", lines);
        var macs = Regex.Matches(interfaces, @"^iface (\S+)\n(?:    .*\n)*?    hwaddress (\S+)$", RegexOptions.Multiline).ToList();
        Assert.NotEmpty(macs);
        foreach (var m in macs) Assert.Contains(lines, l => l.StartsWith($"link add {m.Groups[1].Value} address {m.Groups[2].Value} "));
        // Every device with an MTU in the file (bridges included) is created with it.
        var mtus = Regex.Matches(interfaces, @"^iface (\S+)\n(?:    .*\n)*?    mtu (\d+)$", RegexOptions.Multiline)
            .Where(m => devices.Contains(m.Groups[1].Value)).ToList();
        Assert.Equal(devices.Order(StringComparer.Ordinal), mtus.Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        foreach (var m in mtus) Assert.Contains(lines, l => l.StartsWith($"link add {m.Groups[1].Value} ") && l.Contains($" mtu {m.Groups[2].Value} "));
        Assert.Contains("link add br50001 address 02:e0:00:00:00:01 mtu 9000 type bridge stp_state 0", lines);
        Assert.Contains("link add vni50001 mtu 9000 type vxlan id 50001 local 10.0.0.11 dstport 4789 nolearning", lines);
        Assert.Equal(["blue", "red", "shared"], host1.Vrfs.Select(v => v.Name));
        Assert.Equal(["10.0.0.11"], host1.NodeBatch.Where(l => l.StartsWith("addr add")).Select(l => l.Split(' ')[2].Split('/')[0]));
    }

    [Fact]
    public void Each_pod_is_attached_by_its_nodes_multus_file_and_expects_the_first_address_of_its_range()
    {
        Assert.Equal(11, Plan.Pods.Count);
        foreach (var pod in Plan.Pods)
        {
            Assert.Equal($"/etc/cni/multus/net.d/{pod.Name}.conf", pod.CniFile);
            using var cni = JsonDocument.Parse(File($"nodes/{pod.Node}{pod.CniFile}"));
            var range = cni.RootElement.GetProperty("ipam").GetProperty("ranges")[0][0];
            Assert.Equal(range.GetProperty("rangeStart").GetString(), pod.Address);
            Assert.Equal(range.GetProperty("subnet").GetString()!.Split('/')[1], $"{pod.PrefixLength}");
            Assert.Equal(range.GetProperty("gateway").GetString(), pod.Gateway);
            // The plugin sets the address and the file's routes; the lab adds only a default route (per family) for isolation probes.
            var ranges = cni.RootElement.GetProperty("ipam").GetProperty("ranges");
            if (ranges.GetArrayLength() == 2)
            {
                var range6 = ranges[1][0];
                Assert.Equal(range6.GetProperty("rangeStart").GetString(), pod.Address6);
                Assert.Equal(range6.GetProperty("subnet").GetString()!.Split('/')[1], $"{pod.PrefixLength6}");
                Assert.Equal(range6.GetProperty("gateway").GetString(), pod.Gateway6);
                Assert.Equal(["link set lo up", $"route add default via {pod.Gateway}", $"route add default via {pod.Gateway6}"], pod.PodBatch);
            }
            else
            {
                Assert.Null(pod.Address6);
                Assert.Equal(["link set lo up", $"route add default via {pod.Gateway}"], pod.PodBatch);
            }
        }
        var vms = Plan.Pods.Where(p => p.L2Network == "red-vms").ToList();
        Assert.Equal(["host1", "host2", "host3"], vms.Select(p => p.Node));
        Assert.All(Plan.Pods.Where(p => p.L2Network is null), p => Assert.Equal(p.Tenant, p.Name));
    }

    [Fact]
    public void Nodes_peer_on_their_fabric_ports_and_run_the_daemons_their_daemons_file_enables()
    {
        var leaf1 = Plan.Nodes.Single(n => n.Name == "leaf1");
        Assert.Equal(["swp1", "swp2", "swp3"], leaf1.Peers);
        Assert.Equal(["zebra", "bgpd", "bfdd"], leaf1.Daemons); // quickstart: underlay bfd: true
        Assert.Equal("lab-leaf1", leaf1.Instance);
        Assert.Empty(leaf1.Vrfs);
        Assert.All(Plan.Links, l => Assert.Equal(9216, l.Mtu));
        Assert.Equal(QuickstartLab.Build.Model!.Links.Count, Plan.Links.Count);
    }

    [Fact]
    public void Vnis_are_typed_by_the_vrf_l3vni()
    {
        var red = Plan.Nodes.Single(n => n.Name == "host2").Vrfs.Single(v => v.Name == "red");
        Assert.Equal([(50001L, VniKind.L3), (10000L, VniKind.L2)], red.Vnis.Select(v => (v.Vni, v.Kind)));
    }

    [Theory]
    [InlineData("lab", true)]
    [InlineData("ci2", true)]
    [InlineData("a-b", false)] // a dash would let one lab's prefix match another's names
    [InlineData("Lab", false)]
    [InlineData("toolongname13", false)]
    [InlineData("", false)]
    public void Lab_names_cannot_collide_with_another_labs_prefix(string name, bool valid) =>
        Assert.Equal(valid, LabPaths.IsValidName(name));

    [Fact]
    public void A_border_gets_its_exit_vrfs_from_its_interfaces_file_and_a_spine_none()
    {
        var build = EvpnCompile.Tests.Emit.OutputSnapshotTests.BuildExample("two-racks");
        var plan = LabPlanner.Plan(build.Model!, "t");
        var border = plan.Nodes.Single(n => n.Name == "border1");
        Assert.True(border.HasVrfs);
        Assert.False(border.IsHost);
        Assert.Equal(["blue", "red"], border.Vrfs.Select(v => v.Name));
        string interfaces = build.Files!.Single(f => f.Path == "nodes/border1/etc/network/interfaces.d/evpnc").Content;
        foreach (var vrf in border.Vrfs)
            foreach (var vni in vrf.Vnis)
            {
                Assert.Equal(VniKind.L3, vni.Kind);
                Assert.Contains($"auto {vni.Device}\niface {vni.Device}\n    vxlan-id {vni.Vni}\n", interfaces);
                Assert.Contains(vrf.NodeBatch, l => l.StartsWith($"link add {vni.Device} ", StringComparison.Ordinal));
            }
        var spine = plan.Nodes.Single(n => n.Name == "spine1");
        Assert.False(spine.HasVrfs);
        Assert.Empty(spine.Vrfs);
    }
}
