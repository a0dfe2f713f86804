using EvpnCompile.Core.Model;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lab;

/// <summary>FRR's answers, raw, as the lab collected them (null: the daemon did not answer).</summary>
/// <param name="VrfRoutes">`show ip route vrf VRF json`, keyed "HOST/VRF".</param>
/// <param name="Links">`ip -json link show` in the VRF's namespace, keyed "HOST/VRF".</param>
/// <param name="ConfigIdentical">per node: whether /etc/frr/PATHSPACE/frr.conf is byte-identical to the
/// rendered file (empty while waiting for convergence).</param>
/// <param name="ReloadDelta">per node: `frr-reload.py --test` of that file against the running daemons
/// (null: it failed); empty while waiting for convergence, or when frr-reload.py is not installed.</param>
/// <param name="Underlay">per node: `show bgp ipv4 unicast json` (null entries: no answer; a node
/// missing from the map was not asked, and its edge check is skipped).</param>
public sealed record LabObservation(
    IReadOnlyDictionary<string, string?> BgpSummary, IReadOnlyDictionary<string, string?> EvpnVnis,
    IReadOnlyDictionary<string, string?> EvpnRoutes, IReadOnlyDictionary<string, string?> VrfRoutes,
    IReadOnlyDictionary<string, string?> Links, IReadOnlyDictionary<string, bool> ConfigIdentical,
    IReadOnlyDictionary<string, string?> ReloadDelta, IReadOnlyDictionary<string, string?>? Underlay = null)
{
    /// <summary>Per node with VRFs: `show evpn next-hops vni all json` (a node missing from the map was not asked, and the
    /// encap check does not look for its router MACs).</summary>
    public IReadOnlyDictionary<string, string?> EvpnNextHops { get; init; } = new Dictionary<string, string?>();

    /// <summary>The key of a VRF's `show ipv6 route vrf VRF json` in <see cref="VrfRoutes"/> (dual-stack labs ask for it too).</summary>
    public static string Ipv6Key(string node, string vrf) => $"{node}/{vrf}/ipv6";
}

/// <summary>
/// Compares what FRR reports with what the compiler promised: the plan (sessions, VNIs, pods) and
/// routes.json (the type-3 and type-5 routes, and which VRFs import them). Pure: text in, findings out.
/// </summary>
public static class LabJudge
{
    /// <summary>The address families every fabric session carries.</summary>
    public static readonly (string Key, string Name)[] Families = [("ipv4Unicast", "ipv4 unicast"), ("l2VpnEvpn", "l2vpn evpn")];

    public static IReadOnlyList<LabFinding> ControlPlane(LabPlan plan, RoutesFile routes, LabObservation seen)
    {
        var findings = new List<LabFinding>();
        foreach (var node in plan.Nodes)
        {
            if (seen.ConfigIdentical.TryGetValue(node.Name, out bool same))
                findings.Add(new(LabCheck.Config, node.Name, "frr.conf", same ? LabOutcome.Passed : LabOutcome.Failed,
                    same ? "byte-identical to the rendered file" : $"{LabPaths.FrrConf(node.Instance)} differs from the rendered file"));
            if (seen.ReloadDelta.TryGetValue(node.Name, out string? delta)) findings.Add(Running(node, delta));
            findings.AddRange(Sessions(node, FrrJson.BgpPeers(seen.BgpSummary.GetValueOrDefault(node.Name))));
            findings.AddRange(Evpn(node, routes, FrrJson.EvpnRoutes(seen.EvpnRoutes.GetValueOrDefault(node.Name))));
            if (seen.Underlay is not null && seen.Underlay.TryGetValue(node.Name, out var underlay))
                findings.AddRange(LabEdge.Check(plan, routes, node, FrrJson.UnderlayPaths(underlay), FrrJson.EvpnPaths(seen.EvpnRoutes.GetValueOrDefault(node.Name))));
            if (!node.HasVrfs) continue;
            findings.AddRange(Vnis(node, routes, FrrJson.EvpnVnis(seen.EvpnVnis.GetValueOrDefault(node.Name))));
            var nextHops = seen.EvpnNextHops.TryGetValue(node.Name, out var hops) ? FrrJson.EvpnNextHops(hops) : null;
            foreach (var vrf in node.Vrfs)
            {
                findings.AddRange(Devices(node, vrf, KernelJson.Links(seen.Links.GetValueOrDefault($"{node.Name}/{vrf.Name}"))));
                var vrfRoutes = FrrJson.VrfRoutes(seen.VrfRoutes.GetValueOrDefault($"{node.Name}/{vrf.Name}"));
                // A border's exit VRF holds what its upstreams offer, which routes.json cannot list: its VNI and devices are
                // checked, and (where the lab asked for its router MACs) that its routes back to the hosts can be sent.
                if (!node.IsHost)
                {
                    if (nextHops is not null) findings.AddRange(LabEncap.Check(plan, node, vrf, vrfRoutes, seen.EvpnVnis, nextHops));
                    continue;
                }
                findings.AddRange(Vrf(plan, node, vrf.Name, routes, vrfRoutes));
                // Dual-stack labs also ask for each VRF's IPv6 table (LabObservation.Ipv6Key).
                if (seen.VrfRoutes.TryGetValue(LabObservation.Ipv6Key(node.Name, vrf.Name), out var v6))
                    findings.AddRange(Vrf(plan, node, vrf.Name, routes, FrrJson.VrfRoutes(v6), ipv6: true));
                findings.AddRange(LabEncap.Check(plan, node, vrf, vrfRoutes, seen.EvpnVnis, nextHops));
            }
        }
        return findings;
    }

    /// <summary>
    /// FRR runs every line of the rendered file: frr-reload's "Lines To Add" (what the file has and the
    /// daemons do not) is empty. Only `frr version` is left out: the file says 8.4, FRR says 8.4.4.
    /// What the daemons have beyond the file (defaults, the lab's `netns` lines) is not counted.
    /// </summary>
    private static LabFinding Running(LabNode node, string? delta)
    {
        if (delta is null) return new(LabCheck.Running, node.Name, "frr.conf", LabOutcome.Failed, "frr-reload.py --test failed");
        if (FrrReloadText.LinesToAdd(delta) is not { } toAdd)
            return new(LabCheck.Running, node.Name, "frr.conf", LabOutcome.Failed, "frr-reload.py --test printed no \"Lines To Add\" section");
        var missing = toAdd.Where(l => !l.StartsWith("frr version ", StringComparison.Ordinal)).ToList();
        return missing.Count == 0
            ? new(LabCheck.Running, node.Name, "frr.conf", LabOutcome.Passed, "the daemons run every line of the rendered file (frr-reload.py --test)")
            : new(LabCheck.Running, node.Name, "frr.conf", LabOutcome.Failed, $"the daemons lack: {string.Join(" / ", missing.Select(l => l.Trim()))}");
    }

    private static IEnumerable<LabFinding> Sessions(LabNode node, IReadOnlyDictionary<(string Afi, string Peer), string>? peers)
    {
        foreach (var peer in node.Peers)
            foreach (var (key, name) in Families)
            {
                string? state = peers is null ? null : peers.TryGetValue((key, peer), out var s) ? s : "not configured";
                bool up = state == "Established";
                yield return new(LabCheck.Session, node.Name, $"{peer} {name}", up ? LabOutcome.Passed : LabOutcome.Failed,
                    state is null ? "bgpd does not answer" : up ? state : $"{state} (expected Established)");
            }
    }

    private static IEnumerable<LabFinding> Vnis(LabNode host, RoutesFile routes, IReadOnlyList<FrrJson.Vni>? seen)
    {
        if (seen is null)
        {
            yield return new(LabCheck.Vni, host.Name, "all", LabOutcome.Failed, "zebra does not answer");
            yield break;
        }
        var vtep = routes.Vteps.FirstOrDefault(v => v.Node == host.Name);
        foreach (var vrf in host.Vrfs)
            foreach (var vni in vrf.Vnis)
            {
                string subject = $"{vni.Kind}VNI {vni.Vni} (vrf {vrf.Name})";
                var v = seen.FirstOrDefault(x => x.Number == vni.Vni);
                var problems = new List<string>();
                if (v is null) problems.Add("zebra does not know it");
                else
                {
                    if (v.Kind != vni.Kind) problems.Add($"type {v.Type}");
                    if (v.Vrf != vrf.Name) problems.Add($"in vrf {v.Vrf ?? "none"}");
                    if (vni.Kind == VniKind.L3 && v.State != "Up") problems.Add($"state {v.State ?? "unknown"} (expected Up)");
                    if (vni.Kind == VniKind.L3 && vtep is not null && v.RouterMac != vtep.RouterMac) problems.Add($"router MAC {v.RouterMac} (expected {vtep.RouterMac})");
                    if (vni.Kind == VniKind.L2)
                    {
                        var expected = routes.All.Where(x => x.Route.Type == RouteType.InclusiveMulticast && x.Route.Vni == vni.Vni && x.Vtep.Node != host.Name)
                            .Select(x => x.Vtep.Vtep).Order(StringComparer.Ordinal).ToList();
                        if (!expected.SequenceEqual(v.RemoteVteps))
                            problems.Add($"remote VTEPs [{string.Join(", ", v.RemoteVteps)}] (expected [{string.Join(", ", expected)}])");
                    }
                }
                yield return problems.Count == 0
                    ? new(LabCheck.Vni, host.Name, subject, LabOutcome.Passed, vni.Kind == VniKind.L3 ? $"Up, router MAC {v!.RouterMac}" : $"remote VTEPs [{string.Join(", ", v!.RemoteVteps)}]")
                    : new(LabCheck.Vni, host.Name, subject, LabOutcome.Failed, string.Join("; ", problems));
            }
        var planned = host.Vrfs.SelectMany(v => v.Vnis).Select(v => v.Vni).ToHashSet();
        foreach (var extra in seen.Where(x => !planned.Contains(x.Number)))
            yield return new(LabCheck.Vni, host.Name, $"{extra.Type}VNI {extra.Number}", LabOutcome.Failed, "zebra has a VNI the plan does not");
    }

    /// <summary>The VRF's bridges, VXLANs and keep-up ports exist, are up with carrier, sit in their bridge and have their MTU.</summary>
    private static IEnumerable<LabFinding> Devices(LabNode host, LabVrf vrf, IReadOnlyList<KernelJson.Link>? seen)
    {
        string subject = $"vrf {vrf.Name}";
        if (seen is null)
        {
            yield return new(LabCheck.Link, host.Name, subject, LabOutcome.Failed, "the namespace does not answer");
            yield break;
        }
        int problems = 0;
        foreach (var device in vrf.Devices)
        {
            var link = seen.FirstOrDefault(l => l.Name == device.Name);
            var wrong = new List<string>();
            if (link is null) wrong.Add("missing");
            else
            {
                if (!link.IsUp) wrong.Add($"down (flags {string.Join(",", link.Flags)})");
                if (link.Master != device.Master) wrong.Add(device.Master is null ? $"a port of {link.Master}" : $"not a port of {device.Master}");
                if (device.Mtu is { } mtu && link.Mtu != mtu) wrong.Add($"MTU {link.Mtu} (expected {mtu})");
            }
            if (wrong.Count == 0) continue;
            problems++;
            yield return new(LabCheck.Link, host.Name, $"{subject} {device.Name}", LabOutcome.Failed, string.Join("; ", wrong));
        }
        if (problems == 0)
            yield return new(LabCheck.Link, host.Name, subject, LabOutcome.Passed, $"{vrf.Devices.Count} devices up, in their bridges, with their MTU");
    }

    /// <summary>Every node holds the whole fabric's type-3 and type-5 routes, exactly those of routes.json.</summary>
    private static IEnumerable<LabFinding> Evpn(LabNode node, RoutesFile routes, IReadOnlyList<FrrJson.EvpnRoute>? seen)
    {
        if (seen is null)
        {
            yield return new(LabCheck.Evpn, node.Name, "routes", LabOutcome.Failed, "bgpd does not answer");
            yield break;
        }
        var expected = routes.All.Select(x => (Type: (int)x.Route.Type, Rd: x.Route.Rd ?? "*", Key: x.Route.Type == RouteType.IpPrefix ? x.Route.Prefix! : x.Vtep.Vtep,
            Rt: x.Route.RouteTarget, x.Vtep.Node)).ToList();
        bool Same(FrrJson.EvpnRoute s, (int Type, string Rd, string Key, string Rt, string Node) e) =>
            s.Type == e.Type && s.Key == e.Key && (e.Rd == "*" || s.Rd == e.Rd) && s.RouteTargets.SequenceEqual([e.Rt]);
        int problems = 0;
        foreach (var e in expected.Where(e => !seen.Any(s => Same(s, e))))
        {
            problems++;
            yield return new(LabCheck.Evpn, node.Name, $"type-{e.Type} {e.Key}", LabOutcome.Failed,
                $"missing: originated by {e.Node}{(e.Rd == "*" ? "" : $" with RD {e.Rd}")} and RT {e.Rt} in routes.json");
        }
        foreach (var s in seen.Where(s => !expected.Any(e => Same(s, e))))
        {
            problems++;
            yield return new(LabCheck.Evpn, node.Name, $"type-{s.Type} {s.Key}", LabOutcome.Failed,
                $"unexpected: RD {s.Rd}, RT {string.Join(" ", s.RouteTargets)}, next hop {s.NextHop}; routes.json has no such route");
        }
        if (problems == 0)
            yield return new(LabCheck.Evpn, node.Name, "routes", LabOutcome.Passed,
                $"{expected.Count(e => e.Type == (int)RouteType.InclusiveMulticast)} type-3 and {expected.Count(e => e.Type == (int)RouteType.IpPrefix)} type-5 routes, exactly routes.json");
    }

    /// <summary>
    /// A VRF holds its own subnets, every prefix routes.json says it imports (over EVPN from other hosts,
    /// by `import vrf` from partners on this host), the /32 of each remote pod of an L2 network it imports,
    /// and nothing that lies outside the prefixes it may import: that would be a leak.
    /// </summary>
    /// <param name="ipv6">judge the VRF's IPv6 table (`show ipv6 route vrf`) against routes.json's IPv6 type-5 routes and the
    /// /128 of remote dual-stack L2 pods; the links' own fe80::/64 are not fabric routes.</param>
    private static IEnumerable<LabFinding> Vrf(LabPlan plan, LabNode host, string vrf, RoutesFile routes, IReadOnlyList<FrrJson.Route>? seen, bool ipv6 = false)
    {
        string subject = ipv6 ? $"vrf {vrf} ipv6" : $"vrf {vrf}";
        seen = ipv6 ? seen?.Where(r => !r.Prefix.StartsWith("fe80:", StringComparison.Ordinal)).ToList() : seen;
        if (seen is null)
        {
            yield return new(LabCheck.Vrf, host.Name, subject, LabOutcome.Failed, "zebra does not answer");
            yield break;
        }
        var importable = routes.All.Where(x => x.Route.Type == RouteType.IpPrefix && x.Route.ImportedBy.Any(i => i.Vrf == vrf)
            && IsIpv6(x.Route.Prefix!) == ipv6).ToList();
        var required = importable.Select(x => (Prefix: x.Route.Prefix!, Why: x.Vtep.Node == host.Name
                ? x.Route.Tenant == vrf ? "connected" : $"import vrf {x.Route.Tenant}"
                : $"type-5 from {x.Vtep.Node}"))
            .Concat(plan.Pods.Where(p => p.L2Network is not null && p.Node != host.Name && routes.Imports(vrf, p.Tenant) && (!ipv6 || p.Address6 is not null))
                .Select(p => (Prefix: ipv6 ? $"{p.Address6}/128" : $"{p.Address}/32", Why: $"type-2 of pod {p.Name} on {p.Node}")))
            .GroupBy(r => r.Prefix, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var present = seen.ToDictionary(r => r.Prefix, StringComparer.Ordinal);
        int problems = 0;
        var leakedHere = new List<string>();
        foreach (var (prefix, why) in required)
        {
            if (present.TryGetValue(prefix, out var r) && r.Installed && !(plan.VrfMode == LabVrfMode.Netns && IsLocalLeak(why))) continue;
            // A route leaked from a partner's VRF on this host points at that VRF's device: a netns VRF
            // cannot install it (and an "installed" flag there only means another device had that index).
            if (r is not null && plan.VrfMode == LabVrfMode.Netns && IsLocalLeak(why))
            {
                leakedHere.Add(prefix);
                continue;
            }
            problems++;
            yield return new(LabCheck.Vrf, host.Name, $"{subject} {prefix}", LabOutcome.Failed,
                r is null ? $"missing ({why})" : $"present ({r.Protocol}) but not installed in the kernel ({why})");
        }
        foreach (var r in seen)
        {
            if (importable.Any(a => Covers(a.Route.Prefix!, r.Prefix))) continue;
            // A route that arrives under a route target the VRF imports (a partner's way out, its default route) but
            // that zebra keeps out of the kernel: the FIB filter doing its work, not a leak.
            if (!r.Installed && routes.All.Any(x => x.Route.Type == RouteType.IpPrefix && x.Route.Prefix == r.Prefix && routes.Imports(vrf, x.Route.Tenant)))
                continue;
            problems++;
            var owner = routes.All.FirstOrDefault(x => x.Route.Type == RouteType.IpPrefix && Covers(x.Route.Prefix!, r.Prefix));
            yield return new(LabCheck.Vrf, host.Name, $"{subject} {r.Prefix}", LabOutcome.Failed,
                $"unexpected ({r.Protocol}): {(owner.Route is null ? "no tenant's prefix" : $"tenant {owner.Route.Tenant}'s prefix")}, which {vrf} does not import");
        }
        if (leakedHere.Count > 0)
            yield return new(LabCheck.Vrf, host.Name, $"{subject} kernel install of {string.Join(", ", leakedHere)}", LabOutcome.NotTested,
                "in zebra's table from a partner VRF on this host (import vrf); netns VRFs cannot install a route through another namespace's device (kernel mode does)");
        if (problems == 0)
            yield return new(LabCheck.Vrf, host.Name, subject, LabOutcome.Passed,
                $"{required.Count - leakedHere.Count} required prefixes installed{(leakedHere.Count > 0 ? $", {leakedHere.Count} leaked here present in zebra" : "")}, none it does not import");
    }

    private static bool IsIpv6(string prefix) => prefix.Contains(':', StringComparison.Ordinal);

    /// <summary>Whether <paramref name="range"/> holds all of <paramref name="prefix"/> (both of one family).</summary>
    private static bool Covers(string range, string prefix) => IsIpv6(range) != IsIpv6(prefix) ? false
        : IsIpv6(range) ? Ipv6Prefix.Parse(range).Covers(Ipv6Prefix.Parse(prefix))
        : Ipv4Prefix.Parse(range).Covers(Ipv4Prefix.Parse(prefix));

    private static bool IsLocalLeak(string why) => why.StartsWith("import vrf ", StringComparison.Ordinal);
}
