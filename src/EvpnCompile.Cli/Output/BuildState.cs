using System.Globalization;
using System.Text;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// What an incremental build remembers beside OUT (`.OUT.evpnc-state`): per file of the tree, the
/// fingerprint of what it was rendered from, the sha256 of its bytes, and its size and mtime when it was
/// written. An entry is trusted only while the file's size and mtime are still those (a file edited by
/// hand, or a tree copied over OUT, is rendered and compared again), so a stale or missing state costs
/// time, never correctness: the state is written after the swap, and a build killed between the two
/// leaves entries whose files no longer match them.
/// </summary>
public sealed class BuildState
{
    // 2: a third header line, the digest of the tree the entries describe (TreeDigest).
    // 3: that digest is XxHash128's (a state of 2 is read as none: one build compares every file, then writes a 3).
    private const string Header = "evpnc-build-state 3";
    private const string InputsPrefix = "inputs ";
    private const string TreePrefix = "tree ";

    /// <param name="Fingerprint">what the file was rendered from (RenderFingerprint).</param>
    /// <param name="Sha256">the sha256 of its bytes (manifest.json's value).</param>
    public readonly record struct Entry(Hash32 Fingerprint, Hash32 Sha256, long Size, long MtimeTicks);

    public IReadOnlyDictionary<string, Entry> Files { get; }

    /// <summary>
    /// The hash of everything the tree was built from (this evpnc, every input file, the lock after the
    /// build); null when unknown. Equal inputs and an untouched tree: nothing to lower, render or compare.
    /// </summary>
    public string? Inputs { get; }

    /// <summary>The <see cref="TreeDigest"/> of the files the entries describe (path, size, mtime); null when unknown.</summary>
    public string? Tree { get; }

    public BuildState(IReadOnlyDictionary<string, Entry> files, string? inputs = null, string? tree = null)
    {
        Files = files;
        Inputs = inputs;
        Tree = tree;
    }

    /// <summary>
    /// Only the header (inputs and tree digest), not the entries: what a build with unchanged inputs
    /// needs to prove OUT is what the last build left (a few bytes instead of a 100 MB file at 1000 x 250).
    /// </summary>
    public static (string? Inputs, string? Tree) ReadHeader(string path)
    {
        try
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false));
            return ReadHeader(reader);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    private static (string? Inputs, string? Tree) ReadHeader(StreamReader reader)
    {
        if (reader.ReadLine() != Header) return (null, null);
        static string? Field(string? line, string prefix) =>
            line is not null && line.StartsWith(prefix, StringComparison.Ordinal) && line.Length > prefix.Length ? line[prefix.Length..] : null;
        string? inputs = Field(reader.ReadLine(), InputsPrefix);
        string? tree = Field(reader.ReadLine(), TreePrefix);
        return tree is null ? (null, null) : (inputs, tree);
    }

    public static string PathFor(string outDir)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        return Path.Combine(Path.GetDirectoryName(outDir)!, $".{Path.GetFileName(outDir)}.evpnc-state");
    }

    /// <summary>The state beside OUT; empty when there is none or it cannot be read (then every file is compared).</summary>
    public static BuildState Read(string path)
    {
        var files = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false));
            var (inputs, tree) = ReadHeader(reader);
            if (tree is null) return new BuildState(files);
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split('\t');
                if (f.Length != 5 || f[1].Length != 64 || f[2].Length != 64
                    || !long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                    || !long.TryParse(f[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long mtime))
                    return new BuildState(new Dictionary<string, Entry>(StringComparer.Ordinal));   // damaged: trust nothing
                files[f[0]] = new Entry(Hash32.FromHex(f[1]), Hash32.FromHex(f[2]), size, mtime);
            }
            return new BuildState(files, inputs, tree);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            files.Clear();
        }
        return new BuildState(files);
    }

    /// <summary>Replaces the state file atomically (temporary file, then rename).</summary>
    /// <param name="entries">enumerated twice (the tree digest in the header, then the entries), never copied.</param>
    public static void Write(string path, string? inputs, IEnumerable<(string Path, Entry Entry)> entries)
    {
        var tree = TreeDigest.Empty;
        foreach (var (p, e) in entries) tree += TreeDigest.Of(p, e.Size, e.MtimeTicks);
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.Write(Header + "\n");
                writer.Write(InputsPrefix + inputs + "\n");
                writer.Write(TreePrefix + tree + "\n");
                foreach (var (p, e) in entries)
                {
                    writer.Write(p); writer.Write('\t');
                    writer.Write(e.Fingerprint.ToHex()); writer.Write('\t');
                    writer.Write(e.Sha256.ToHex()); writer.Write('\t');
                    writer.Write(e.Size.ToString(CultureInfo.InvariantCulture)); writer.Write('\t');
                    writer.Write(e.MtimeTicks.ToString(CultureInfo.InvariantCulture)); writer.Write('\n');
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Forgets the state (a build that could not finish writing it must not leave an older one trusted for new files).</summary>
    public static void Delete(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }
}
