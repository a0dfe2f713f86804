using System.Text.Json;
using EvpnCompile.Cli.Output;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Model;

namespace EvpnCompile.Cli.Diff;

public enum ChangeKind { Added, Changed, Removed }

/// <param name="Apply">what applies the file on its node after the change (null: nothing to run).</param>
/// <param name="ReloadDelta">for frr.conf: the lines frr-reload.py would delete and add, when FRR is installed.</param>
public sealed record FileChange(string Path, ChangeKind Kind, string? Node, string? Apply, string UnifiedDiff, string? ReloadDelta = null);

public sealed record TenantChange(string Name, ChangeKind Kind);

/// <summary>What changes between two rendered fabrics: files, the nodes and tenants they touch, and what must reload.</summary>
public sealed record FabricDiff(string BaseRevision, IReadOnlyList<FileChange> Files, IReadOnlyList<TenantChange> Tenants)
{
    public bool IsEmpty => Files.Count == 0;

    /// <summary>Nodes with a changed file, by name; cluster-wide files are under "(cluster)", fabric files under "(fabric)".</summary>
    public IReadOnlyList<string> Nodes => Files.Select(f => f.Node).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    public static FabricDiff Compare(string baseRevision, IReadOnlyList<OutputFile> before, IReadOnlyList<OutputFile> after,
        FabricModel beforeModel, FabricModel afterModel)
    {
        var old = before.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var now = after.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changes = new List<FileChange>();
        foreach (var path in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            if (path == "manifest.json") continue; // it changes with every file; its entries are what this report lists
            old.TryGetValue(path, out var o);
            now.TryGetValue(path, out var n);
            if (o is not null && n is not null && o.Content == n.Content) continue;
            var kind = o is null ? ChangeKind.Added : n is null ? ChangeKind.Removed : ChangeKind.Changed;
            var file = n ?? o!;
            changes.Add(new FileChange(path, kind, file.Node, file.Apply, UnifiedDiff.Create(path, o?.Content, n?.Content)));
        }
        string Json(TenantModel t) => JsonSerializer.Serialize(t);
        var oldTenants = beforeModel.Tenants.ToDictionary(t => t.Name, Json, StringComparer.Ordinal);
        var newTenants = afterModel.Tenants.ToDictionary(t => t.Name, Json, StringComparer.Ordinal);
        var tenants = oldTenants.Keys.Union(newTenants.Keys).Order(StringComparer.Ordinal)
            .Select(name => !oldTenants.TryGetValue(name, out var o) ? new TenantChange(name, ChangeKind.Added)
                : !newTenants.TryGetValue(name, out var n) ? new TenantChange(name, ChangeKind.Removed)
                : o == n ? null : new TenantChange(name, ChangeKind.Changed))
            .OfType<TenantChange>().ToList();
        return new FabricDiff(baseRevision, changes, tenants);
    }
}
