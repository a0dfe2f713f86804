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
    private const string Header = "evpnc-build-state 1";
    private const string InputsPrefix = "inputs ";

    /// <param name="Fingerprint">what the file was rendered from (RenderFingerprint), 32 bytes.</param>
    /// <param name="Sha256">the sha256 of its bytes, lower-case hex (manifest.json's value).</param>
    public sealed record Entry(byte[] Fingerprint, string Sha256, long Size, long MtimeTicks);

    public IReadOnlyDictionary<string, Entry> Files { get; }

    /// <summary>
    /// The hash of everything the tree was built from (this evpnc, every input file, the lock after the
    /// build); null when unknown. Equal inputs and an untouched tree: nothing to lower, render or compare.
    /// </summary>
    public string? Inputs { get; }

    public BuildState(IReadOnlyDictionary<string, Entry> files, string? inputs = null)
    {
        Files = files;
        Inputs = inputs;
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
            if (reader.ReadLine() != Header) return new BuildState(files);
            string? inputs = reader.ReadLine() is { } first && first.StartsWith(InputsPrefix, StringComparison.Ordinal) ? first[InputsPrefix.Length..] : null;
            if (inputs == "") inputs = null;
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split('\t');
                if (f.Length != 5 || f[1].Length != 64 || f[2].Length != 64
                    || !long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                    || !long.TryParse(f[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long mtime))
                    return new BuildState(new Dictionary<string, Entry>(StringComparer.Ordinal));   // damaged: trust nothing
                files[f[0]] = new Entry(Convert.FromHexString(f[1]), f[2], size, mtime);
            }
            return new BuildState(files, inputs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            files.Clear();
        }
        return new BuildState(files);
    }

    /// <summary>Replaces the state file atomically (temporary file, then rename).</summary>
    public static void Write(string path, string? inputs, IEnumerable<(string Path, Entry Entry)> entries)
    {
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.Write(Header + "\n");
                writer.Write(InputsPrefix + inputs + "\n");
                foreach (var (p, e) in entries)
                {
                    writer.Write(p); writer.Write('\t');
                    writer.Write(Convert.ToHexStringLower(e.Fingerprint)); writer.Write('\t');
                    writer.Write(e.Sha256); writer.Write('\t');
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
