using EvpnCompile.Core.Model;
namespace EvpnCompile.Core.Lab;

/// <summary>
/// The `encap` check: every route a VRF installs towards a remote VTEP is sent in the VNI of the
/// bridge it points at (symmetric IRB: the VRF's own L3VNI), and that VTEP carries that VNI as an
/// L3VNI, so the packet lands in a VRF there. A VTEP without it drops the traffic: the black hole of
/// a consented leak whose importing VRF is missing at the far end.
/// And, where the lab read zebra's EVPN next hops, that zebra holds the far VTEP's router MAC in that L3VNI: the
/// kernel sends the route's packets to that MAC (a `NOARP` neighbour entry zebra installs); without it nothing
/// leaves, while the route itself looks installed (measured with FRR 8.4.4: docs/topology.md, "The two-racks
/// live test").
/// </summary>
public static class LabEncap
{
    public static IEnumerable<LabFinding> Check(LabPlan plan, LabNode host, LabVrf vrf, IReadOnlyList<FrrJson.Route>? routes,
        IReadOnlyDictionary<string, string?> vnisByNode, IReadOnlyDictionary<long, IReadOnlyDictionary<string, string?>>? nextHops = null)
    {
        string subject = $"vrf {vrf.Name}";
        if (routes is null) yield break; // the vrf check already says zebra does not answer
        var nodeOf = plan.Nodes.ToDictionary(n => n.Loopback, StringComparer.Ordinal);
        int sent = 0, problems = 0;
        // Only what zebra installs forwards: a route its FIB filter keeps out (a partner's way out) sends nothing.
        foreach (var route in routes.Where(r => r.Installed))
            foreach (var hop in route.NextHops.Where(h => h.Ip is not null && h.Interface is not null && nodeOf.ContainsKey(h.Ip!)))
            {
                sent++;
                var vni = VniOfBridge(host, hop.Vrf ?? vrf.Name, hop.Interface!);
                var remote = nodeOf[hop.Ip!];
                var carried = FrrJson.EvpnVnis(vnisByNode.GetValueOrDefault(remote.Name));
                string? wrong = vni is null ? $"sent through {hop.Interface}, which carries no VNI of VRF {hop.Vrf ?? vrf.Name} in the plan"
                    : carried is null ? $"{remote.Name}'s zebra does not answer"
                    : !carried.Any(v => v.Number == vni && v.Kind == VniKind.L3)
                        ? $"sent to {remote.Name} ({hop.Ip}) in VNI {vni}, which {remote.Name} does not carry as an L3VNI: dropped there"
                    : nextHops is null || (nextHops.TryGetValue(vni.Value, out var known) && known.ContainsKey(hop.Ip!)) ? null
                    : $"via {remote.Name} ({hop.Ip}) in L3VNI {vni}: zebra holds no router MAC for {hop.Ip} in that VNI "
                        + "(`show evpn next-hops`), so the kernel has no neighbour entry for it and drops what the route sends";
                if (wrong is null) continue;
                problems++;
                yield return new(LabCheck.Encap, host.Name, $"{subject} {route.Prefix}", LabOutcome.Failed, wrong);
            }
        if (problems == 0 && sent > 0)
            yield return new(LabCheck.Encap, host.Name, subject, LabOutcome.Passed, nextHops is null ? $"{sent} remote next hops, each in a VNI its VTEP carries"
                : $"{sent} remote next hops, each in a VNI its VTEP carries, with its router MAC");
    }

    /// <summary>The VNI of the VXLAN device that is a port of <paramref name="bridge"/> in the node's VRF.</summary>
    private static long? VniOfBridge(LabNode host, string vrf, string bridge)
    {
        var v = host.Vrfs.FirstOrDefault(x => x.Name == vrf);
        if (v is null) return null;
        var ports = v.Devices.Where(d => d.Master == bridge).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        return v.Vnis.FirstOrDefault(x => ports.Contains(x.Device))?.Vni;
    }
}
