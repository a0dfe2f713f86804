namespace EvpnCompile.Core.Lab;

/// <summary>
/// One spoofing attempt: a pod sends echo requests with the address of a pod of another tenant (one
/// its own tenant has no leak with) as source, to a pod of its own tenant on another host. With the
/// rendered strict reverse-path filter on the pod bridge, its host drops them; without it, its VRF
/// would route them and they would arrive. A control ping with the pod's own address first proves the
/// path and the counter work, so "nothing arrived" means the filter, not a broken lab.
/// </summary>
/// <param name="SpoofedOwner">whose address it is, as the report says it ("blue", "red on host2").</param>
/// <param name="Ipv6">IPv6 (dual-stack pods): the host's nftables source check drops it, as rp_filter does for IPv4.</param>
public sealed record SpoofProbe(LabPod Source, string SpoofedAddress, string SpoofedOwner, LabPod Target, bool Ipv6 = false)
{
    public string Subject => $"{Source.Name}@{Source.Node} as {SpoofedAddress} ({SpoofedOwner}) -> {Target.Name}@{Target.Node}";

    public string TargetAddress => Ipv6 ? Target.Address6! : Target.Address;

    /// <summary>What drops it on the source's host.</summary>
    public string Filter => Ipv6 ? "the nftables IPv6 source check" : "strict rp_filter";
}

/// <summary>What the target pod's ICMP counter (Icmp InEchos, /proc/net/snmp) showed around each ping.</summary>
public sealed record SpoofCounts(long? Before, long? AfterControl, long? AfterSpoof);

public static class LabSpoof
{
    public const int Packets = 3;

    /// <summary>
    /// Per host, one IPv4 probe: from its first routed pod whose tenant has a routed pod on another host, with
    /// the address of a pod of a tenant it has no leak with. With dual-stack pods, one IPv6 probe too: with
    /// such a tenant's IPv6 address where one exists, else with the IPv6 gateway of its own tenant's block on
    /// the target's host (an address its VRF routes over the L3VNI, not through the pod's bridge).
    /// </summary>
    public static IReadOnlyList<SpoofProbe> Plan(LabPlan plan, RoutesFile routes)
    {
        var probes = new List<SpoofProbe>();
        bool Stranger(LabPod source, LabPod p) => p.Tenant != source.Tenant && !routes.Imports(source.Tenant, p.Tenant) && !routes.Imports(p.Tenant, source.Tenant);
        foreach (var host in plan.Nodes.Where(n => n.IsHost))
        {
            foreach (var source in plan.Pods.Where(p => p.Node == host.Name && p.L2Network is null))
            {
                var target = plan.Pods.FirstOrDefault(p => p.Tenant == source.Tenant && p.L2Network is null && p.Node != host.Name);
                var victim = plan.Pods.FirstOrDefault(p => Stranger(source, p));
                if (target is null || victim is null) continue;
                probes.Add(new SpoofProbe(source, victim.Address, victim.Tenant, target));
                break;
            }
            foreach (var source in plan.Pods.Where(p => p.Node == host.Name && p.L2Network is null && p.Address6 is not null))
            {
                var target = plan.Pods.FirstOrDefault(p => p.Tenant == source.Tenant && p.L2Network is null && p.Node != host.Name && p.Address6 is not null);
                if (target is null) continue;
                probes.Add(plan.Pods.FirstOrDefault(p => p.Address6 is not null && Stranger(source, p)) is { } victim
                    ? new SpoofProbe(source, victim.Address6!, victim.Tenant, target, Ipv6: true)
                    : new SpoofProbe(source, target.Gateway6!, $"{source.Tenant} on {target.Node}", target, Ipv6: true));
                break;
            }
        }
        return probes;
    }

    public static LabFinding Judge(SpoofProbe probe, SpoofCounts counts)
    {
        LabFinding F(LabOutcome o, string detail) => new(LabCheck.Spoof, probe.Source.Node, probe.Subject, o, detail);
        if (counts.Before is not { } before || counts.AfterControl is not { } control || counts.AfterSpoof is not { } spoof)
            return F(LabOutcome.Failed, "the target's ICMP counters could not be read");
        if (control - before < 1)
            return F(LabOutcome.Failed, "the control ping with the pod's own address did not arrive: the probe cannot tell a filter from a broken path");
        long delivered = spoof - control;
        return delivered == 0
            ? F(LabOutcome.Passed, $"{Packets} packets with {probe.SpoofedOwner}'s address dropped at {probe.Source.Node} ({probe.Filter}); the control ping arrived")
            : F(LabOutcome.Failed, $"{delivered} of {Packets} packets with {probe.SpoofedOwner}'s address delivered to {probe.Target.Name}@{probe.Target.Node}");
    }

    /// <summary>Icmp6InEchos from /proc/net/snmp6 (one `name value` per line).</summary>
    public static long? In6Echos(string? snmp6)
    {
        if (snmp6 is null) return null;
        foreach (var line in snmp6.Split('\n'))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "Icmp6InEchos" && long.TryParse(parts[1], out long n)) return n;
        }
        return null;
    }

    /// <summary>Icmp InEchos from /proc/net/snmp's two Icmp lines (names, then values).</summary>
    public static long? InEchos(string? snmp)
    {
        if (snmp is null) return null;
        var lines = snmp.Split('\n').Where(l => l.StartsWith("Icmp: ", StringComparison.Ordinal)).ToList();
        if (lines.Count < 2) return null;
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int at = Array.IndexOf(names, "InEchos");
        return at > 0 && at < values.Length && long.TryParse(values[at], out long n) ? n : null;
    }
}
