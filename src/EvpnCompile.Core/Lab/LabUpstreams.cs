using System.Globalization;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// The lab's stand-ins for the routers beyond the borders (netns mode). Per (border, uplink, tenant VLAN) a
/// network namespace of its own runs FRR (zebra, bgpd) with one session to the border: it originates
/// <see cref="TestAddress"/> and a default route. So two tenants' upstreams never share a table, as two
/// customers' VRFs upstream would not. The border side is the border's model: each sub-interface goes into
/// its exit VRF (<see cref="BorderVrfLines"/>). This kernel kind has no 802.1Q driver, so a sub-interface is a
/// veth of the same name whose peer is the upstream's end (the lab's builder makes it).
/// </summary>
public static class LabUpstreams
{
    /// <summary>The address every upstream originates and answers on (TEST-NET-3, never routed outside).</summary>
    public const string TestAddress = "203.0.113.1";

    public static IReadOnlyList<LabUpstream> Plan(FabricModel model, string lab)
    {
        var asn = model.Nodes.ToDictionary(n => n.Name, n => n.Asn, StringComparer.Ordinal);
        var result = new List<LabUpstream>();
        foreach (var vtep in model.Routes.Where(v => v.Upstreams.Count > 0))
            foreach (var u in vtep.Upstreams)
            {
                string trunk = $"up-{vtep.Node}-{u.Uplink}";
                string name = $"{trunk}-{u.Tenant}";
                string conf = string.Join("\n",
                [
                    $"! upstream router of the lab: border {vtep.Node} uplink {u.Uplink}, VLAN {u.Vlan} (tenant {u.Tenant})",
                    "frr defaults datacenter",
                    $"hostname {name}",
                    "service integrated-vtysh-config",
                    "!",
                    $"router bgp {u.PeerAsn.ToString(CultureInfo.InvariantCulture)}",
                    $" bgp router-id {u.Peer}",
                    " no bgp ebgp-requires-policy",
                    $" neighbor {u.Border} remote-as {asn[vtep.Node].ToString(CultureInfo.InvariantCulture)}",
                    " !",
                    " address-family ipv4 unicast",
                    $"  network {TestAddress}/32",
                    $"  neighbor {u.Border} default-originate",
                    " exit-address-family",
                    "exit",
                    "!",
                    "",
                ]);
                result.Add(new LabUpstream(name, LabPaths.NodeName(lab, name), vtep.Node, u.Uplink, u.Tenant,
                    u.Vlan, u.Peer, u.Border, u.PeerAsn, asn[vtep.Node], u.Receives, conf));
            }
        return result;
    }

    /// <summary>On the border, per exit VRF: the uplink's sub-interfaces moved into the VRF's namespace (NodeBatch), then
    /// addressed and up there (VrfBatch), as the rendered interfaces file says.</summary>
    public static (List<string> Node, List<string> Vrf) BorderVrfLines(SwitchNetwork sw, string vrf)
    {
        var node = new List<string>();
        var inVrf = new List<string>();
        foreach (var sub in sw.SubInterfaces.Where(s => s.Vrf == vrf))
        {
            node.Add($"link set {sub.Name} netns {vrf}"); // made before the VRFs, with its upstream peer

            inVrf.Add($"addr add {sub.Address} dev {sub.Name}");
            inVrf.Add($"link set {sub.Name} up");
        }
        return (node, inVrf);
    }

    /// <summary>What the upstream proves: its session to the border is up and it received exactly the tenant's own prefixes.</summary>
    /// <param name="state">the session's state toward the border (null: bgpd did not answer).</param>
    /// <param name="received">the prefixes it holds from the border.</param>
    public static IEnumerable<LabFinding> Judge(LabUpstream up, string? state, IReadOnlyList<string>? received)
    {
        string subject = $"{up.Border}:{up.Uplink}.{up.Vlan.ToString(CultureInfo.InvariantCulture)} ({up.Tenant})";
        yield return state == "Established"
            ? new(LabCheck.Upstream, up.Name, $"{subject} session", LabOutcome.Passed, $"Established with {up.BorderAddress} (AS{up.BorderAsn})")
            : new(LabCheck.Upstream, up.Name, $"{subject} session", LabOutcome.Failed, state is null ? "bgpd does not answer" : $"{state} (expected Established)");
        if (received is null) yield break;
        var missing = up.Receives.Except(received, StringComparer.Ordinal).ToList();
        var extra = received.Except(up.Receives, StringComparer.Ordinal).ToList();
        yield return missing.Count == 0 && extra.Count == 0
            ? new(LabCheck.Upstream, up.Name, $"{subject} received", LabOutcome.Passed, $"exactly {up.Tenant}'s own {up.Receives.Count} prefixes")
            : new(LabCheck.Upstream, up.Name, $"{subject} received", LabOutcome.Failed,
                string.Join("; ", new[] { missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : null,
                    extra.Count > 0 ? $"not {up.Tenant}'s own: {string.Join(", ", extra)}" : null }.OfType<string>()));
    }

    /// <summary>
    /// The exit pings: every pod of an external tenant reaches the upstream's test address (and the reply comes back);
    /// a pod of a tenant without external reaches nothing outside; and a pod of one external tenant never reaches another
    /// external tenant's upstream transfer address (their traffic never crosses at the border).
    /// </summary>
    public static IReadOnlyList<(LabPod Pod, string Target, bool Reply, string Why)> Pings(LabPlan plan, IReadOnlyList<LabUpstream> ups)
    {
        var external = ups.Select(u => u.Tenant).ToHashSet(StringComparer.Ordinal);
        var result = new List<(LabPod, string, bool, string)>();
        foreach (var pod in plan.Pods.Where(p => p.L2Network is null))
        {
            if (external.Contains(pod.Tenant))
            {
                result.Add((pod, TestAddress, true, $"{pod.Tenant} leaves through its borders"));
                foreach (var other in ups.Where(u => u.Tenant != pod.Tenant && external.Contains(u.Tenant)).DistinctBy(u => u.Tenant))
                    result.Add((pod, other.Address, false, $"{other.Tenant}'s upstream address: two external tenants never cross at the border"));
            }
            else result.Add((pod, TestAddress, false, $"{pod.Tenant} has no external: it reaches nothing outside"));
        }
        return result;
    }
}

/// <param name="Instance">the namespace and FRR pathspace of this upstream (one tenant VLAN).</param>
/// <param name="Address">the upstream's address of the /31; <paramref name="BorderAddress"/> the border's.</param>
/// <param name="Receives">exactly what routes.json says this upstream receives: the tenant's own prefixes.</param>
public sealed record LabUpstream(
    string Name, string Instance, string Border, string Uplink, string Tenant, int Vlan, string Address, string BorderAddress,
    long Asn, long BorderAsn, IReadOnlyList<string> Receives, string FrrConf);
