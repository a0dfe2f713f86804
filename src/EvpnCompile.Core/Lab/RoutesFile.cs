using System.Text.Json;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Core.Lab;

/// <summary>routes.json read back: the lab proves FRR against the rendered file, not against a recompile.</summary>
public sealed record RoutesFile(long RouteTargetAsn, IReadOnlyList<VtepRoutes> Vteps)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static RoutesFile Parse(string json) =>
        JsonSerializer.Deserialize<RoutesFile>(json, Options) ?? throw new JsonException("routes.json is empty");

    public IEnumerable<(VtepRoutes Vtep, EvpnRoute Route)> All => Vteps.SelectMany(v => v.Originates.Select(r => (v, r)));

    /// <summary>Whether <paramref name="importer"/> takes the routes of <paramref name="tenant"/> (itself, or by a consented leak).</summary>
    public bool Imports(string importer, string tenant) =>
        importer == tenant || All.Any(x => x.Route.Tenant == tenant && x.Route.ImportedBy.Any(i => i.Vrf == importer));
}
