using System.Buffers.Binary;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// One short digest of what a tree holds by name, size and mtime: per file sha256(path, size, mtime),
/// summed lane by lane (a multiset hash), so the order of a directory walk, and the walk's parallelism,
/// do not matter. The state records the digest of the tree a build left; a build whose inputs did not
/// change compares it with a fresh walk instead of reading the state's 500,000 entries. A hand-edited
/// file (new mtime), a deleted one or a stray one changes the digest.
/// </summary>
public readonly record struct TreeDigest(ulong A, ulong B, ulong C, ulong D, long Count)
{
    private static readonly UTF8Encoding utf8 = new(false);

    public static TreeDigest Empty => default;

    public static TreeDigest Of(string path, long size, long mtimeTicks)
    {
        int max = utf8.GetMaxByteCount(path.Length) + 17;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[max] : new byte[max];
        int n = utf8.GetBytes(path, buffer);
        buffer[n++] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[n..], size);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[(n + 8)..], mtimeTicks);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer[..(n + 16)], hash);
        return new TreeDigest(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]), BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]), 1);
    }

    public static TreeDigest operator +(TreeDigest x, TreeDigest y) =>
        new(unchecked(x.A + y.A), unchecked(x.B + y.B), unchecked(x.C + y.C), unchecked(x.D + y.D), x.Count + y.Count);

    /// <summary>The form kept in the state file: four hex lanes and the file count.</summary>
    public override string ToString() => $"{A:x16}{B:x16}{C:x16}{D:x16}:{Count}";

    /// <summary>
    /// Walks OUT (every file, at any depth; folders below the second level, a node's folder, in parallel)
    /// and returns the digest of what is there. An absent OUT is the empty tree.
    /// </summary>
    /// <param name="threads">at most this many threads walk at once (-1: as many as the runtime likes).</param>
    public static TreeDigest OfTree(string outDir, int threads = -1)
    {
        var sum = Empty;
        foreach (var part in TreeWalk.Parts(outDir, () => new Sum(), (s, path, size, mtime) => s.Value += Of(path, size, mtime), threads))
            sum += part.Value;
        return sum;
    }

    private sealed class Sum
    {
        public TreeDigest Value;
    }
}

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
