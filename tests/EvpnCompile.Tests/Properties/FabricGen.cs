using CsCheck;

namespace EvpnCompile.Tests.Properties;

/// <summary>A generated valid fabric: its YAML, and for each tenant the tenants it may exchange routes with
/// (those it imports with their consent, and those that import it with its consent: they route replies back).</summary>
public sealed record GeneratedFabric(string Yaml, IReadOnlyDictionary<string, IReadOnlySet<string>> Consent)
{
    public override string ToString() => Yaml;
}

/// <summary>Random valid fabrics: leaves, hosts in two racks, tenants with pods, L2 networks and consented leaks.</summary>
public static class FabricGen
{
    public static readonly Gen<GeneratedFabric> Valid =
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 2], Gen.Int[1, 6], Gen.Bool, Gen.Int.Array[64])
            .Select((hosts, leaves, tenants, netplanDefault, dice) => Make(hosts, leaves, tenants, netplanDefault, dice));

    private static GeneratedFabric Make(int hosts, int leaves, int tenantCount, bool netplanDefault, int[] dice)
    {
        int d = 0;
        int Roll(int n) => (int)((uint)dice[d++ % dice.Length] % (uint)n);
        var sb = new System.Text.StringBuilder();
        sb.Append("apiVersion: evpnc/v1alpha1\nkind: Fabric\nmetadata: {name: gen}\nspec:\n");
        if (netplanDefault) sb.Append("  network: netplan\n");
        sb.Append($"  underlay: {{bfd: {(Roll(2) == 0 ? "true" : "false")}}}\n");
        sb.Append("  evpn: {routeTargetAsn: 65000}\n  pools: {l3vni: 50000-50999, l2vni: 10000-19999, vrfTable: 1001-1999}\n  links:\n");
        for (int h = 1; h <= hosts; h++)
            for (int l = 1; l <= leaves; l++) sb.Append($"    - [leaf{l}:swp{h}, host{h}:eth{l}]\n");
        for (int l = 1; l <= leaves; l++)
            sb.Append($"---\napiVersion: evpnc/v1alpha1\nkind: Node\nmetadata: {{name: leaf{l}}}\nspec: {{role: leaf, asn: {65000 + l}, loopback: 10.0.0.{l}}}\n");
        for (int h = 1; h <= hosts; h++)
        {
            string network = Roll(3) == 0 ? ", network: ifupdown2" : "";
            sb.Append($"---\napiVersion: evpnc/v1alpha1\nkind: Node\nmetadata: {{name: host{h}, labels: {{rack: r{h % 2}}}}}\n");
            sb.Append($"spec: {{role: host, asn: {65100 + h}, loopback: 10.0.1.{h}{network}}}\n");
        }
        var names = Enumerable.Range(0, tenantCount).Select(i => $"t{i}").ToList();
        var imports = names.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal));
        var exports = names.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var a in names)
            foreach (var b in names)
                if (a != b && Roll(4) == 0) { imports[a].Add(b); exports[b].Add(Roll(5) == 0 ? "*" : a); }
        for (int i = 0; i < tenantCount; i++)
        {
            string t = names[i];
            sb.Append($"---\napiVersion: evpnc/v1alpha1\nkind: Tenant\nmetadata: {{name: {t}}}\nspec:\n  namespaces: [{t}-ns]\n");
            switch (Roll(3))
            {
                case 0: sb.Append("  nodes: [\"*\"]\n"); break;
                case 1: sb.Append($"  nodes: [{string.Join(", ", Enumerable.Range(1, hosts).Where(_ => Roll(2) == 0).DefaultIfEmpty(1).Select(h => $"host{h}"))}]\n"); break;
                default: sb.Append($"  nodeSelector: {{rack: r{Roll(2)}}}\n"); break;
            }
            // Some tenants are dual-stack (distinct IPv6 spaces per tenant, like the IPv4 ones).
            if (Roll(4) != 0)
                sb.Append(Roll(3) == 0
                    ? $"  podNetwork: {{cidr: 10.{100 + i}.0.0/16, perNodePrefix: 24, cidr6: \"fd00:{100 + i}::/48\", perNodePrefix6: 64}}\n"
                    : $"  podNetwork: {{cidr: 10.{100 + i}.0.0/16, perNodePrefix: 24}}\n");
            int l2 = Roll(3);
            if (l2 > 0)
            {
                sb.Append("  l2Networks:\n");
                for (int k = 0; k < l2; k++)
                    sb.Append(Roll(3) == 0
                        ? $"    - {{name: seg{k}, subnet: 172.{16 + i}.{k}.0/24, gateway: 172.{16 + i}.{k}.1, subnet6: \"fd01:{16 + i}:{k + 1}::/64\", gateway6: \"fd01:{16 + i}:{k + 1}::1\"}}\n"
                        : $"    - {{name: seg{k}, subnet: 172.{16 + i}.{k}.0/24, gateway: 172.{16 + i}.{k}.1}}\n");
            }
            if (imports[t].Count > 0) sb.Append($"  import: [{string.Join(", ", imports[t])}]\n");
            if (exports[t].Count > 0) sb.Append($"  export: [{string.Join(", ", exports[t].Select(e => e == "*" ? "\"*\"" : e))}]\n");
        }
        var partners = names.ToDictionary(n => n, n => (IReadOnlySet<string>)imports[n].Concat(names.Where(o => imports[o].Contains(n))).ToHashSet(StringComparer.Ordinal));
        return new GeneratedFabric(sb.ToString(), partners);
    }
}
