using System.Text;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Compares a whole rendered tree with its committed verified copy: every file byte for byte, and
/// no verified file that the build no longer produces. Mismatches are written as received files
/// (NAME.received.EXT) and reported together with their diffs. EVPNC_ACCEPT=1 accepts the new tree.
/// </summary>
public static class SnapshotTree
{
    public static void Match(string verifiedRoot, IReadOnlyList<OutputFile> files)
    {
        var produced = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var stale = Directory.Exists(verifiedRoot)
            ? Directory.EnumerateFiles(verifiedRoot, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(verifiedRoot, p).Replace('\\', '/'))
                .Where(p => !p.Contains(".received", StringComparison.Ordinal) && !produced.Contains(p)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (Snapshot.Accepting)
            foreach (var path in stale) File.Delete(Path.Combine(verifiedRoot, path));

        var failures = new StringBuilder();
        foreach (var f in files)
        {
            try { Snapshot.Match(Path.Combine(verifiedRoot, f.Path), f.Content); }
            catch (Xunit.Sdk.FailException ex) { failures.Append(ex.Message).Append('\n'); }
        }
        if (!Snapshot.Accepting && stale.Count > 0)
            failures.Append("verified files the build no longer produces: ").Append(string.Join(", ", stale)).Append('\n');
        if (failures.Length > 0) Assert.Fail(failures.ToString());
    }
}
