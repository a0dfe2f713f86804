using EvpnCompile.Core.Model;
using EvpnCompile.Tests.Emit;

namespace EvpnCompile.Tests.Lowering;

/// <summary>
/// The facts lowering hands to the model's readers (explain, the lab) so they never work them out
/// from device names: whose a CNI file is and which network it attaches to, a VRF's L3VNI, and the
/// devices grouped per VRF. Each is checked against the flat lists the renderers print.
/// </summary>
public class ModelFactsTests
{
    private static readonly FabricModel Model = OutputSnapshotTests.BuildExample("quickstart").Model!;

    [Fact]
    public void A_cni_attachment_knows_its_tenant_vrf_and_network()
    {
        var host2 = Model.Nodes.Single(n => n.Name == "host2");
        var red = host2.Cni.Single(c => c.Name == "red");
        Assert.Equal(("red", "red", CniNetworkKind.RoutedPods, (string?)null), (red.Tenant, red.Vrf, red.Kind, red.L2Network));
        var vms = host2.Cni.Single(c => c.Name == "red-vms");
        Assert.Equal(("red", "red", CniNetworkKind.L2Network, (string?)"vms"), (vms.Tenant, vms.Vrf, vms.Kind, vms.L2Network));
        // The VRF named is the one whose bridge the file attaches to.
        foreach (var node in Model.Nodes.Where(n => n.HostNetwork is not null))
            foreach (var cni in node.Cni)
                Assert.Equal(cni.Vrf, node.HostNetwork!.Bridges.Single(b => b.Name == cni.Bridge).Vrf);
    }

    [Fact]
    public void A_vrf_knows_its_tenant_and_l3vni_and_its_devices_are_grouped_once()
    {
        foreach (var node in Model.Nodes.Where(n => n.HostNetwork is not null))
        {
            var net = node.HostNetwork!;
            Assert.Equal(net.Vrfs, net.VrfDevices.Select(v => v.Vrf));
            foreach (var v in net.Vrfs)
            {
                Assert.Equal(node.Frr.Vrfs.Single(f => f.Name == v.Name).Vni, v.L3Vni);
                Assert.Equal(Model.Tenants.Single(t => t.Name == v.Tenant).Vrf, v.Name);
            }
            foreach (var group in net.VrfDevices)
            {
                Assert.Equal(group.Vrf.Members, group.Bridges.Select(b => b.Bridge.Name));
                Assert.All(group.Bridges, b => Assert.Equal(group.Vrf.Name, b.Bridge.Vrf));
                Assert.All(group.Bridges, b => Assert.Equal(b.Bridge.Ports, b.Vxlans.Select(x => x.Name).Concat(b.Dummies.Select(d => d.Name))));
                Assert.Contains(group.Vxlans, x => x.Vni == group.Vrf.L3Vni);
            }
            // Every device of the flat lists is in exactly one group.
            Assert.Equal(net.Vxlans.Select(x => x.Name).Order(), net.VrfDevices.SelectMany(g => g.Vxlans).Select(x => x.Name).Order());
            Assert.Equal(net.Dummies.Select(x => x.Name).Order(), net.VrfDevices.SelectMany(g => g.Dummies).Select(x => x.Name).Order());
        }
    }
}
