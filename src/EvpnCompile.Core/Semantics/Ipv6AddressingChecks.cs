using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// The IPv6 half of <see cref="AddressingChecks"/> for dual-stack tenants: every IPv6 field is a
/// well-formed address or prefix in RFC 5952 canonical form (the bytes evpnc writes and compares are
/// that form, so the input must be too), inside unique local or global unicast space, prefixes without
/// host bits; gateways usable addresses of their subnet; per-node blocks fit the hosts; and the IPv6
/// subnets of one tenant never overlap. A field that fails is not usable (Ipv6Text.Usable*), so nothing
/// after this pass reads it.
/// </summary>
public static class Ipv6AddressingChecks
{
    public static void Check(InputSet input, IReadOnlyDictionary<string, IReadOnlyList<string>> placement, DiagnosticSink sink)
    {
        foreach (var t in input.Tenants) CheckTenant(t, placement[t.Name].Count, sink);
    }

    private static void CheckTenant(TenantInput t, int hosts, DiagnosticSink sink)
    {
        var subnets = new List<(Ipv6Prefix Prefix, string Pointer, string What)>();
        if (t.PodNetwork is { Cidr6: { } cidr6 } pod && CheckPrefix(t, cidr6, sink) is { } podNet)
        {
            subnets.Add((podNet, cidr6.Pointer, $"podNetwork {podNet}"));
            CheckBlocks(t, $"tenant '{t.Name}' podNetwork", podNet, pod.PerNodePrefix6, hosts, "/spec/podNetwork/perNodePrefix6", sink);
        }
        foreach (var l2 in t.L2Networks)
        {
            if (l2.Subnet6 is not { } subnet6) continue;
            var gatewayOk = CheckAddress(t, l2.Gateway6!, sink);
            if (CheckPrefix(t, subnet6, sink) is not { } net) continue;
            subnets.Add((net, subnet6.Pointer, $"L2 network '{l2.Name}' {net}"));
            if (gatewayOk is { } gw)
            {
                // No broadcast in IPv6; the all-zeros address is the subnet-router anycast address (RFC 4291 2.6.1).
                string? why = !net.Contains(gw) ? "is outside" : gw == net.First ? "is the subnet-router anycast address" : null;
                if (why is not null) sink.Add(C.BadGateway(t.Doc.Value(l2.Gateway6!.Pointer), gw.ToString(), net.ToString(), why));
            }
            CheckBlocks(t, $"tenant '{t.Name}' L2 network '{l2.Name}'", net, l2.PerNodePrefix6, hosts, subnet6.Pointer, sink);
        }
        for (int i = 0; i < subnets.Count; i++)
            for (int j = i + 1; j < subnets.Count; j++)
                if (subnets[i].Prefix.Overlaps(subnets[j].Prefix))
                {
                    var a = subnets[i]; var b = subnets[j];
                    sink.Add(C.OverlappingSubnets(t.Doc.Value(a.Pointer), t.Name, a.What, b.What, t.Doc.Value(b.Pointer)));
                    sink.Add(C.OverlappingSubnets(t.Doc.Value(b.Pointer), t.Name, b.What, a.What, t.Doc.Value(a.Pointer)));
                }
    }

    /// <returns>the prefix when it is usable; null after reporting why not.</returns>
    private static Ipv6Prefix? CheckPrefix(TenantInput t, Ipv6Text field, DiagnosticSink sink)
    {
        var at = t.Doc.Value(field.Pointer);
        if (field.Prefix is not { } p) { sink.Add(C.Ipv6Malformed(at, field.Text, "prefix")); return null; }
        if (p.ToString() != field.Text) { sink.Add(C.Ipv6NotCanonical(at, field.Text, p.ToString())); return null; }
        if (Ipv6Kinds.WhyNotUsable(p) is { } why) { sink.Add(C.Ipv6NotUsable(at, field.Text, why)); return null; }
        if (p.HasHostBits) { sink.Add(C.HostBitsSet(at, p.ToString(), p.Network.ToString())); return null; }
        return p;
    }

    private static Ipv6? CheckAddress(TenantInput t, Ipv6Text field, DiagnosticSink sink)
    {
        var at = t.Doc.Value(field.Pointer);
        if (field.Address is not { } a) { sink.Add(C.Ipv6Malformed(at, field.Text, "address")); return null; }
        if (a.ToString() != field.Text) { sink.Add(C.Ipv6NotCanonical(at, field.Text, a.ToString())); return null; }
        if (Ipv6Kinds.WhyNotUsable(new Ipv6Prefix(a, 128)) is { } why) { sink.Add(C.Ipv6NotUsable(at, field.Text, why)); return null; }
        return a;
    }

    private static void CheckBlocks(TenantInput t, string what, Ipv6Prefix subnet, int prefix, int hosts, string pointer, DiagnosticSink sink)
    {
        if (prefix < subnet.Length)
            sink.Add(C.BlockLargerThanSubnet(t.Doc.Value(pointer), what, subnet.ToString(), prefix));
        else if (subnet.SubnetCount(prefix) < hosts)
            sink.Add(C.BlocksDoNotFit(t.Doc.Value(pointer), what, subnet.ToString(), prefix, subnet.SubnetCount(prefix), hosts));
    }
}
