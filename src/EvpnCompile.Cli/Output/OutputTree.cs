using System.Diagnostics;
using System.Text;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Output;

/// <summary>How the rendered files differ from what the output folder holds now.</summary>
/// Old contents are not kept (a large fabric's tree is gigabytes); a diff reads them again.
public sealed record TreeComparison(
    string Root, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, IReadOnlySet<string> Same)
{
    public int Unchanged => Same.Count;
    public bool IsUnchanged => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;
    public string ReadExisting(string path) => File.ReadAllText(Path.Combine(Root, path), new UTF8Encoding(false));
}

/// <summary>
/// Writes the output tree atomically. The new tree is staged beside OUT (files whose bytes did not
/// change are hard links to the old ones, so they are not rewritten), then swapped with OUT in one
/// renameat2(RENAME_EXCHANGE): a build killed at any moment leaves the previous tree whole.
/// Stale files (of removed nodes or tenants) are gone because the staged tree never had them.
/// </summary>
public static class OutputTree
{
    private static readonly UTF8Encoding utf8 = new(false);
    private const string StagingMarker = ".evpnc-staging-";

    public static TreeComparison Compare(string outDir, IReadOnlyList<OutputFile> files)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(outDir))
            foreach (var path in Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories))
                existing.Add(Path.GetRelativePath(outDir, path).Replace('\\', '/'));
        var added = new List<string>();
        var changed = new List<string>();
        var same = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            if (!existing.Contains(f.Path)) added.Add(f.Path);
            else if (File.ReadAllBytes(Path.Combine(outDir, f.Path)).AsSpan().SequenceEqual(utf8.GetBytes(f.Content))) same.Add(f.Path);
            else changed.Add(f.Path);
        }
        var produced = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var removed = existing.Where(p => !produced.Contains(p)).Order(StringComparer.Ordinal).ToList();
        return new TreeComparison(outDir, added, changed, removed, same);
    }

    public static void Write(string outDir, IReadOnlyList<OutputFile> files, TreeComparison comparison)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        string parent = Path.GetDirectoryName(outDir)!;
        string name = Path.GetFileName(outDir);
        Directory.CreateDirectory(parent);
        RemoveAbandonedStaging(parent, name);

        string staging = Path.Combine(parent, $".{name}{StagingMarker}{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        try
        {
            foreach (var f in files)
            {
                string target = Path.Combine(staging, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                string old = Path.Combine(outDir, f.Path);
                bool same = comparison.Same.Contains(f.Path);
                if (same && NativeFiles.TryHardLink(old, target)) continue;
                File.WriteAllBytes(target, utf8.GetBytes(f.Content));
                if (same) File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(old));
            }
            SwapIn(staging, outDir);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The staging folder of this process beside OUT.</summary>
    internal static string StagingPath(string outDir)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        return Path.Combine(Path.GetDirectoryName(outDir)!, $".{Path.GetFileName(outDir)}{StagingMarker}{Environment.ProcessId}");
    }

    /// <summary>Makes the complete staged tree OUT in one step, then removes the previous tree.</summary>
    internal static void SwapIn(string staging, string outDir)
    {
        // The state describes the tree being replaced: forget it first (a build that changes OUT writes a new one
        // after the swap), so that no build, not one killed right after the swap, leaves a state that names a
        // tree OUT no longer is. A build with unchanged inputs trusts a walk of OUT only under the state it read.
        BuildState.Delete(BuildState.PathFor(outDir));
        if (!Directory.Exists(outDir)) Directory.Move(staging, outDir);
        else if (NativeFiles.TryExchange(staging, outDir)) DeleteTree(staging);
        else
        {
            // No atomic swap here (not Linux, or the file system refuses): two renames, a short window.
            string previous = staging + ".old";
            Directory.Move(outDir, previous);
            Directory.Move(staging, outDir);
            DeleteTree(previous);
        }
    }

    /// <summary>Deletes a tree, its node folders in parallel (a large fabric's tree has hundreds of thousands of files).</summary>
    internal static void DeleteTree(string dir)
    {
        string nodes = Path.Combine(dir, "nodes");
        if (Directory.Exists(nodes))
            Parallel.ForEach(Directory.EnumerateDirectories(nodes), d => Directory.Delete(d, recursive: true));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// Removes staging folders of killed builds beside OUT. Every writing build calls it, also when
    /// the tree is unchanged: a build killed after the swap leaves the new tree and a stale staging folder.
    /// </summary>
    public static void RemoveAbandonedStaging(string outDir)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        string parent = Path.GetDirectoryName(outDir)!;
        if (Directory.Exists(parent)) RemoveAbandonedStaging(parent, Path.GetFileName(outDir));
    }

    /// <summary>Staging folders of builds that were killed: their process is gone.</summary>
    internal static void RemoveAbandonedStaging(string parent, string name)
    {
        foreach (var dir in Directory.EnumerateDirectories(parent, $".{name}{StagingMarker}*"))
        {
            string suffix = dir[(dir.LastIndexOf(StagingMarker, StringComparison.Ordinal) + StagingMarker.Length)..].Replace(".old", "");
            if (int.TryParse(suffix, out int pid) && pid != Environment.ProcessId && IsAlive(pid)) continue;
            DeleteTree(dir);
        }
    }

    private static bool IsAlive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }
}
