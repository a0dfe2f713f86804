using System.Globalization;
using System.Text;
using System.Text.Json;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// One leaked flow as the wire carries it: VXLAN packets whose inner IPv4 header goes from
/// <paramref name="From"/> to <paramref name="To"/>, counted where they arrive, on the fabric ports of
/// <paramref name="AtNode"/>, before its VTEP decapsulates (or drops) them.
/// </summary>
/// <param name="Id">the flow's number in the nft rule comments.</param>
/// <param name="IsReply">the echo reply (target to source) rather than the request.</param>
public sealed record WireFlow(int Id, PingProbe Probe, bool IsReply, string From, string To, string AtNode);

/// <summary>
/// The `encap` rule on the wire (kernel mode): every consented leak pinged across hosts is counted by
/// nftables at the receiving host, per VNI, in both directions, and must arrive in the VNI of a VRF that
/// exists there (as the far host's kernel shows it, not as the plan says). A flow sent in a VNI the far
/// host does not carry is dropped by its VTEP, which is the black hole a leak without a transit VRF
/// falls into. Pure: rules out, counters and links in, findings out.
/// </summary>
public static class LabWire
{
    public const string Table = "evpnc-wire";

    /// <summary>The request and the reply of every consented leak between pods on different hosts.</summary>
    public static IReadOnlyList<WireFlow> Flows(IReadOnlyList<PingProbe> probes)
    {
        var flows = new List<WireFlow>();
        foreach (var p in probes.Where(p => p.Expect == PingExpect.Leak && !p.Ipv6 && p.Source.Node != p.Target.Node))
        {
            flows.Add(new WireFlow(flows.Count, p, false, p.Source.Address, p.Target.Address, p.Target.Node));
            flows.Add(new WireFlow(flows.Count, p, true, p.Target.Address, p.Source.Address, p.Source.Node));
        }
        return flows;
    }

    /// <summary>Every VNI of the fabric (a flow is counted once in any VNI, and once per VNI it could be in).</summary>
    public static IReadOnlyList<LabVni> Vnis(LabPlan plan) =>
        plan.Nodes.SelectMany(n => n.Vrfs).SelectMany(v => v.Vnis).GroupBy(v => v.Vni).Select(g => g.First()).OrderBy(v => v.Vni).ToList();

    // Offsets from the outer UDP header (nft's @th), in bits: UDP 8 bytes, then the VXLAN header
    // (flags 1, reserved 3, VNI 3, reserved 1), the inner Ethernet header (14, untagged) and IPv4 (no options).
    private const int VniBits = (8 + 4) * 8;
    private const int InnerSourceBits = (8 + 8 + 14 + 12) * 8;
    private const int InnerDestinationBits = InnerSourceBits + 32;

    /// <summary>
    /// The `nft -f` script for <paramref name="node"/>: a table counting, at prerouting (before the VTEP's
    /// socket takes the packet), each flow arriving there, in any VNI and per VNI. Counters only: it accepts everything.
    /// </summary>
    public static string Rules(LabPlan plan, IReadOnlyList<WireFlow> flows, string node)
    {
        var vnis = Vnis(plan);
        var ports = vnis.Select(v => v.Port).Distinct().Order().ToList();
        string port = ports.Count == 1 ? $"{ports[0]}" : $"{{ {string.Join(", ", ports)} }}";
        var sb = new StringBuilder();
        sb.Append($"table inet {Table} {{\n  chain fabric {{\n    type filter hook prerouting priority -300; policy accept;\n");
        foreach (var f in flows.Where(f => f.AtNode == node))
        {
            string inner = $"@th,{InnerSourceBits},32 {Hex(f.From)} @th,{InnerDestinationBits},32 {Hex(f.To)}";
            sb.Append($"    udp dport {port} {inner} counter comment \"f{f.Id}\"\n");
            foreach (var v in vnis)
                sb.Append($"    udp dport {v.Port} @th,{VniBits},24 {v.Vni} {inner} counter comment \"f{f.Id} v{v.Vni}\"\n");
        }
        sb.Append("  }\n}\n");
        return sb.ToString();
    }

    private static string Hex(string address) => "0x" + Ipv4.Parse(address).Value.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>What the counters of one node say (from `nft -j list table inet evpnc-wire`).</summary>
    /// <param name="Any">packets of each flow, in any VNI.</param>
    /// <param name="PerVni">packets of each flow per VNI (only VNIs with packets).</param>
    public sealed record Counts(IReadOnlyDictionary<int, long> Any, IReadOnlyDictionary<(int Flow, long Vni), long> PerVni);

    public static Counts? Parse(string? json) => FrrJson.Parse(json, root =>
    {
        var any = new Dictionary<int, long>();
        var perVni = new Dictionary<(int, long), long>();
        foreach (var item in root.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("rule", out var rule) || !rule.TryGetProperty("comment", out var c) || c.GetString() is not { } comment) continue;
            long packets = rule.GetProperty("expr").EnumerateArray()
                .Where(e => e.TryGetProperty("counter", out _)).Select(e => e.GetProperty("counter").GetProperty("packets").GetInt64()).FirstOrDefault();
            var parts = comment.Split(' ');
            if (parts[0].Length < 2 || !int.TryParse(parts[0][1..], NumberStyles.None, CultureInfo.InvariantCulture, out int flow)) continue;
            if (parts.Length == 1) any[flow] = packets;
            else if (packets > 0 && long.TryParse(parts[1][1..], NumberStyles.None, CultureInfo.InvariantCulture, out long vni)) perVni[(flow, vni)] = packets;
        }
        return new Counts(any, perVni);
    });

    /// <summary>
    /// The VNIs a host's kernel decapsulates, each with the VRF it lands in (its VXLAN device's bridge's
    /// master; null: none), from `ip -d -json link show`. What the host has, not what the plan says it should.
    /// </summary>
    public static IReadOnlyDictionary<long, string?>? Carried(string? json) => FrrJson.Parse(json, root =>
    {
        var links = root.EnumerateArray().ToList();
        string? Master(string? name) => name is null ? null
            : links.Where(l => l.GetProperty("ifname").GetString() == name)
                .Select(l => l.TryGetProperty("master", out var m) ? m.GetString() : null).FirstOrDefault();
        var carried = new Dictionary<long, string?>();
        foreach (var link in links)
        {
            if (!link.TryGetProperty("linkinfo", out var info) || !info.TryGetProperty("info_kind", out var kind) || kind.GetString() != "vxlan"
                || !info.TryGetProperty("info_data", out var data) || !data.TryGetProperty("id", out var id)) continue;
            carried[id.GetInt64()] = Master(link.TryGetProperty("master", out var bridge) ? bridge.GetString() : null);
        }
        return (IReadOnlyDictionary<long, string?>)carried;
    });

    /// <summary>
    /// One `encap` finding per leak probe across hosts: the request arrived at the target's host, and the
    /// reply at the source's, each only in VNIs that host's kernel carries.
    /// </summary>
    /// <param name="counts">per node, the parsed counters (null: the node did not answer).</param>
    /// <param name="carried">per node, <see cref="Carried"/> (null: the node did not answer).</param>
    public static IReadOnlyList<LabFinding> Judge(IReadOnlyList<WireFlow> flows, IReadOnlyDictionary<string, Counts?> counts,
        IReadOnlyDictionary<string, IReadOnlyDictionary<long, string?>?> carried)
    {
        var findings = new List<LabFinding>();
        foreach (var probe in flows.GroupBy(f => f.Probe))
        {
            var request = probe.First(f => !f.IsReply);
            var reply = probe.First(f => f.IsReply);
            var problems = new List<string>();
            string? requestSeen = Arrival(request, counts, carried, problems);
            string? replySeen = requestSeen is null ? null : Arrival(reply, counts, carried, problems);
            findings.Add(problems.Count == 0
                ? new LabFinding(LabCheck.Wire, probe.Key.Source.Node, probe.Key.Subject, LabOutcome.Passed, $"request {requestSeen}; reply {replySeen}")
                : new LabFinding(LabCheck.Wire, probe.Key.Source.Node, probe.Key.Subject, LabOutcome.Failed, string.Join("; ", problems)));
        }
        return findings;
    }

    /// <summary>Where the flow arrived ("in VNI 50000 at host3 (vrf blue there)"), or null with the problem added.</summary>
    private static string? Arrival(WireFlow flow, IReadOnlyDictionary<string, Counts?> counts,
        IReadOnlyDictionary<string, IReadOnlyDictionary<long, string?>?> carried, List<string> problems)
    {
        string what = flow.IsReply ? "the reply" : "the request";
        if (counts.GetValueOrDefault(flow.AtNode) is not { } seen || carried.GetValueOrDefault(flow.AtNode) is not { } has)
        {
            problems.Add($"{what}: the counters or the VXLAN devices of {flow.AtNode} could not be read");
            return null;
        }
        long total = seen.Any.GetValueOrDefault(flow.Id);
        var inVnis = seen.PerVni.Where(x => x.Key.Flow == flow.Id).OrderBy(x => x.Key.Vni).Select(x => (x.Key.Vni, Packets: x.Value)).ToList();
        if (total == 0)
        {
            problems.Add($"{what} never reached {flow.AtNode}'s fabric ports");
            return null;
        }
        var parts = new List<string>();
        bool ok = true;
        foreach (var (vni, packets) in inVnis)
        {
            if (!has.TryGetValue(vni, out string? vrf))
            {
                ok = false;
                problems.Add($"{what} reached {flow.AtNode} in VNI {vni} ({packets} packets), which {flow.AtNode} does not carry (no VXLAN device has it): its VTEP drops them");
            }
            else parts.Add($"in VNI {vni} at {flow.AtNode} (vrf {vrf ?? "none"} there)");
        }
        long counted = inVnis.Sum(x => x.Packets);
        if (counted < total)
        {
            ok = false;
            problems.Add($"{what} reached {flow.AtNode} in a VNI that is none of the fabric's ({total - counted} packets)");
        }
        return ok ? string.Join(" and ", parts) : null;
    }
}
