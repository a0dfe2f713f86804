using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// Tenants whose prefixes can meet in one VRF must not overlap: a VRF holds its own prefixes and
/// its leak partners', so partners meet in each other's VRF, and two tenants that are partners of
/// the same tenant meet in that tenant's VRF. Overlap there lets the more specific route win, so
/// one tenant could take the traffic (replies included) meant for the other. Tenants with no leak
/// between them may overlap freely: their VRFs never hold each other's routes.
/// </summary>
public static class LeakOverlapChecks
{
    private sealed record Subnet(TenantInput Tenant, Ipv4Prefix Prefix, string Pointer, string What);

    public static void Check(InputSet input, DiagnosticSink sink)
    {
        // Each pair of tenants once, with the first VRF (by name) where their routes meet.
        var meetAt = new SortedDictionary<(string, string), string>();
        foreach (var c in input.Tenants)
        {
            var group = LeakConsent.Partners(input.Tenants, c).Prepend(c).ToList();
            for (int i = 0; i < group.Count; i++)
                for (int j = i + 1; j < group.Count; j++)
                {
                    var key = string.CompareOrdinal(group[i].Name, group[j].Name) < 0 ? (group[i].Name, group[j].Name) : (group[j].Name, group[i].Name);
                    meetAt.TryAdd(key, c == group[i] || c == group[j] ? $"each other's VRFs" : $"VRF '{c.Name}'");
                }
        }
        foreach (var ((a, b), where) in meetAt)
        {
            foreach (var x in Subnets(input.Tenant(a)!))
                foreach (var y in Subnets(input.Tenant(b)!).Where(y => y.Prefix.Overlaps(x.Prefix)))
                    Report(x.Tenant, x.Pointer, x.What, y.Tenant, y.Pointer, y.What, where, sink);
            // IPv6 rides the same VRFs, so the same tenants meet in the same places.
            foreach (var x in Subnets6(input.Tenant(a)!))
                foreach (var y in Subnets6(input.Tenant(b)!).Where(y => y.Prefix.Overlaps(x.Prefix)))
                    Report(x.Tenant, x.Pointer, x.What, y.Tenant, y.Pointer, y.What, where, sink);
        }
    }

    private static void Report(TenantInput x, string xAt, string xWhat, TenantInput y, string yAt, string yWhat, string where, DiagnosticSink sink)
    {
        sink.Add(C.MeetingSubnetsOverlap(x.Doc.Value(xAt), x.Name, xWhat, y.Name, yWhat, where, y.Doc.Value(yAt)));
        sink.Add(C.MeetingSubnetsOverlap(y.Doc.Value(yAt), y.Name, yWhat, x.Name, xWhat, where, x.Doc.Value(xAt)));
    }

    private sealed record Subnet6(TenantInput Tenant, Ipv6Prefix Prefix, string Pointer, string What);

    /// <summary>The IPv6 prefixes a tenant's VRF originates (unusable ones are reported elsewhere).</summary>
    private static IEnumerable<Subnet6> Subnets6(TenantInput t)
    {
        if (t.PodNetwork?.Net6 is { } pod) yield return new(t, pod, "/spec/podNetwork/cidr6", $"podNetwork {pod}");
        foreach (var l2 in t.L2Networks)
            if (l2.Net6 is { } net) yield return new(t, net, $"{l2.Pointer}/subnet6", $"L2 network '{l2.Name}' {net}");
    }

    /// <summary>The prefixes a tenant's VRF originates (malformed ones are reported elsewhere).</summary>
    private static IEnumerable<Subnet> Subnets(TenantInput t)
    {
        if (t.PodNetwork is { Cidr.HasHostBits: false } pod) yield return new(t, pod.Cidr, "/spec/podNetwork/cidr", $"podNetwork {pod.Cidr}");
        foreach (var l2 in t.L2Networks.Where(l => !l.Subnet.HasHostBits))
            yield return new(t, l2.Subnet, $"{l2.Pointer}/subnet", $"L2 network '{l2.Name}' {l2.Subnet}");
    }
}
