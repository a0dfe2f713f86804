using EvpnCompile.Core.Input;

namespace EvpnCompile.Core.Semantics;

/// <summary>Which hosts each tenant lands on: decided here once, for every later pass.</summary>
public static class TenantPlacement
{
    /// <returns>tenant name to its hosts, each list sorted by name.</returns>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Resolve(InputSet input)
    {
        var hosts = input.Nodes.Where(n => n.IsHost).ToList();
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var t in input.Tenants)
        {
            IEnumerable<NodeInput> chosen = t.NodeSelector is { } selector
                ? hosts.Where(h => selector.All(kv => h.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                : t.Nodes!.Contains("*") ? hosts : hosts.Where(h => t.Nodes!.Contains(h.Name));
            result[t.Name] = chosen.Select(h => h.Name).ToList(); // hosts are already sorted
        }
        return result;
    }
}
