using System.Text;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// The ping matrix as a grid, for labs small enough to read one: each row pings each column. A cell
/// is the reply's TTL (62/63 routed, within a tenant or by a consented leak, 64 bridged), "--" refused
/// as it must be (isolated), "~~" a consented leak not pinged (netns mode), "!!" a failed check, "."
/// not probed (the pod itself, or an isolation pair beyond the sample).
/// </summary>
public static class LabMatrixText
{
    public const int MaxPods = 24;

    /// <summary>The IPv4 matrix, then, when dual-stack pods pinged in IPv6 too, the IPv6 one (same rows and columns).</summary>
    public static string? Write(LabPlan plan, IReadOnlyList<(PingProbe Probe, LabFinding Finding)> pings)
    {
        // Whether leaks were pinged is the lab's mode, the same legend for both families.
        bool leaksPinged = pings.Any(p => p.Probe.Expect == PingExpect.Leak && p.Finding.Outcome != LabOutcome.NotTested);
        var v4 = Write(plan, pings.Where(p => !p.Probe.Ipv6).ToList(), "", leaksPinged);
        var v6 = pings.Any(p => p.Probe.Ipv6) ? Write(plan, pings.Where(p => p.Probe.Ipv6).ToList(), "ipv6 ", leaksPinged) : null;
        return v6 is null ? v4 : $"{v4}\n{v6}";
    }

    private static string? Write(LabPlan plan, IReadOnlyList<(PingProbe Probe, LabFinding Finding)> pings, string family, bool leaksPinged)
    {
        var pods = plan.Pods;
        if (pods.Count == 0 || pods.Count > MaxPods) return null;
        var cells = pings.ToDictionary(p => (p.Probe.Source, p.Probe.Target), p => Cell(p.Probe, p.Finding));
        var names = pods.Select(p => $"{p.Name}@{p.Node}").ToList();
        int width = names.Max(n => n.Length);
        var sb = new StringBuilder();
        sb.Append(family).Append(leaksPinged
            ? "ping matrix (row pings column): 62/63 routed (by the tenant or a consented leak), 64 bridged, -- isolated, !! failed, . not probed\n"
            : "ping matrix (row pings column): 62/63 routed, 64 bridged, -- isolated, ~~ consented leak (not pinged), !! failed, . not probed\n");
        sb.Append(new string(' ', width + 4));
        for (int c = 0; c < pods.Count; c++) sb.Append($"{c + 1,3}");
        sb.Append('\n');
        for (int r = 0; r < pods.Count; r++)
        {
            sb.Append($"{r + 1,2} {names[r].PadRight(width)} ");
            for (int c = 0; c < pods.Count; c++)
                sb.Append($"{(cells.TryGetValue((pods[r], pods[c]), out var cell) ? cell : "."),3}");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Cell(PingProbe probe, LabFinding finding) => finding.Outcome switch
    {
        LabOutcome.Failed => "!!",
        LabOutcome.NotTested => "~~",
        _ => probe.Expect switch
        {
            PingExpect.Isolated => "--",
            PingExpect.Routed => "62",
            PingExpect.RoutedLocally => "63",
            PingExpect.Leak => probe.Source.Node == probe.Target.Node ? "63" : "62",
            _ => "64",
        },
    };
}
