using System.Text.RegularExpressions;

namespace EvpnCompile.Core.Audit;

/// <summary>
/// Reads a sysctl.d(5) file as systemd-sysctl and procps' `sysctl --system` do, and finds what they
/// would only log and skip: a line that is not `key = value`, a key outside /proc/sys's roots, a key
/// set twice (the later one wins in silence). Whether the running kernel has each key is the CLI's
/// check (it reads /proc/sys); this one is text only.
/// </summary>
public static partial class SysctlFileCheck
{
    /// <summary>The folders directly under /proc/sys.</summary>
    public static readonly IReadOnlySet<string> Roots =
        new HashSet<string>(["abi", "crypto", "debug", "dev", "fs", "kernel", "net", "sunrpc", "user", "vm"], StringComparer.Ordinal);

    /// <summary>One assignment: its line (1-based), its key (dotted), its value, and whether it had the leading '-'.</summary>
    public sealed record Entry(int Line, string Key, string Value, bool IgnoreMissing)
    {
        /// <summary>The file under /proc/sys the key names ('.' separates, as sysctl.d says when the first separator is a dot).</summary>
        public string ProcPath => "/proc/sys/" + Key.Replace('.', '/');
    }

    public sealed record Result(IReadOnlyList<Entry> Entries, IReadOnlyList<VerifyFinding> Findings);

    // Segments as the kernel names them (ip_forward, gc_thresh1, rp_filter) or as evpnc names devices.
    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$")]
    private static partial Regex KeyForm();

    public static Result Check(string path, string text)
    {
        var entries = new List<Entry>();
        var findings = new List<VerifyFinding>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int line = i + 1;
            string l = lines[i].Trim();
            if (l.Length == 0 || l[0] is '#' or ';') continue;
            bool ignore = l[0] == '-';
            if (ignore) l = l[1..];
            int eq = l.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) { findings.Add(new(path, line, 1, $"not 'key = value': '{lines[i].Trim()}'")); continue; }
            string key = l[..eq].Trim(), value = l[(eq + 1)..].Trim();
            if (!KeyForm().IsMatch(key)) { findings.Add(new(path, line, 1, $"'{key}' is not a sysctl key (dotted names of letters, digits, '_' and '-')")); continue; }
            string root = key[..key.IndexOf('.', StringComparison.Ordinal)];
            if (!Roots.Contains(root)) { findings.Add(new(path, line, 1, $"'{key}': /proc/sys has no '{root}' (it has {string.Join(", ", Roots.Order(StringComparer.Ordinal))})")); continue; }
            if (value.Length == 0) { findings.Add(new(path, line, 1, $"'{key}' has no value")); continue; }
            if (seen.TryGetValue(key, out int first)) findings.Add(new(path, line, 1, $"'{key}' is already set on line {first}: the later one wins"));
            else seen[key] = line;
            entries.Add(new Entry(line, key, value, ignore));
        }
        return new Result(entries, findings);
    }
}
