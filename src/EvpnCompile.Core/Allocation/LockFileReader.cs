using System.Text.Json;
using System.Text.Json.Nodes;
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
public static class LockFileReader
{
    private sealed class Malformed(SourceSpan at, string detail) : Exception(detail)
    {
        public SourceSpan At { get; } = at;
    }

    /// <returns>the lock, or null when it is malformed (reported).</returns>
    public static LockFile? Read(SourceFile file, DiagnosticSink sink) => Read(file, LoadLimits.Default, sink);

    /// <summary>The lock is one large document (a value per allocation), so only the run's total bounds it.</summary>
    public static LockFile? Read(SourceFile file, LoadLimits limits, DiagnosticSink sink) =>
        LockFileFastReader.TryRead(file, limits) ?? ReadGeneral(file, limits, sink);

    /// <summary>
    /// The general path: the whole YAML loader (a node tree and a source map), so every problem is reported
    /// where it stands. <see cref="Read"/> comes here whenever the fast reader is not certain.
    /// </summary>
    internal static LockFile? ReadGeneral(SourceFile file, LoadLimits limits, DiagnosticSink sink)
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
                    : LockValues.TryRetiredNumber(value, out long n) ? n : throw new Malformed(doc.Map.Key(vp), $"'{value}' is not a number");
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
        LockValues.IsPositiveInteger(node, out long n) ? n : throw new Malformed(doc.Map.Value(pointer), "expected a positive integer");

    private static long Vni(LoadedDocument doc, string pointer, JsonNode? node)
    {
        long v = Number(doc, pointer, node);
        return LockValues.VniProblem(v) is { } problem ? throw new Malformed(doc.Map.Value(pointer), problem) : v;
    }

    private static long Table(LoadedDocument doc, string pointer, JsonNode? node)
    {
        long v = Number(doc, pointer, node);
        return LockValues.TableProblem(v) is { } problem ? throw new Malformed(doc.Map.Value(pointer), problem) : v;
    }

    private static Mac ParseMac(LoadedDocument doc, string pointer, JsonNode? node) =>
        LockValues.MacProblem(Text(doc, pointer, node), out var mac) is { } problem ? throw new Malformed(doc.Map.Value(pointer), problem) : mac;

    private static Ipv4Prefix ParsePrefix(LoadedDocument doc, string pointer, JsonNode? node) =>
        LockValues.PrefixProblem(Text(doc, pointer, node), out var prefix) is { } problem ? throw new Malformed(doc.Map.Value(pointer), problem) : prefix;

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
        read.Sort((x, y) => x.Prefix.CompareTo(y.Prefix));
        if (LockValues.FirstOverlap(read, r => r.Prefix) is var (i, furthest))
            throw new Malformed(doc.Map.Value(read[i].Pointer),
                $"{read[i].Prefix} of host '{read[i].Host}' overlaps {read[furthest].Prefix} of host '{read[furthest].Host}'");
    }

    private static Ipv6Prefix ParsePrefix6(LoadedDocument doc, string pointer, JsonNode? node) =>
        LockValues.Prefix6Problem(Text(doc, pointer, node), out var prefix) is { } problem ? throw new Malformed(doc.Map.Value(pointer), problem) : prefix;

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
