using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// Loopbacks are host addresses; prefixes are networks; a tenant's subnets never overlap; gateways
/// are usable addresses of their subnet; per-node blocks fit for the hosts the tenant lands on; MACs
/// are unicast.
/// </summary>
public static class AddressingChecks
{
    public static void Check(InputSet input, IReadOnlyDictionary<string, IReadOnlyList<string>> placement, DiagnosticSink sink)
    {
        foreach (var n in input.Nodes)
        {
            if (WhyNotHost(n.Loopback) is { } why)
                sink.Add(C.LoopbackNotHost(n.Doc.Value("/spec/loopback"), n.Name, n.Loopback.ToString(), why));
            if (n.RouterMac is { IsMulticast: true } mac)
                sink.Add(C.MacNotUnicast(n.Doc.Value("/spec/routerMac"), mac.ToString()));
        }
        if (input.Fabric is { AnycastGatewayMac.IsMulticast: true } f)
            sink.Add(C.MacNotUnicast(f.Doc.Value("/spec/evpn/anycastGatewayMac"), f.AnycastGatewayMac.ToString()));

        foreach (var t in input.Tenants) CheckTenant(t, placement[t.Name].Count, sink);
    }

    private static string? WhyNotHost(Ipv4 a) => (a.Value >> 24) switch
    {
        0 => "in 0.0.0.0/8 (this network)",
        127 => "in 127.0.0.0/8 (the host's own loopback range)",
        >= 224 and < 240 => "a multicast address",
        >= 240 => "in 240.0.0.0/4 (reserved or broadcast)",
        _ => null,
    };

    private static void CheckTenant(TenantInput t, int hosts, DiagnosticSink sink)
    {
        var subnets = new List<(Ipv4Prefix Prefix, string Pointer, string What)>();
        if (t.PodNetwork is { } pod)
        {
            string at = "/spec/podNetwork/cidr";
            if (CheckNetwork(t, pod.Cidr, at, sink))
                subnets.Add((pod.Cidr, at, $"podNetwork {pod.Cidr}"));
            CheckBlocks(t, $"tenant '{t.Name}' podNetwork", pod.Cidr, pod.PerNodePrefix, hosts, "/spec/podNetwork/perNodePrefix", sink);
        }
        foreach (var l2 in t.L2Networks)
        {
            string at = $"{l2.Pointer}/subnet";
            if (!CheckNetwork(t, l2.Subnet, at, sink)) continue;
            subnets.Add((l2.Subnet, at, $"L2 network '{l2.Name}' {l2.Subnet}"));
            string? why = !l2.Subnet.Contains(l2.Gateway) ? "is outside"
                : l2.Gateway == l2.Subnet.First ? "is the network address"
                : l2.Gateway == l2.Subnet.Last ? "is the broadcast address"
                : null;
            if (why is not null)
                sink.Add(C.BadGateway(t.Doc.Value($"{l2.Pointer}/gateway"), l2.Gateway.ToString(), l2.Subnet.ToString(), why));
            string prefixAt = t.Doc.Map.Contains($"{l2.Pointer}/perNodePrefix") ? $"{l2.Pointer}/perNodePrefix" : at;
            CheckBlocks(t, $"tenant '{t.Name}' L2 network '{l2.Name}'", l2.Subnet, l2.PerNodePrefix, hosts, prefixAt, sink);
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

    private static bool CheckNetwork(TenantInput t, Ipv4Prefix p, string pointer, DiagnosticSink sink)
    {
        if (!p.HasHostBits) return true;
        sink.Add(C.HostBitsSet(t.Doc.Value(pointer), p.ToString(), p.Network.ToString()));
        return false;
    }

    private static void CheckBlocks(TenantInput t, string what, Ipv4Prefix subnet, int prefix, int hosts, string pointer, DiagnosticSink sink)
    {
        if (subnet.HasHostBits) return;
        if (prefix < subnet.Length)
            sink.Add(C.BlockLargerThanSubnet(t.Doc.Value(pointer), what, subnet.ToString(), prefix));
        else if (subnet.SubnetCount(prefix) < hosts)
            sink.Add(C.BlocksDoNotFit(t.Doc.Value(pointer), what, subnet.ToString(), prefix, subnet.SubnetCount(prefix), hosts));
    }
}
