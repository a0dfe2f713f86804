using System.Globalization;
using System.Text;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Allocation;

/// <summary>Writes the lock file as sorted, one-value-per-line YAML, so a change is a small diff.</summary>
public static class LockFileWriter
{
    public const string Header =
        "# evpnc.lock.yaml: the value evpnc chose for every `auto` in the inputs.\n" +
        "# Commit it. Values never move while their owner exists; a deleted owner's\n" +
        "# values are retired and never handed out again. evpnc maintains this file.\n";

    public static string Write(LockFile lockFile)
    {
        var sb = new StringBuilder(Header);
        sb.Append("apiVersion: evpnc/v1alpha1\nkind: Lock\n");

        sb.Append("nodes:").Append(lockFile.Nodes.Count == 0 ? " {}\n" : "\n");
        foreach (var (name, node) in lockFile.Nodes)
        {
            sb.Append("  ").Append(name).Append(":\n");
            if (node.RouterMac is { } mac) sb.Append("    routerMac: \"").Append(mac).Append("\"\n");
        }

        sb.Append("tenants:").Append(lockFile.Tenants.Count == 0 ? " {}\n" : "\n");
        foreach (var (name, t) in lockFile.Tenants)
        {
            sb.Append("  ").Append(name).Append(":\n");
            Number(sb, "    l3vni", t.L3Vni);
            Number(sb, "    vrfTable", t.VrfTable);
            Prefixes(sb, "    podBlocks", t.PodBlocks);
            PrefixList(sb, "    retiredPodBlocks", t.RetiredPodBlocks);
            Prefixes(sb, "    podBlocks6", t.PodBlocks6);
            PrefixList(sb, "    retiredPodBlocks6", t.RetiredPodBlocks6);
            if (t.L2Networks.Count > 0)
            {
                sb.Append("    l2Networks:\n");
                foreach (var (l2Name, l2) in t.L2Networks)
                {
                    sb.Append("      ").Append(l2Name).Append(":\n");
                    Number(sb, "        vni", l2.Vni);
                    Prefixes(sb, "        slices", l2.Slices);
                    PrefixList(sb, "        retiredSlices", l2.RetiredSlices);
                    Prefixes(sb, "        slices6", l2.Slices6);
                    PrefixList(sb, "        retiredSlices6", l2.RetiredSlices6);
                }
            }
            if (t.Transfers.Count > 0)
            {
                sb.Append("    transfers:\n");
                foreach (var (border, ports) in t.Transfers) Prefixes(sb, "      " + border, ports);
            }
            PrefixList(sb, "    retiredTransfers", t.RetiredTransfers);
        }

        sb.Append("retired:\n");
        Retired(sb, "vni", lockFile.Retired.Vni, v => v.ToString(CultureInfo.InvariantCulture));
        Retired(sb, "vrfTable", lockFile.Retired.VrfTable, v => v.ToString(CultureInfo.InvariantCulture));
        Retired(sb, "routerMac", lockFile.Retired.RouterMac, v => $"\"{new Mac((ulong)v)}\"");
        return sb.ToString();
    }

    private static void Number(StringBuilder sb, string key, long? value)
    {
        if (value is { } v) sb.Append(key).Append(": ").Append(v.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void Prefixes(StringBuilder sb, string key, SortedDictionary<string, Ipv4Prefix> byHost)
    {
        if (byHost.Count == 0) return;
        sb.Append(key).Append(":\n");
        string indent = new(' ', key.Length - key.TrimStart().Length + 2);
        foreach (var (host, prefix) in byHost) sb.Append(indent).Append(host).Append(": ").Append(prefix).Append('\n');
    }

    /// <summary>IPv6 blocks are quoted: their ':' would otherwise have to be read with care in YAML.</summary>
    private static void Prefixes(StringBuilder sb, string key, SortedDictionary<string, Ipv6Prefix> byHost)
    {
        if (byHost.Count == 0) return;
        sb.Append(key).Append(":\n");
        string indent = new(' ', key.Length - key.TrimStart().Length + 2);
        foreach (var (host, prefix) in byHost) sb.Append(indent).Append(host).Append(": \"").Append(prefix).Append("\"\n");
    }

    private static void PrefixList(StringBuilder sb, string key, SortedSet<Ipv6Prefix> prefixes)
    {
        if (prefixes.Count == 0) return;
        sb.Append(key).Append(": [").Append(string.Join(", ", prefixes.Select(p => $"\"{p}\""))).Append("]\n");
    }

    private static void PrefixList(StringBuilder sb, string key, SortedSet<Ipv4Prefix> prefixes)
    {
        if (prefixes.Count == 0) return;
        sb.Append(key).Append(": [").Append(string.Join(", ", prefixes)).Append("]\n");
    }

    private static void Retired(StringBuilder sb, string key, SortedDictionary<long, string> values, Func<long, string> format)
    {
        sb.Append("  ").Append(key).Append(':').Append(values.Count == 0 ? " {}\n" : "\n");
        foreach (var (value, owner) in values) sb.Append("    ").Append(format(value)).Append(": ").Append(Text(owner)).Append('\n');
    }

    /// <summary>
    /// An owner's name as YAML text: plain, unless YAML would read it as something else (a tenant may be called `null`
    /// or `true`, a node `12`), then quoted; names have no quote or backslash to escape (the schema's name pattern).
    /// </summary>
    private static string Text(string owner) =>
        Loading.YamlCoreSchema.ResolvePlain(owner) is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? owner : $"\"{owner}\"";
}
