using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Input;

/// <summary>
/// Turns a schema-valid document into its typed record, filling in <see cref="Defaults"/>.
/// Shape errors cannot reach here: the schema has already refused them.
/// </summary>
public static class InputBinder
{
    public static FabricInput BindFabric(LoadedDocument d)
    {
        var spec = d.Root["spec"]!;
        var pools = spec["pools"]!;
        var links = (spec["links"] as JsonArray ?? []).Select((l, i) =>
            new LinkInput(i, End(l![0]!, $"/spec/links/{i}/0"), End(l[1]!, $"/spec/links/{i}/1"))).ToList();
        return new FabricInput(
            Ref(d), Name(d),
            Str(spec["frrVersion"]) ?? Defaults.FrrVersion,
            Renderer(spec["network"]) ?? Defaults.Network,
            Int(spec["underlay"]?["mtu"]) ?? Defaults.UnderlayMtu,
            spec["underlay"]?["bfd"]?.GetValue<bool>() ?? Defaults.Bfd,
            Int(spec["overlay"]?["mtu"]) ?? Defaults.OverlayMtu,
            Int(spec["overlay"]?["vxlanPort"]) ?? Defaults.VxlanPort,
            Int(spec["evpn"]!["routeTargetAsn"])!.Value,
            Mac.Parse(Str(spec["evpn"]!["anycastGatewayMac"]) ?? Defaults.AnycastGatewayMac),
            NumberRange("l3vni", Str(pools["l3vni"])!),
            NumberRange("l2vni", Str(pools["l2vni"])!),
            NumberRange("vrfTable", Str(pools["vrfTable"])!),
            MacRange("routerMac", Str(pools["routerMac"]) ?? Defaults.RouterMacPool),
            links,
            Str(spec["kubernetes"]?["deployer"]) ?? Defaults.KubernetesDeployer);
    }

    public static NodeInput BindNode(LoadedDocument d)
    {
        var spec = d.Root["spec"]!;
        string routerMac = Str(spec["routerMac"]) ?? Defaults.Auto;
        return new NodeInput(
            Ref(d), Name(d), Labels(d.Root["metadata"]!["labels"]),
            NodeRoles.Parse(Str(spec["role"])),
            Long(spec["asn"])!.Value,
            Ipv4.Parse(Str(spec["loopback"])!),
            routerMac == Defaults.Auto ? null : Mac.Parse(routerMac),
            Str(spec["management"]) is { } m ? Ipv4.Parse(m) : null,
            Renderer(spec["network"]))
        {
            Uplinks = (spec["uplinks"] as JsonArray ?? []).Select((u, i) =>
                new UplinkInput(i, Str(u!["port"])!, Long(u["peerAsn"])!.Value)).ToList(),
        };
    }

    public static TenantInput BindTenant(LoadedDocument d)
    {
        var spec = d.Root["spec"]!;
        var pod = spec["podNetwork"];
        var l2 = (spec["l2Networks"] as JsonArray ?? []).Select((n, i) =>
        {
            var subnet = Ipv4Prefix.Parse(Str(n!["subnet"])!);
            string at = $"/spec/l2Networks/{i}";
            var subnet6 = Str(n["subnet6"]) is { } s6 ? new Ipv6Text(s6, $"{at}/subnet6") : null;
            return new L2NetworkInput(i, Str(n["name"])!, AutoLong(n["vni"]), subnet,
                Ipv4.Parse(Str(n["gateway"])!), Int(n["perNodePrefix"]) ?? Defaults.L2SlicePrefix(subnet),
                subnet6, Str(n["gateway6"]) is { } g6 ? new Ipv6Text(g6, $"{at}/gateway6") : null,
                subnet6?.Prefix is { } p6 ? Defaults.L2SlicePrefix6(p6) : 0);
        }).ToList();
        var selector = spec["nodeSelector"] is JsonObject ? Labels(spec["nodeSelector"]) : null;
        var nodes = Strings(spec["nodes"]);
        return new TenantInput(
            Ref(d), Name(d), Labels(d.Root["metadata"]!["labels"]),
            AutoLong(spec["l3vni"]), AutoLong(spec["vrfTable"]),
            nodes.Count > 0 ? nodes : (selector is null ? Defaults.TenantNodes : null),
            selector,
            Strings(spec["namespaces"]), Int(spec["maxPods"]),
            pod is null ? null : new PodNetworkInput(Ipv4Prefix.Parse(Str(pod["cidr"])!), Int(pod["perNodePrefix"])!.Value,
                Str(pod["cidr6"]) is { } c6 ? new Ipv6Text(c6, "/spec/podNetwork/cidr6") : null, Int(pod["perNodePrefix6"]) ?? 0),
            l2, Strings(spec["import"]), Strings(spec["export"]))
        {
            External = spec["external"] is JsonObject ext ? External(ext) : null,
        };
    }

    private static ExternalInput External(JsonObject ext)
    {
        var borders = Strings(ext["borders"]);
        return new ExternalInput(borders.Count > 0 ? borders : Defaults.ExternalBorders, Int(ext["vlan"])!.Value,
            Ipv4Prefix.Parse(Str(ext["transfer"])!),
            ext["defaultRoute"]?.GetValue<bool>() ?? Defaults.ExternalDefaultRoute,
            ext["announce"]?.GetValue<bool>() ?? Defaults.ExternalAnnounce);
    }

    private static DocumentRef Ref(LoadedDocument d) => new(d.File, d.Index, d.Map);

    private static string Name(LoadedDocument d) => Str(d.Root["metadata"]!["name"])!;

    private static LinkEnd End(JsonNode n, string pointer)
    {
        string text = n.GetValue<string>();
        int colon = text.IndexOf(':');
        return new LinkEnd(text[..colon], text[(colon + 1)..], pointer);
    }

    private static PoolRange NumberRange(string name, string text)
    {
        int dash = text.IndexOf('-');
        return new PoolRange(name, $"/spec/pools/{name}",
            long.Parse(text[..dash], CultureInfo.InvariantCulture), long.Parse(text[(dash + 1)..], CultureInfo.InvariantCulture), text);
    }

    private static PoolRange MacRange(string name, string text)
    {
        int dash = text.IndexOf('-');
        return new PoolRange(name, $"/spec/pools/{name}",
            (long)Mac.Parse(text[..dash]).Value, (long)Mac.Parse(text[(dash + 1)..]).Value, text);
    }

    private static string? Str(JsonNode? n) => n?.GetValue<string>();

    private static int? Int(JsonNode? n) => n is null ? null : checked((int)ToLong(n));

    private static long? Long(JsonNode? n) => n is null ? null : ToLong(n);

    // `1e3` is a YAML float that the schema accepts as the integer 1000.
    private static long ToLong(JsonNode n) =>
        n.AsValue().TryGetValue<long>(out long l) ? l : checked((long)n.GetValue<double>());

    /// <summary>An integer-or-"auto" field: null means auto.</summary>
    private static long? AutoLong(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? ToLong(v) : null;

    private static NetworkRenderer? Renderer(JsonNode? n) => Str(n) is { } name ? NetworkRenderers.Parse(name) : null;

    private static IReadOnlyList<string> Strings(JsonNode? n) =>
        (n as JsonArray)?.Select(x => x!.GetValue<string>()).ToList() ?? [];

    private static IReadOnlyDictionary<string, string> Labels(JsonNode? n) =>
        (n as JsonObject)?.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
