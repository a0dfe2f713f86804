using System.Text;
using System.Text.Json;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// `show ip route vrf all json` split into each VRF's table, so that a poll asks zebra once per node
/// instead of once per VRF (a host with 255 tenants would start 255 vtysh processes per poll).
/// FRR 8.4 prints one object per VRF back to back, unnamed (`{...}{...}`; fixed in FRR 10 by
/// FRRouting/frr#15632, which keys them by VRF name): each route names its VRF (`vrfName`), so a table
/// is attributed by its routes. Both shapes are read.
/// </summary>
public static class FrrRoutesByVrf
{
    /// <returns>for each of <paramref name="vrfs"/> its table as `show ip route vrf NAME json` prints it
    /// ("{}" when it has no routes); all null when zebra did not answer or the answer is not JSON.</returns>
    public static IReadOnlyDictionary<string, string?> Split(string? json, IEnumerable<string> vrfs)
    {
        var tables = vrfs.Distinct(StringComparer.Ordinal).ToDictionary(v => v, _ => (string?)null, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return tables;
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                using var doc = JsonDocument.ParseValue(ref reader);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) continue;
                var props = root.EnumerateObject().ToList();
                if (props.Count > 0 && props.All(p => p.Value.ValueKind == JsonValueKind.Object))
                    foreach (var p in props) found[p.Name] = p.Value.GetRawText();        // keyed by VRF (FRR 10)
                else if (props.SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : Enumerable.Empty<JsonElement>())
                             .Select(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("vrfName", out var n) ? n.GetString() : null)
                             .FirstOrDefault(n => n is not null) is { } vrf)
                    found[vrf] = root.GetRawText();                                         // one unnamed table (FRR 8.4)
            }
        }
        catch (JsonException)
        {
            return tables;
        }
        foreach (var name in tables.Keys.ToList()) tables[name] = found.GetValueOrDefault(name) ?? "{}";
        return tables;
    }
}
