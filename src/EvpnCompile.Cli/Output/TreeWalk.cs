using System.IO.Enumeration;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// Every file under a tree, at any depth, by its path under the tree, size and mtime. The top two levels are walked
/// first; each folder below them (a node's folder under nodes/) is walked whole on a thread of its own. Folders that are
/// links are never followed.
/// </summary>
internal static class TreeWalk
{
    /// <summary>One <typeparamref name="T"/> per part of the walk, each filled by <paramref name="visit"/> on one thread.</summary>
    /// <param name="threads">at most this many threads walk at once (-1: as many as the runtime likes).</param>
    public static IReadOnlyList<T> Parts<T>(string root, Func<T> part, Action<T, string, long, long> visit, int threads = -1)
    {
        root = Path.GetFullPath(root).TrimEnd('/');
        if (!Directory.Exists(root)) return [];
        var deep = new List<(string Dir, string Rel)>();
        var top = part();
        Walk(root, "", recurse: false, deep, expand: 2, top, visit);
        var parts = new T[deep.Count + 1];
        parts[0] = top;
        Parallel.For(0, deep.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var p = part();
            Walk(deep[i].Dir, deep[i].Rel, recurse: true, null, 0, p, visit);
            parts[i + 1] = p;
        });
        return parts;
    }

    /// <param name="rel">the folder's path under the root, with a trailing '/' ("" for the root).</param>
    /// <param name="expand">levels of folders walked here before they are handed to <paramref name="deep"/>.</param>
    private static void Walk<T>(string dir, string rel, bool recurse, List<(string, string)>? deep, int expand, T part, Action<T, string, long, long> visit)
    {
        int skip = dir.Length + 1;
        var entries = new FileSystemEnumerable<(bool Folder, string Name, long Size, long Mtime, string Full)>(dir,
            (ref FileSystemEntry e) => e.IsDirectory
                ? (true, (e.Directory.Length > dir.Length ? e.Directory[skip..].ToString() + "/" : "") + e.FileName.ToString(), 0L, 0L, e.ToFullPath())
                : (false, (e.Directory.Length > dir.Length ? e.Directory[skip..].ToString() + "/" : "") + e.FileName.ToString(), e.Length, e.LastWriteTimeUtc.UtcTicks, ""),
            new EnumerationOptions { RecurseSubdirectories = recurse, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            // Files, and folders that are not links (a walk never follows a link).
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory || (!recurse && (e.Attributes & FileAttributes.ReparsePoint) == 0),
        };
        foreach (var (folder, name, size, mtime, full) in entries)
        {
            if (!folder) { visit(part, rel + name, size, mtime); continue; }
            if (expand > 1) Walk(full, rel + name + "/", recurse: false, deep, expand - 1, part, visit);
            else deep!.Add((full, rel + name + "/"));
        }
    }
}
