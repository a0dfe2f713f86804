using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Allocation;

/// <summary>
/// Reads evpnc.lock.yaml strictly: anything unexpected is EVPN101 at its position, and nothing is
/// guessed. Any pull request can edit the lock, so its values are checked like inputs: VNIs and
/// tables in range, router MACs unicast, no pod block or slice given to two hosts.
/// </summary>
public static partial class LockFileReader
{
    [GeneratedRegex(@"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")]
    private static partial Regex MacPattern();

    private sealed class Malformed(SourceSpan at, string detail) : Exception(detail)
    {
        public SourceSpan At { get; } = at;
    }

    /// <returns>the lock, or null when it is malformed (reported).</returns>
    public static LockFile? Read(SourceFile file, DiagnosticSink sink) => Read(file, LoadLimits.Default, sink);

    /// <summary>The lock is one large document (a value per allocation), so only the run's total bounds it.</summary>
    public static LockFile? Read(SourceFile file, LoadLimits limits, DiagnosticSink sink)
    {
        var local = new DiagnosticSink();
        var docs = YamlLoader.Load(file, limits with { MaxNodesPerDocument = (int)Math.Min(limits.MaxTotalNodes, int.MaxValue) }, local);
        foreach (var d in local.Sorted()) sink.Add(C.LockMalformed(d.Span, d.Message));
        if (local.HasErrors) return null;
        if (docs.Count == 0) return new LockFile(); // an empty file is an empty lock
        if (docs.Count > 1)
        {
            sink.Add(C.LockMalformed(docs[1].Start, "it must hold exactly one document"));
            return null;
        }
        try
        {
            return Parse(docs[0]);
        }
        catch (Malformed m)
        {
            sink.Add(C.LockMalformed(m.At, m.Message));
            return null;
        }
    }

    private static LockFile Parse(LoadedDocument doc)
    {
        var lockFile = new LockFile();
        var root = Obj(doc, "", doc.Root);
        if (Text(doc, "/apiVersion", root["apiVersion"]) != "evpnc/v1alpha1")
            throw new Malformed(doc.Map.Value("/apiVersion"), "expected 'apiVersion: evpnc/v1alpha1'");
        if (Text(doc, "/kind", root["kind"]) != "Lock")
            throw new Malformed(doc.Map.Value("/kind"), "expected 'kind: Lock'");
        foreach (var (key, _) in root)
            if (key is not ("apiVersion" or "kind" or "nodes" or "tenants" or "retired"))
                throw new Malformed(doc.Map.Key("/" + SourceMap.Escape(key)), $"unknown key '{key}'");

        foreach (var (name, value) in Obj(doc, "/nodes", root["nodes"]))
        {
            string p = "/nodes/" + SourceMap.Escape(name);
            var n = Obj(doc, p, value);
            var node = new NodeLock { Span = doc.Map.Key(p) };
            foreach (var (k, v) in n)
                node.RouterMac = k == "routerMac" ? ParseMac(doc, $"{p}/routerMac", v) : throw Unknown(doc, p, k);
            lockFile.Nodes[name] = node;
        }

        foreach (var (name, value) in Obj(doc, "/tenants", root["tenants"]))
        {
            string p = "/tenants/" + SourceMap.Escape(name);
            var t = new TenantLock { Span = doc.Map.Key(p) };
            foreach (var (k, v) in Obj(doc, p, value))
            {
                string kp = $"{p}/{SourceMap.Escape(k)}";
                switch (k)
                {
                    case "l3vni": t.L3Vni = Vni(doc, kp, v); break;
                    case "vrfTable": t.VrfTable = Table(doc, kp, v); break;
                    case "podBlocks": ReadPrefixes(doc, kp, v, t.PodBlocks); break;
                    case "retiredPodBlocks": ReadPrefixList(doc, kp, v, t.RetiredPodBlocks); break;
                    case "podBlocks6": ReadPrefixes6(doc, kp, v, t.PodBlocks6); break;
                    case "retiredPodBlocks6": ReadPrefixList6(doc, kp, v, t.RetiredPodBlocks6); break;
                    case "transfers":
                        foreach (var (border, ports) in Obj(doc, kp, v))
                        {
                            var byPort = new SortedDictionary<string, Ipv4Prefix>(StringComparer.Ordinal);
                            ReadPrefixes(doc, $"{kp}/{SourceMap.Escape(border)}", ports, byPort);
                            t.Transfers[border] = byPort;
                        }
                        break;
                    case "retiredTransfers": ReadPrefixList(doc, kp, v, t.RetiredTransfers); break;
                    case "l2Networks":
                        foreach (var (l2Name, l2Value) in Obj(doc, kp, v))
                        {
                            string lp = $"{kp}/{SourceMap.Escape(l2Name)}";
                            var l2 = new L2Lock();
                            foreach (var (lk, lv) in Obj(doc, lp, l2Value))
                            {
                                string lkp = $"{lp}/{SourceMap.Escape(lk)}";
                                switch (lk)
                                {
                                    case "vni": l2.Vni = Vni(doc, lkp, lv); break;
                                    case "slices": ReadPrefixes(doc, lkp, lv, l2.Slices); break;
                                    case "retiredSlices": ReadPrefixList(doc, lkp, lv, l2.RetiredSlices); break;
                                    case "slices6": ReadPrefixes6(doc, lkp, lv, l2.Slices6); break;
                                    case "retiredSlices6": ReadPrefixList6(doc, lkp, lv, l2.RetiredSlices6); break;
                                    default: throw Unknown(doc, lp, lk);
                                }
                            }
                            t.L2Networks[l2Name] = l2;
                        }
                        break;
                    default: throw Unknown(doc, p, k);
                }
            }
            lockFile.Tenants[name] = t;
        }

        foreach (var (k, v) in Obj(doc, "/retired", root["retired"]))
        {
            string p = "/retired/" + SourceMap.Escape(k);
            var target = k switch
            {
                "vni" => lockFile.Retired.Vni,
                "vrfTable" => lockFile.Retired.VrfTable,
                "routerMac" => lockFile.Retired.RouterMac,
                _ => throw Unknown(doc, "/retired", k),
            };
            foreach (var (value, owner) in Obj(doc, p, v))
            {
                string vp = $"{p}/{SourceMap.Escape(value)}";
                long key = k == "routerMac"
                    ? (long)(ParseMac(doc, vp, JsonValue.Create(value)).Value)
                    : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : throw new Malformed(doc.Map.Key(vp), $"'{value}' is not a number");
                target[key] = Text(doc, vp, owner);
            }
        }
        return lockFile;
    }

    private static Malformed Unknown(LoadedDocument doc, string parent, string key) =>
        new(doc.Map.Key($"{parent}/{SourceMap.Escape(key)}"), $"unknown key '{key}'");

    private static JsonObject Obj(LoadedDocument doc, string pointer, JsonNode? node) => node switch
    {
        null => [], // a missing or empty section
        JsonObject o => o,
        _ => throw new Malformed(doc.Map.Value(pointer), "expected a mapping"),
    };

    private static string Text(LoadedDocument doc, string pointer, JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new Malformed(doc.Map.Value(pointer), "expected text");

    private static long Number(LoadedDocument doc, string pointer, JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out long n) && n > 0 ? n : throw new Malformed(doc.Map.Value(pointer), "expected a positive integer");

    private static long Vni(LoadedDocument doc, string pointer, JsonNode? node)
    {
        long v = Number(doc, pointer, node);
        return v <= Limits.MaxVni ? v : throw new Malformed(doc.Map.Value(pointer), $"VNI {v} is outside 1..{Limits.MaxVni}");
    }

    /// <summary>At most 65535: the table is also the RD's number, which FRR truncates above that (and two tenants' RDs would meet).</summary>
    private static long Table(LoadedDocument doc, string pointer, JsonNode? node)
    {
        long v = Number(doc, pointer, node);
        if (v > Limits.MaxTable) throw new Malformed(doc.Map.Value(pointer), $"table {v} is outside 1..{Limits.MaxTable}");
        return Limits.ReservedTables.Contains(v) ? throw new Malformed(doc.Map.Value(pointer), $"table {v} is reserved by the kernel") : v;
    }

    private static Mac ParseMac(LoadedDocument doc, string pointer, JsonNode? node)
    {
        string s = Text(doc, pointer, node);
        if (!MacPattern().IsMatch(s)) throw new Malformed(doc.Map.Value(pointer), $"'{s}' is not a lowercase MAC address");
        var mac = Mac.Parse(s);
        return mac.IsMulticast ? throw new Malformed(doc.Map.Value(pointer), $"{s} is a multicast MAC address") : mac;
    }

    private static Ipv4Prefix ParsePrefix(LoadedDocument doc, string pointer, JsonNode? node)
    {
        string s = Text(doc, pointer, node);
        return PrefixPattern().IsMatch(s) ? Ipv4Prefix.Parse(s) : throw new Malformed(doc.Map.Value(pointer), $"'{s}' is not an IPv4 prefix");
    }

    private static void ReadPrefixes(LoadedDocument doc, string pointer, JsonNode? node, SortedDictionary<string, Ipv4Prefix> into) =>
        ReadBlocks(doc, pointer, node, into, ParsePrefix);

    private static void ReadPrefixes6(LoadedDocument doc, string pointer, JsonNode? node, SortedDictionary<string, Ipv6Prefix> into) =>
        ReadBlocks(doc, pointer, node, into, ParsePrefix6);

    /// <summary>Each host's block of one family, none given to two hosts.</summary>
    private static void ReadBlocks<T>(LoadedDocument doc, string pointer, JsonNode? node, SortedDictionary<string, T> into,
        Func<LoadedDocument, string, JsonNode?, T> parse) where T : struct, IBlockPrefix<T>
    {
        var read = new List<(T Prefix, string Host, string Pointer)>();
        foreach (var (host, v) in Obj(doc, pointer, node))
        {
            string p = $"{pointer}/{SourceMap.Escape(host)}";
            var prefix = parse(doc, p, v);
            read.Add((prefix, host, p));
            into[host] = prefix;
        }
        // Two hosts with one block would advertise the same prefix and hand out the same addresses. Prefixes
        // nest or lie apart: sorted by address (shorter first), a block overlaps an earlier one exactly when
        // the latest block that did not overlap covers it.
        read.Sort((x, y) => x.Prefix.CompareTo(y.Prefix));
        for (int i = 1, furthest = 0; i < read.Count; i++)
        {
            if (read[furthest].Prefix.Covers(read[i].Prefix))
                throw new Malformed(doc.Map.Value(read[i].Pointer),
                    $"{read[i].Prefix} of host '{read[i].Host}' overlaps {read[furthest].Prefix} of host '{read[furthest].Host}'");
            furthest = i;
        }
    }

    /// <summary>An IPv6 block as evpnc writes it: canonical text, no host bits.</summary>
    private static Ipv6Prefix ParsePrefix6(LoadedDocument doc, string pointer, JsonNode? node)
    {
        string s = Text(doc, pointer, node);
        return Ipv6Prefix.TryParse(s) is { HasHostBits: false } p && p.ToString() == s
            ? p : throw new Malformed(doc.Map.Value(pointer), $"'{s}' is not an IPv6 prefix in canonical form");
    }

    private static void ReadPrefixList6(LoadedDocument doc, string pointer, JsonNode? node, SortedSet<Ipv6Prefix> into)
    {
        if (node is not JsonArray a) throw new Malformed(doc.Map.Value(pointer), "expected a list");
        for (int i = 0; i < a.Count; i++) into.Add(ParsePrefix6(doc, $"{pointer}/{i}", a[i]));
    }

    private static void ReadPrefixList(LoadedDocument doc, string pointer, JsonNode? node, SortedSet<Ipv4Prefix> into)
    {
        if (node is not JsonArray a) throw new Malformed(doc.Map.Value(pointer), "expected a list");
        for (int i = 0; i < a.Count; i++) into.Add(ParsePrefix(doc, $"{pointer}/{i}", a[i]));
    }
}
