namespace EvpnCompile.Core.Lab;

/// <summary>
/// One spoofing attempt: a pod sends echo requests with the address of a pod of another tenant (one
/// its own tenant has no leak with) as source, to a pod of its own tenant on another host. With the
/// rendered strict reverse-path filter on the pod bridge, its host drops them; without it, its VRF
/// would route them and they would arrive. A control ping with the pod's own address first proves the
/// path and the counter work, so "nothing arrived" means the filter, not a broken lab.
/// </summary>
public sealed record SpoofProbe(LabPod Source, string SpoofedAddress, string SpoofedTenant, LabPod Target)
{
    public string Subject => $"{Source.Name}@{Source.Node} as {SpoofedAddress} ({SpoofedTenant}) -> {Target.Name}@{Target.Node}";
}

/// <summary>What the target pod's ICMP counter (Icmp InEchos, /proc/net/snmp) showed around each ping.</summary>
public sealed record SpoofCounts(long? Before, long? AfterControl, long? AfterSpoof);

public static class LabSpoof
{
    public const int Packets = 3;

    /// <summary>One probe per host: from its first routed pod whose tenant has a routed pod on another host.</summary>
    public static IReadOnlyList<SpoofProbe> Plan(LabPlan plan, RoutesFile routes)
    {
        var probes = new List<SpoofProbe>();
        foreach (var host in plan.Nodes.Where(n => n.IsHost))
        {
            foreach (var source in plan.Pods.Where(p => p.Node == host.Name && p.L2Network is null))
            {
                var target = plan.Pods.FirstOrDefault(p => p.Tenant == source.Tenant && p.L2Network is null && p.Node != host.Name);
                var victim = plan.Pods.FirstOrDefault(p => p.Tenant != source.Tenant && !routes.Imports(source.Tenant, p.Tenant) && !routes.Imports(p.Tenant, source.Tenant));
                if (target is null || victim is null) continue;
                probes.Add(new SpoofProbe(source, victim.Address, victim.Tenant, target));
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
            ? F(LabOutcome.Passed, $"{Packets} packets with {probe.SpoofedTenant}'s address dropped at {probe.Source.Node} (strict rp_filter); the control ping arrived")
            : F(LabOutcome.Failed, $"{delivered} of {Packets} packets with {probe.SpoofedTenant}'s address delivered to {probe.Target.Name}@{probe.Target.Node}");
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
