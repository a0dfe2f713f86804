using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// One short digest of what a tree holds by name, size and mtime: per file a 128-bit hash of (path, size, mtime),
/// summed lane by lane (a multiset hash), so the order of a directory walk, and the walk's parallelism,
/// do not matter. The state records the digest of the tree a build left; a build whose inputs did not
/// change compares it with a fresh walk instead of reading the state's 500,000 entries. A hand-edited
/// file (new mtime), a deleted one or a stray one changes the digest.
/// </summary>
/// <remarks>
/// XxHash128, not sha256: the digest guards against accidents (an edit, a stray file), not an adversary who
/// could write OUT anyway, and a walk beside the compiler hashes half a million entries (OpenSSL's sha256 cost
/// ~1 us a call there, more than the lstat(2)).
/// </remarks>
public readonly record struct TreeDigest(ulong A, ulong B, long Count)
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
        var hash = XxHash128.HashToUInt128(buffer[..(n + 16)]);
        return new TreeDigest((ulong)(hash >> 64), (ulong)hash, 1);
    }

    public static TreeDigest operator +(TreeDigest x, TreeDigest y) =>
        new(unchecked(x.A + y.A), unchecked(x.B + y.B), x.Count + y.Count);

    /// <summary>The form kept in the state file: two hex lanes and the file count.</summary>
    public override string ToString() => $"{A:x16}{B:x16}:{Count}";

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
