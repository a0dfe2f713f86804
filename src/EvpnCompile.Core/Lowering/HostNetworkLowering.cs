using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Model;
using EvpnCompile.Core.Naming;

namespace EvpnCompile.Core.Lowering;

/// <summary>
/// The devices of a host, per tenant (by name): the VRF; the L3VNI VXLAN in a bridge with the
/// node's router MAC; the pod bridge (with a dummy port) holding the first address of the node's
/// pod block; and per L2 network a VXLAN in a bridge with the anycast gateway address and MAC.
/// A transit VRF (LoweringContext.VrfsOnNode) has only its VRF and L3VNI.
/// Then the kernel parameters those devices need (SysctlLowering).
/// </summary>
internal static class HostNetworkLowering
{
    /// <summary>
    /// Every VXLAN port: BGP EVPN installs the remote MACs and neighbours, so neither the VXLAN device
    /// nor the bridge learns them from traffic, and the bridge answers ARP/ND for remote hosts itself.
    /// </summary>
    private static VxlanIface Vxlan(long vni, VniKind kind, string local, FabricInput s, string bridge) =>
        new(DeviceNames.Vxlan(vni), vni, local, s.VxlanPort, s.OverlayMtu, bridge, Learning: false, BridgeLearning: false, NeighSuppress: true, kind);

    /// <summary>
    /// The host routes IPv6 when one of its VRFs holds IPv6 routes: its own or, in transit, its partners'.
    /// Then the sysctl file turns IPv6 forwarding on and frr.conf leaves out `no ipv6 forwarding`.
    /// </summary>
    public static bool RoutesIpv6(LoweringContext c, IReadOnlyList<HostVrf> vrfs) => vrfs.Any(v => c.ReachableSubnets6(v.Tenant).Count > 0);

    public static HostNetwork Lower(LoweringContext c, ResolvedNode node, NetworkRenderer renderer, IReadOnlyList<HostVrf> tenantVrfs)
    {
        var n = node.Input;
        var s = c.Settings;
        var vrfs = new List<VrfIface>();
        var vxlans = new List<VxlanIface>();
        var dummies = new List<DummyIface>();
        var bridges = new List<BridgeIface>();
        var podBridges = new List<string>();
        var anycast6 = new List<string>();
        var gatewayBridges = new List<string>();
        bool ipv6 = RoutesIpv6(c, tenantVrfs);
        foreach (var (t, transit) in tenantVrfs)
        {
            string vrf = DeviceNames.Vrf(t.Name);
            var members = new List<string>();

            string l3Bridge = DeviceNames.Bridge(t.L3Vni);
            vxlans.Add(Vxlan(t.L3Vni, VniKind.L3, n.Loopback.ToString(), s, l3Bridge));
            bridges.Add(new BridgeIface(l3Bridge, [DeviceNames.Vxlan(t.L3Vni)], [DeviceNames.Vxlan(t.L3Vni)], vrf, node.RouterMac?.ToString(), null,
                transit ? $"tenant {t.Name}: L3VNI {t.L3Vni}, transit for its leak partners (no pods here)" : $"tenant {t.Name}: L3VNI {t.L3Vni}",
                Ipv6LinkLocal: true, s.OverlayMtu));
            members.Add(l3Bridge);
            if (transit)
            {
                vrfs.Add(new VrfIface(vrf, t.VrfTable, members, t.Name, t.L3Vni));
                continue;
            }

            if (t.PodBlocks.TryGetValue(n.Name, out var block))
            {
                string podBridge = DeviceNames.PodBridge(t.L3Vni);
                string dummy = DeviceNames.PodDummy(t.L3Vni);
                dummies.Add(new DummyIface(dummy, s.OverlayMtu, podBridge));
                string? address6 = t.PodBlocks6.TryGetValue(n.Name, out var block6) ? $"{CniLowering.Gateway6(block6)}/{block6.Length}" : null;
                bridges.Add(new BridgeIface(podBridge, [dummy], [], vrf, null, $"{CniLowering.Gateway(block)}/{block.Length}",
                    address6 is null ? $"tenant {t.Name}: routed pods {block}" : $"tenant {t.Name}: routed pods {block} and {block6}",
                    Ipv6LinkLocal: true, s.OverlayMtu, address6));
                members.Add(podBridge);
                podBridges.Add(podBridge);
            }

            foreach (var l2 in t.L2Networks.OrderBy(l => l.Input.Name, StringComparer.Ordinal))
            {
                string bridge = DeviceNames.Bridge(l2.Vni);
                vxlans.Add(Vxlan(l2.Vni, VniKind.L2, n.Loopback.ToString(), s, bridge));
                // Every host's gateway bridge has the anycast MAC, so the same EUI-64 link-local address, and
                // the L2VNI floods DAD between them: it would fail. An IPv4-only network needs no IPv6 there: no
                // link-local. A dual-stack one does: Linux sends a neighbour solicitation only from a link-local
                // address (without one, ndisc_send_ns sends nothing and the pods routed to stay FAILED), so it keeps
                // the shared link-local and, like its anycast IPv6 gateway, goes without DAD (sysctl below).
                string? gateway6 = l2 is { Subnet6: { } s6, Gateway6: { } g6 } ? $"{g6}/{s6.Length}" : null;
                bridges.Add(new BridgeIface(bridge, [DeviceNames.Vxlan(l2.Vni)], [DeviceNames.Vxlan(l2.Vni)], vrf, s.AnycastGatewayMac.ToString(),
                    $"{l2.Input.Gateway}/{l2.Input.Subnet.Length}",
                    gateway6 is null ? $"tenant {t.Name}: L2 network {l2.Input.Name} {l2.Input.Subnet}" : $"tenant {t.Name}: L2 network {l2.Input.Name} {l2.Input.Subnet} and {l2.Subnet6}",
                    Ipv6LinkLocal: gateway6 is not null, s.OverlayMtu, gateway6) { AnycastGateway = true });
                if (gateway6 is not null) anycast6.Add(bridge);
                members.Add(bridge);
                podBridges.Add(bridge);
                gatewayBridges.Add(bridge);
            }
            vrfs.Add(new VrfIface(vrf, t.VrfTable, members, t.Name, t.L3Vni));
        }
        var ports = c.Ports[n.Name].Select(p => new PortIface(p, s.UnderlayMtu)).ToList();
        var placed = tenantVrfs.Where(v => !v.Transit).Select(v => v.Tenant).ToList();
        var sysctls = SysctlLowering.Lower(SysctlLowering.Count(c, n.Name, placed), podBridges, ipv6, anycast6);
        return new HostNetwork(renderer, $"{n.Loopback}/32", ports, vrfs, vxlans, dummies, bridges, sysctls, Group(vrfs, bridges, vxlans, dummies))
        {
            // rp_filter is IPv4 only; where the host routes IPv6, nftables checks the same bridges' IPv6 sources.
            SourceCheck6 = ipv6 && podBridges.Count > 0 ? new Ipv6SourceCheck(Ipv6SourceCheck.TableName, podBridges, Ipv6SourceCheck.FilePath, Ipv6SourceCheck.UnitName,
                gatewayBridges.Count > 0 ? new Ipv6SourceGateways(gatewayBridges, s.AnycastGatewayMac.ToString()) : null) : null,
        };
    }

    /// <summary>The devices per VRF, in the VRFs' and their members' order: the shape explain and the lab read.</summary>
    private static List<VrfDevices> Group(List<VrfIface> vrfs, List<BridgeIface> bridges, List<VxlanIface> vxlans, List<DummyIface> dummies)
    {
        var byName = bridges.ToDictionary(b => b.Name, StringComparer.Ordinal);
        // Looked up, not scanned per bridge (a host of 250 tenants has ~500 bridges and as many ports); a lookup
        // keeps each group in the devices' order.
        var vxlansOf = vxlans.ToLookup(x => x.Bridge, StringComparer.Ordinal);
        var dummiesOf = dummies.ToLookup(d => d.Bridge, StringComparer.Ordinal);
        return vrfs.Select(v => new VrfDevices(v, v.Members.Select(m => byName[m]).Select(b => new BridgeDevices(b,
            vxlansOf[b.Name].ToList(), dummiesOf[b.Name].ToList())).ToList())).ToList();
    }
}
