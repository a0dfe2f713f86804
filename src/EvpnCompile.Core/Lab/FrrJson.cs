using System.Text.Json;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// The few facts the lab reads from FRR 8.4's JSON output (`vtysh -c '... json'`), shapes as measured
/// on this machine kind. Unknown fields are ignored; a missing or unparsable answer is null, which
/// the judge reports as "no answer" rather than as an empty table.
/// </summary>
public static class FrrJson
{
    /// <summary>`show bgp summary json`: AFI key ("ipv4Unicast", "l2VpnEvpn") and peer name to state.</summary>
    public static IReadOnlyDictionary<(string Afi, string Peer), string>? BgpPeers(string? json) => Parse(json, root =>
    {
        var states = new Dictionary<(string, string), string>();
        foreach (var afi in root.EnumerateObject())
        {
            if (afi.Value.ValueKind != JsonValueKind.Object || !afi.Value.TryGetProperty("peers", out var peers)) continue;
            foreach (var peer in peers.EnumerateObject())
                states[(afi.Name, peer.Name)] = Str(peer.Value, "state") ?? "(no state)";
        }
        return states;
    });

    public sealed record Vni(long Number, string Type, string? Vrf, string? State, string? RouterMac, IReadOnlyList<string> RemoteVteps)
    {
        /// <summary>FRR's type word as a kind (null for one evpnc does not know).</summary>
        public VniKind? Kind => Type switch { "L3" => VniKind.L3, "L2" => VniKind.L2, _ => null };
    }

    /// <summary>`show evpn vni detail json`: an array of L2 and L3 VNIs (L2 entries carry no state).</summary>
    public static IReadOnlyList<Vni>? EvpnVnis(string? json) => Parse(json, root =>
    {
        var list = new List<Vni>();
        if (root.ValueKind != JsonValueKind.Array) return list;
        foreach (var v in root.EnumerateArray())
        {
            var remote = v.TryGetProperty("numRemoteVteps", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.GetString() ?? "").Order(StringComparer.Ordinal).ToList()
                : [];
            list.Add(new Vni(v.GetProperty("vni").GetInt64(), Str(v, "type") ?? "?", Str(v, "vrf"), Str(v, "state"), Str(v, "routerMac"), remote));
        }
        return list;
    });

    /// <summary>`show evpn next-hops vni all json`: per L3VNI, the remote VTEPs zebra holds a router MAC for (each is a
    /// `NOARP` neighbour entry on the L3VNI's bridge, through which the VRF's routes to that VTEP are sent).</summary>
    public static IReadOnlyDictionary<long, IReadOnlyDictionary<string, string?>>? EvpnNextHops(string? json) => Parse(json, root =>
    {
        var byVni = new Dictionary<long, IReadOnlyDictionary<string, string?>>();
        if (root.ValueKind != JsonValueKind.Object) return byVni;
        foreach (var vni in root.EnumerateObject())
        {
            if (!long.TryParse(vni.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number)
                || vni.Value.ValueKind != JsonValueKind.Object) continue;
            byVni[number] = vni.Value.EnumerateObject().Where(h => h.Value.ValueKind == JsonValueKind.Object)
                .ToDictionary(h => Str(h.Value, "nexthopIp") ?? h.Name, h => Str(h.Value, "routerMac"), StringComparer.Ordinal);
        }
        return byVni;
    });

    /// <summary>An EVPN route as the fabric sees it: type 5 by RD and prefix, type 3 by its originator.</summary>
    /// <param name="Key">type 5: the prefix ("10.10.1.0/24"); type 3: the originating VTEP's address.</param>
    public sealed record EvpnRoute(int Type, string Rd, string Key, string NextHop, IReadOnlyList<string> RouteTargets);

    /// <summary>`show bgp l2vpn evpn route json`: the type-3 and type-5 routes (type 2 follows live pods).</summary>
    public static IReadOnlyList<EvpnRoute>? EvpnRoutes(string? json) => Parse(json, root =>
    {
        var list = new List<EvpnRoute>();
        foreach (var rd in root.EnumerateObject())
        {
            if (rd.Value.ValueKind != JsonValueKind.Object) continue; // numPrefix, numPaths
            foreach (var route in rd.Value.EnumerateObject())
            {
                if (route.Value.ValueKind != JsonValueKind.Object || !route.Value.TryGetProperty("paths", out var paths)) continue;
                var best = paths.EnumerateArray().SelectMany(p => p.EnumerateArray()).ToList();
                if (best.Count == 0) continue;
                var path = best[0];
                int type = path.TryGetProperty("routeType", out var t) ? t.GetInt32() : 0;
                if (type is not (3 or 5)) continue;
                string key = type == (int)RouteType.IpPrefix ? $"{Str(path, "ip")}/{path.GetProperty("ipLen").GetInt32()}" : Str(path, "ip") ?? "";
                string communities = path.TryGetProperty("extendedCommunity", out var ec) ? Str(ec, "string") ?? "" : "";
                var rts = communities.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Where(c => c.StartsWith("RT:", StringComparison.Ordinal)).Select(c => c[3..]).Order(StringComparer.Ordinal).ToList();
                string nextHop = path.TryGetProperty("nexthops", out var nh) && nh.GetArrayLength() > 0 ? Str(nh[0], "ip") ?? "" : "";
                list.Add(new EvpnRoute(type, rd.Name, key, nextHop, rts));
            }
        }
        return list;
    });

    /// <param name="NextHops">the selected entry's next hops.</param>
    public sealed record Route(string Prefix, string Protocol, bool Installed, IReadOnlyList<NextHop> NextHops);

    /// <summary>A route's next hop: a remote VTEP (Ip) through a bridge, or a device; Vrf when the device is another VRF's.</summary>
    public sealed record NextHop(string? Ip, string? Interface, string? Vrf);

    /// <summary>`show ip route vrf NAME json`: each prefix with its selected entry (or its first).</summary>
    public static IReadOnlyList<Route>? VrfRoutes(string? json) => Parse(json, root =>
    {
        var list = new List<Route>();
        foreach (var prefix in root.EnumerateObject())
        {
            if (prefix.Value.ValueKind != JsonValueKind.Array || prefix.Value.GetArrayLength() == 0) continue;
            var entries = prefix.Value.EnumerateArray().ToList();
            var chosen = entries.FirstOrDefault(e => Bool(e, "selected")) is { ValueKind: JsonValueKind.Object } s ? s : entries[0];
            var hops = chosen.TryGetProperty("nexthops", out var nh) && nh.ValueKind == JsonValueKind.Array
                ? nh.EnumerateArray().Select(h => new NextHop(Str(h, "ip"), Str(h, "interfaceName"), Str(h, "vrf"))).ToList()
                : [];
            list.Add(new Route(prefix.Name, Str(chosen, "protocol") ?? "?", Bool(chosen, "installed"), hops));
        }
        return list;
    });

    /// <summary>A BGP path and where it came from: its AS path (the first ASN is the eBGP neighbour that sent it).</summary>
    public sealed record BgpPath(string Key, int Type, IReadOnlyList<long> AsPath, IReadOnlyList<string> RouteTargets, bool Best);

    /// <summary>`show bgp ipv4 unicast json`: every path of every prefix (the underlay).</summary>
    public static IReadOnlyList<BgpPath>? UnderlayPaths(string? json) => Parse(json, root =>
    {
        var list = new List<BgpPath>();
        if (!root.TryGetProperty("routes", out var routes) || routes.ValueKind != JsonValueKind.Object) return list;
        foreach (var prefix in routes.EnumerateObject())
            if (prefix.Value.ValueKind == JsonValueKind.Array)
                foreach (var path in prefix.Value.EnumerateArray())
                    list.Add(new BgpPath(prefix.Name, 0, AsPath(path), [], Bool(path, "bestpath")));
        return list;
    });

    /// <summary>`show bgp l2vpn evpn route json`: every path of every route, with its AS path and route targets.</summary>
    public static IReadOnlyList<BgpPath>? EvpnPaths(string? json) => Parse(json, root =>
    {
        var list = new List<BgpPath>();
        foreach (var rd in root.EnumerateObject())
        {
            if (rd.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var route in rd.Value.EnumerateObject())
            {
                if (route.Value.ValueKind != JsonValueKind.Object || !route.Value.TryGetProperty("paths", out var paths)) continue;
                foreach (var path in paths.EnumerateArray().SelectMany(p => p.EnumerateArray()))
                {
                    int type = path.TryGetProperty("routeType", out var t) ? t.GetInt32() : 0;
                    string communities = path.TryGetProperty("extendedCommunity", out var ec) ? Str(ec, "string") ?? "" : "";
                    var rts = communities.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Where(c => c.StartsWith("RT:", StringComparison.Ordinal)).Select(c => c[3..]).Order(StringComparer.Ordinal).ToList();
                    list.Add(new BgpPath($"{rd.Name} {route.Name}", type, AsPath(path), rts, Bool(path, "bestpath")));
                }
            }
        }
        return list;
    });

    private static IReadOnlyList<long> AsPath(JsonElement path) =>
        (Str(path, "path") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => long.TryParse(a, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n : -1).ToList();

    /// <summary>Reads an answer with <paramref name="read"/>; null when there is none or it is not what was asked for.</summary>
    internal static T? Parse<T>(string? json, Func<JsonElement, T> read) where T : class
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return read(doc.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
