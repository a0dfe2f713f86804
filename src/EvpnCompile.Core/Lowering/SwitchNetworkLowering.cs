using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The interfaces file of a leaf, spine or border: the loopback its `network` statement announces,
/// its fabric ports with the underlay MTU (BGP unnumbered needs them up with an IPv6 link-local
/// address, which the kernel gives every port), and on a border per exit tenant the VRF, the L3VNI
/// (VXLAN device in a bridge with the border's router MAC) and a VLAN sub-interface per uplink in
/// the VRF with the border's (even) address of the /31.
/// </summary>
internal static class SwitchNetworkLowering
{
    public static SwitchNetwork Lower(LoweringContext c, ResolvedNode node, BorderLowering.Exit? exit)
    {
        var n = node.Input;
        var s = c.Settings;
        var ports = c.Ports[n.Name].Select(p => new PortIface(p, s.UnderlayMtu)).ToList();
        var vrfs = new List<VrfIface>();
        var vxlans = new List<VxlanIface>();
        var bridges = new List<BridgeIface>();
        var subs = new List<SubInterface>();
        foreach (var (t, transfers) in exit?.Sessions ?? [])
        {
            string vrf = DeviceNames.Vrf(t.Name), bridge = DeviceNames.Bridge(t.L3Vni), vxlan = DeviceNames.Vxlan(t.L3Vni);
            vxlans.Add(new VxlanIface(vxlan, t.L3Vni, n.Loopback.ToString(), s.VxlanPort, s.OverlayMtu, bridge,
                Learning: false, BridgeLearning: false, NeighSuppress: true, VniKind.L3));
            bridges.Add(new BridgeIface(bridge, [vxlan], [vxlan], vrf, node.RouterMac?.ToString(), null,
                $"tenant {t.Name}: L3VNI {t.L3Vni}, its way out of the fabric", Ipv6LinkLocal: true, s.OverlayMtu));
            vrfs.Add(new VrfIface(vrf, t.VrfTable, [bridge], t.Name, t.L3Vni));
            subs.AddRange(transfers.Select(x => new SubInterface(DeviceNames.SubInterface(x.Uplink.Port, x.Vlan), x.Uplink.Port, x.Vlan,
                $"{x.BorderAddress}/31", vrf, $"tenant {t.Name}: uplink {x.Uplink.Port} to AS{x.Uplink.PeerAsn}, VLAN {x.Vlan}")));
        }
        subs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new SwitchNetwork($"{n.Loopback}/32", ports, vrfs, vxlans, bridges,
            n.Uplinks.Select(u => new UplinkIface(u.Port, u.PeerAsn)).OrderBy(u => u.Name, StringComparer.Ordinal).ToList(), subs);
    }
}
