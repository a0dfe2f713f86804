using System.Text.RegularExpressions;

namespace EvpnCompile.Core.Lab;

/// <summary>What a ping between two pods must show.</summary>
public enum PingExpect
{
    /// <summary>Same tenant, other host, other subnet: routed by the ingress and the egress VRF (TTL 64 - 2).</summary>
    Routed,
    /// <summary>Same tenant, same host, other bridge: routed once by the VRF (TTL 63).</summary>
    RoutedLocally,
    /// <summary>Same stretched L2 network on another host: bridged over its L2VNI (TTL 64).</summary>
    Bridged,
    /// <summary>Tenants without consent: no reply.</summary>
    Isolated,
    /// <summary>
    /// A consented leak. With kernel VRF devices: routed once by the host's VRF into its partner's on the
    /// same host (TTL 63), by both hosts across the L3VNI otherwise (TTL 62). In the netns mode: not pinged
    /// (see <see cref="LabPings.LeakNote"/>).
    /// </summary>
    Leak,
}

public sealed record PingProbe(LabPod Source, LabPod Target, PingExpect Expect)
{
    /// <summary>An IPv6 ping between two dual-stack pods (same expectations: the hop limit falls as the TTL does).</summary>
    public bool Ipv6 { get; init; }

    /// <summary>The address pinged: the target's IPv4 address, or its IPv6 one.</summary>
    public string TargetAddress => Ipv6 ? Target.Address6! : Target.Address;

    public string Subject => $"{Source.Name}@{Source.Node} -> {Target.Name}@{Target.Node} {TargetAddress}";
}

/// <summary>What ping printed: the reply's TTL, or why there was none.</summary>
public sealed record PingReply(int? Ttl, string Text);

/// <summary>
/// The ping matrix. Every pair of pods of the same tenant is pinged. Pairs of different tenants are all
/// pinged in a lab of up to <see cref="FullMatrixPods"/> pods; in a larger one isolation is sampled: from
/// each pod, to one pod of every other tenant on its own host and one on another host, so the matrix
/// grows with pods times tenants rather than pods squared.
/// </summary>
public static partial class LabPings
{
    public const string LeakNote =
        "not pinged: forwarding between two VRFs needs kernel VRF devices, and this kernel's lab VRFs are network namespaces; the imported routes are proven by the vrf checks";

    public const int FullMatrixPods = LabMatrixText.MaxPods;

    public static IReadOnlyList<PingProbe> Plan(LabPlan plan, RoutesFile routes, int fullMatrixPods = FullMatrixPods)
    {
        bool full = plan.Pods.Count <= fullMatrixPods;
        var probes = new List<PingProbe>();
        foreach (var source in plan.Pods)
        {
            foreach (var target in plan.Pods.Where(t => t != source && t.Tenant == source.Tenant))
                probes.Add(new(source, target,
                    target.Node == source.Node ? PingExpect.RoutedLocally
                    : target.L2Network is not null && target.L2Network == source.L2Network ? PingExpect.Bridged
                    : PingExpect.Routed));
            var others = plan.Pods.Where(t => t.Tenant != source.Tenant);
            if (!full) others = others.GroupBy(t => (t.Tenant, Local: t.Node == source.Node)).Select(g => g.First());
            foreach (var target in others)
                probes.Add(new(source, target, routes.Imports(source.Tenant, target.Tenant) ? PingExpect.Leak : PingExpect.Isolated));
        }
        // Dual-stack pods: the same matrix in IPv6, after the IPv4 one (an IPv4-only lab's matrix is unchanged).
        probes.AddRange(probes.Where(p => p.Source.Address6 is not null && p.Target.Address6 is not null).Select(p => p with { Ipv6 = true }).ToList());
        return probes;
    }

    [GeneratedRegex(@"ttl=(\d+)")]
    private static partial Regex TtlPattern();

    [GeneratedRegex(@"From \S+ .*(Unreachable|Prohibited)[^\n]*")]
    private static partial Regex RefusalPattern();

    /// <summary>
    /// Reads `ping -c1` output: a TTL when a reply came, otherwise the refusal or "no reply". Null when
    /// the output is not a finished ping (no statistics line): a probe that did not run proves nothing,
    /// least of all isolation.
    /// </summary>
    public static PingReply? Parse(string output)
    {
        if (!output.Contains(" packets transmitted, ", StringComparison.Ordinal)) return null;
        if (TtlPattern().Match(output) is { Success: true } m) return new PingReply(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), $"reply ttl={m.Groups[1].Value}");
        if (RefusalPattern().Match(output) is { Success: true } r) return new PingReply(null, r.Value.Trim());
        return new PingReply(null, "no reply");
    }

    /// <param name="leaksForward">the lab's VRFs are kernel VRF devices, so consented leaks are pinged.</param>
    public static LabFinding Judge(PingProbe probe, PingReply? reply, bool leaksForward = false)
    {
        LabFinding F(LabOutcome o, string detail) => new(probe.Ipv6 ? LabCheck.Ping6 : LabCheck.Ping, probe.Source.Node, probe.Subject, o, detail);
        if (probe.Expect == PingExpect.Leak && !leaksForward) return F(LabOutcome.NotTested, LeakNote);
        if (reply is null) return F(LabOutcome.Failed, "ping did not run");
        if (probe.Expect == PingExpect.Isolated)
            return reply.Ttl is null
                ? F(LabOutcome.Passed, $"isolated ({reply.Text}): {probe.Source.Tenant} does not import {probe.Target.Tenant}")
                : F(LabOutcome.Failed, $"{reply.Text}: tenants {probe.Source.Tenant} and {probe.Target.Tenant} have no consent, yet the pods reach each other");
        var (ttl, how) = probe.Expect switch
        {
            PingExpect.Routed => (62, "routed by both VRFs over the L3VNI"),
            PingExpect.RoutedLocally => (63, "routed once by the host's VRF"),
            PingExpect.Leak when probe.Source.Node == probe.Target.Node =>
                (63, $"a consented leak, routed once on the host from vrf {probe.Source.Vrf} into vrf {probe.Target.Vrf}"),
            PingExpect.Leak => (62, $"a consented leak from {probe.Source.Tenant} to {probe.Target.Tenant}, routed by both hosts over an L3VNI"),
            _ => (64, "bridged over the L2VNI"),
        };
        if (reply.Ttl == ttl) return F(LabOutcome.Passed, $"ttl={ttl}: {how}");
        return F(LabOutcome.Failed, reply.Ttl is null ? $"{reply.Text} (expected a reply with ttl={ttl}: {how})" : $"ttl={reply.Ttl} (expected ttl={ttl}: {how})");
    }
}
