using System.Globalization;
using System.Text;

namespace EvpnCompile.Benchmarks;

/// <summary>One generated input file; <see cref="Path"/> is relative and '/' separated.</summary>
public sealed record GeneratedFile(string Path, string Text);

/// <summary>
/// Builds a valid fabric of any size, laid out like examples/repo-layout (fabric.yaml, nodes/*.yaml,
/// tenants/*.yaml). Deterministic: the same sizes give byte-identical files. The result validates
/// with 0 errors and 0 warnings.
/// </summary>
/// <remarks>
/// Shape: racks of <see cref="HostsPerRack"/> hosts, each rack with two leaves; every host wired to
/// both leaves of its rack. More than one rack: two spines (ASN 65500) linked to every leaf's swp49/swp50,
/// since racks meet only through spines (EVPN125). Hosts carry labels rack=rNN and zone=z0/z1; every 10th host uses netplan.
/// Tenants rotate through ten roles (by index mod 10):
/// 0 exports to "*" (and so to 1 and 2, which import it; 4 imports tenant 0 of the whole fabric),
/// 3 and 6 select one rack by nodeSelector and have an L2 network, 5 has an L2 network on every host,
/// 8 lists four hosts by name, 9 selects zone z0, the rest land on every host.
/// Every l3vni, vrfTable, vni, pod block, L2 slice and router MAC is `auto`.
/// Pod networks: tenant j gets its own slice of 10.0.0.0/8 that holds one block per host;
/// L2 subnets are /30-per-host slices of 100.64.0.0/10; loopbacks are in 172.16.0.0/12.
/// </remarks>
public static class FabricGenerator
{
    public const int HostsPerRack = 40;
    private const string Schema = "# yaml-language-server: $schema=../../schemas/evpnc.schema.json";
    private const string SubSchema = "# yaml-language-server: $schema=../../../schemas/evpnc.schema.json";

    public static IReadOnlyList<GeneratedFile> Generate(int hosts, int tenants)
    {
        if (hosts < 1 || hosts > 60_000) throw new ArgumentOutOfRangeException(nameof(hosts), "1..60000 hosts");
        if (tenants < 1 || tenants > 3_999) throw new ArgumentOutOfRangeException(nameof(tenants), "1..3999 tenants (vrfTable pool 1001-4999)");
        int racks = (hosts + HostsPerRack - 1) / HostsPerRack;
        if (racks > 250) throw new ArgumentOutOfRangeException(nameof(hosts), "at most 250 racks");

        var files = new List<GeneratedFile> { new("fabric.yaml", FabricText(hosts, tenants)) };
        for (int r = 0; r < racks; r++)
            for (int k = 1; k <= 2; k++)
                files.Add(new($"nodes/{LeafName(r, k)}.yaml", LeafText(r, k)));
        if (racks > 1)
            for (int s = 1; s <= 2; s++) files.Add(new($"nodes/{SpineName(s)}.yaml", SpineText(s)));
        for (int i = 0; i < hosts; i++) files.Add(new($"nodes/{HostName(i)}.yaml", HostText(i)));

        var geometry = new Geometry(hosts, tenants);
        for (int j = 0; j < tenants; j++) files.Add(new($"tenants/{TenantName(j)}.yaml", TenantText(j, hosts, tenants, racks, geometry)));
        return files;
    }

    /// <summary>Writes the files under <paramref name="directory"/>, creating folders as needed.</summary>
    public static void WriteTo(string directory, IReadOnlyList<GeneratedFile> files)
    {
        foreach (var f in files)
        {
            string full = System.IO.Path.Combine(directory, f.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, f.Text, new UTF8Encoding(false));
        }
    }

    public static string HostName(int i) => "host" + (i + 1).ToString("D4", CultureInfo.InvariantCulture);
    public static string LeafName(int rack, int k) => $"{RackName(rack)}-leaf{k}";
    public static string SpineName(int s) => $"spine{s}";
    public static string RackName(int rack) => "r" + (rack + 1).ToString("D2", CultureInfo.InvariantCulture);
    public static string TenantName(int j) => "t" + (j + 1).ToString("D4", CultureInfo.InvariantCulture);

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Ip(uint v) => $"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}";

    private static uint Ip(int a, int b, int c, int d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | (uint)d;

    /// <summary>Address <paramref name="i"/> (0-based) of a /16-ish range, skipping .0 and .251-.255 of every /24.</summary>
    private static uint Spread(uint baseAddress, int i) => baseAddress + (uint)(i / 250 * 256 + i % 250 + 1);

    // ---- fabric ----

    private static string FabricText(int hosts, int tenants)
    {
        var sb = new StringBuilder();
        sb.Append(Schema).Append('\n');
        sb.Append($"# Generated fabric: {hosts} hosts, {tenants} tenants, racks of {HostsPerRack} hosts behind two leaves each.\n");
        sb.Append("apiVersion: evpnc/v1alpha1\nkind: Fabric\nmetadata:\n  name: scale\nspec:\n");
        sb.Append("  frrVersion: \"8.4\"\n  network: ifupdown2\n");
        sb.Append("  underlay: {mtu: 9216, bfd: true}\n  overlay: {mtu: 9000, vxlanPort: 4789}\n");
        sb.Append("  evpn:\n    routeTargetAsn: 65000\n    anycastGatewayMac: \"02:00:5e:00:01:01\"\n");
        sb.Append("  pools:\n    l3vni: 50000-59999\n    l2vni: 10000-19999\n    vrfTable: 1001-4999\n");
        sb.Append("  links:\n");
        int racks = (hosts + HostsPerRack - 1) / HostsPerRack;
        if (racks > 1)
            for (int s = 1; s <= 2; s++)
                for (int r = 0; r < racks; r++)
                    for (int k = 1; k <= 2; k++)
                        sb.Append($"    - [{SpineName(s)}:swp{r * 2 + k}, {LeafName(r, k)}:swp{48 + s}]\n");
        for (int i = 0; i < hosts; i++)
        {
            int rack = i / HostsPerRack, port = i % HostsPerRack + 1;
            sb.Append($"    - [{LeafName(rack, 1)}:swp{port}, {HostName(i)}:eth1]\n");
            sb.Append($"    - [{LeafName(rack, 2)}:swp{port}, {HostName(i)}:eth2]\n");
        }
        return sb.ToString();
    }

    // ---- nodes ----

    private static string LeafText(int rack, int k) =>
        $"""
        {SubSchema}
        # {LeafName(rack, k)}: leaf {k} of rack {RackName(rack)}, uplink of its {HostsPerRack} hosts.
        apiVersion: evpnc/v1alpha1
        kind: Node
        metadata:
          name: {LeafName(rack, k)}
          labels: {"{"}rack: {RackName(rack)}{"}"}
        spec:
          role: leaf
          asn: {Inv(4_200_000_000L + rack * 2 + k)}
          loopback: {Ip(Ip(172, 16, rack, k))}
          management: {Ip(Spread(Ip(192, 168, 0, 0), rack * 2 + k - 1))}

        """;

    private static string SpineText(int s) =>
        $"""
        {SubSchema}
        # {SpineName(s)}: spine {s}, linked to every leaf (racks meet only through the spines).
        apiVersion: evpnc/v1alpha1
        kind: Node
        metadata:
          name: {SpineName(s)}
        spec:
          role: spine
          asn: 65500
          loopback: {Ip(Ip(172, 31, 255, s))}
          management: {Ip(Ip(192, 168, 3, 250 + s))}

        """;

    private static string HostText(int i)
    {
        int rack = i / HostsPerRack;
        string network = i % 10 == 9 ? "\n  network: netplan" : "";
        return $"""
            {SubSchema}
            # {HostName(i)}: Kubernetes host and VTEP in rack {RackName(rack)}, wired to both of its leaves.
            apiVersion: evpnc/v1alpha1
            kind: Node
            metadata:
              name: {HostName(i)}
              labels: {"{"}rack: {RackName(rack)}, zone: z{rack % 2}{"}"}
            spec:
              role: host
              asn: {Inv(4_210_000_000L + i + 1)}
              loopback: {Ip(Spread(Ip(172, 20, 0, 0), i))}
              routerMac: auto
              management: {Ip(Spread(Ip(192, 168, 4, 0), i))}{network}

            """;
    }

    // ---- tenants ----

    /// <summary>Prefix sizes that give every tenant room for one block per host, all tenants inside 10.0.0.0/8.</summary>
    private sealed class Geometry
    {
        public int HostBits { get; }
        public int PodPerNode { get; }
        public int PodCidrLength => PodPerNode - HostBits;
        public int L2Length => 30 - HostBits;
        private int l2Count;

        public Geometry(int hosts, int tenants)
        {
            HostBits = Bits(hosts);
            PodPerNode = Math.Max(24, 8 + HostBits + Bits(tenants));
            if (PodPerNode > 30) throw new ArgumentException($"{hosts} hosts x {tenants} tenants do not fit 10.0.0.0/8 with one block per host");
            if (L2Length < 10) throw new ArgumentException($"{hosts} hosts do not fit an L2 subnet of 100.64.0.0/10");
        }

        private static int Bits(int n)
        {
            int b = 1;
            while ((1L << b) < n) b++;
            return b;
        }

        public string PodCidr(int j) => $"{Ip(Ip(10, 0, 0, 0) + ((uint)j << (32 - PodCidrLength)))}/{PodCidrLength}";

        public (string Subnet, string Gateway) NextL2()
        {
            int index = l2Count++;
            if ((long)(index + 1) << (32 - L2Length) > 1L << 22) throw new ArgumentException("too many L2 networks for 100.64.0.0/10");
            uint network = Ip(100, 64, 0, 0) + ((uint)index << (32 - L2Length));
            return ($"{Ip(network)}/{L2Length}", Ip(network + 1));
        }
    }

    private static string TenantText(int j, int hosts, int tenants, int racks, Geometry g)
    {
        string name = TenantName(j);
        int role = j % 10;
        int provider = j - role;
        var spec = new StringBuilder();
        string what;
        spec.Append("  l3vni: auto\n  vrfTable: auto\n");
        switch (role)
        {
            case 3 or 6:
                spec.Append($"  nodeSelector: {{rack: {RackName(j % racks)}}}\n");
                what = $"pinned to rack {RackName(j % racks)} by nodeSelector, with an L2 network";
                break;
            case 8:
            {
                int n = Math.Min(4, hosts), start = (int)((long)j * 37 % hosts);
                var chosen = Enumerable.Range(0, n).Select(k => HostName((start + k) % hosts)).Order(StringComparer.Ordinal);
                spec.Append($"  nodes: [{string.Join(", ", chosen)}]\n");
                what = $"on {n} named hosts";
                break;
            }
            case 9:
                spec.Append("  nodeSelector: {zone: z0}\n");
                what = "on every host of zone z0";
                break;
            default:
                spec.Append("  nodes: [\"*\"]\n");
                what = "on every host";
                break;
        }
        spec.Append($"  namespaces: [{name}-app, {name}-db]\n");
        spec.Append("  maxPods: 110\n");
        spec.Append($"  podNetwork: {{cidr: {g.PodCidr(j)}, perNodePrefix: {g.PodPerNode}}}\n");
        if (role is 3 or 5 or 6)
        {
            var (subnet, gateway) = g.NextL2();
            spec.Append($"  l2Networks:\n    - name: vms\n      vni: auto\n      subnet: {subnet}\n      gateway: {gateway}\n      perNodePrefix: 30\n");
            if (role == 5) what += ", with an L2 network";
        }
        if (role is 1 or 2 or 4)
        {
            spec.Append($"  import: [{TenantName(role == 4 ? 0 : provider)}]\n");
            what += $"; imports {TenantName(role == 4 ? 0 : provider)}";
        }
        if (role == 0)
        {
            spec.Append("  export: [\"*\"]\n");
            what += "; exports to any tenant";
        }
        return $"""
            {SubSchema}
            # {name}: generated tenant {what}.
            apiVersion: evpnc/v1alpha1
            kind: Tenant
            metadata:
              name: {name}
              labels: {"{"}team: team{j % 17}{"}"}
            spec:

            """ + spec.ToString();
    }
}
