using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Emit;

/// <summary>routes.json: the EVPN routes every VTEP should originate, and the VRFs that import each
/// with the VNI they send their traffic in (which the originating VTEP must carry).</summary>
public static class RoutesJson
{
    public static string Write(FabricModel model) => Write(Input(model));

    /// <summary>All routes.json reads of the model (an incremental build fingerprints it, not the whole model).</summary>
    public sealed record RoutesInput(int RouteTargetAsn, IReadOnlyList<VtepRoutes> Routes);

    public static RoutesInput Input(FabricModel model) => new(model.RouteTargetAsn, model.Routes);

    public static string Write(RoutesInput model) => JsonText.Write(json => Body(json, model));

    /// <summary>The bytes of <see cref="Write(RoutesInput)"/>, streamed.</summary>
    public static void WriteTo(RoutesInput model, Stream stream) => JsonText.WriteTo(stream, json => Body(json, model));

    private static void Body(System.Text.Json.Utf8JsonWriter json, RoutesInput model)
    {
        json.WriteStartObject();
        json.WriteNumber("routeTargetAsn", model.RouteTargetAsn);
        json.WriteStartArray("vteps");
        foreach (var v in model.Routes)
        {
            json.WriteStartObject();
            json.WriteString("node", v.Node);
            json.WriteString("vtep", v.Vtep);
            json.WriteString("routerMac", v.RouterMac);
            json.WriteStartArray("originates");
            foreach (var r in v.Originates)
            {
                json.WriteStartObject();
                json.WriteNumber("type", (int)r.Type);
                JsonText.StringOrNull(json, "prefix", r.Prefix);
                json.WriteNumber("vni", r.Vni);
                json.WriteString("tenant", r.Tenant);
                json.WriteString("routeTarget", r.RouteTarget);
                JsonText.StringOrNull(json, "rd", r.Rd);
                json.WriteString("nextHop", r.NextHop);
                json.WriteStartArray("importedBy");
                foreach (var importer in r.ImportedBy)
                {
                    json.WriteStartObject();
                    json.WriteString("vrf", importer.Vrf);
                    json.WriteNumber("vni", importer.Vni);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (v.Upstreams.Count > 0) Upstreams(json, v.Upstreams);
            json.WriteEndObject();
            JsonText.Drain(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A border's sessions and what each upstream receives (only on borders, so other files keep their bytes).</summary>
    private static void Upstreams(System.Text.Json.Utf8JsonWriter json, IReadOnlyList<UpstreamRoutes> upstreams)
    {
        json.WriteStartArray("upstreams");
        foreach (var u in upstreams)
        {
            json.WriteStartObject();
            json.WriteString("tenant", u.Tenant);
            json.WriteString("uplink", u.Uplink);
            json.WriteNumber("vlan", u.Vlan);
            json.WriteString("border", u.Border);
            json.WriteString("peer", u.Peer);
            json.WriteNumber("peerAsn", u.PeerAsn);
            json.WriteStartArray("receives");
            foreach (var p in u.Receives) json.WriteStringValue(p);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
