using System.Text.Json;
using System.Text.Json.Nodes;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Allocation;

/// <summary>
/// Reads the lock from <see cref="LockFileScanner"/>'s tokens straight into a <see cref="LockFile"/>: no
/// YAML node tree, no JSON tree, no source map and no pointer string per value (at 1000 hosts x 250 tenants
/// the general path spent two seconds and 900 MB on those for a 17 MB lock).
///
/// It is a shortcut, not a second reader: it takes only what it is certain of (the YAML subset the scanner
/// knows, mappings and lists in the places <see cref="LockFileWriter"/> puts them, values the rules of
/// <see cref="LockValues"/> accept, within the load limits) and gives up (null) on anything else: YAML
/// outside the subset, a duplicate or unknown key, a value a rule refuses, a limit reached. The general
/// reader then reads the file and reports what it finds, so no diagnostic ever comes from here. For every
/// lock it takes it gives the general reader's result (a property test compares the two on generated locks
/// and on edits of them).
/// </summary>
internal sealed class LockFileFastReader
{
    private sealed class GiveUp : Exception;

    /// <summary>Below YAML's 1024-character bound on an implicit key, quotes and colon included.</summary>
    private const int MaxImplicitKey = 1000;

    private readonly string path;
    private readonly LoadLimits limits;
    private readonly long maxNodes;
    private readonly LockFileScanner scanner;
    private long nodes;

    /// <summary>
    /// One string per distinct key: host names recur in every tenant (250,000 keys, 1000 names at 1000 x 250),
    /// and the lock keeps them for the whole run.
    /// </summary>
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> nameLookup;

    private LockFileFastReader(SourceFile file, LoadLimits limits)
    {
        path = file.Path;
        this.limits = limits;
        // What the general reader allows the lock: one document bounded by the run's total (LockFileReader.ReadGeneral).
        maxNodes = Math.Min(limits.MaxTotalNodes, int.MaxValue);
        scanner = new LockFileScanner(file.Text);
        nameLookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <returns>the lock, or null when the general reader must decide.</returns>
    public static LockFile? TryRead(SourceFile file, LoadLimits limits)
    {
        // The general loader reports a file too large; the scanner takes no tab, so a tab's diagnostic is the loader's too.
        if (file.Text.Length > limits.MaxFileSize || limits.MaxDocumentsPerFile < 1) return null;
        try
        {
            return new LockFileFastReader(file, limits).Document();
        }
        catch (GiveUp)
        {
            return null;
        }
    }

    private LockFile Document()
    {
        var lockFile = Root();
        return Next() == LockToken.End ? lockFile : throw new GiveUp();
    }

    private LockFile Root()
    {
        if (!MappingOrEmpty(0)) throw new GiveUp();
        var lockFile = new LockFile();
        string? apiVersion = null, kind = null;
        bool nodesSeen = false, tenantsSeen = false, retiredSeen = false;
        while (Key() is { } key)
        {
            switch (key)
            {
                case "apiVersion" when apiVersion is null: apiVersion = Text(1); break;
                case "kind" when kind is null: kind = Text(1); break;
                case "nodes" when !nodesSeen: nodesSeen = true; Nodes(lockFile); break;
                case "tenants" when !tenantsSeen: tenantsSeen = true; Tenants(lockFile); break;
                case "retired" when !retiredSeen: retiredSeen = true; Retired(lockFile.Retired); break;
                default: throw new GiveUp(); // unknown or repeated
            }
        }
        return apiVersion == "evpnc/v1alpha1" && kind == "Lock" ? lockFile : throw new GiveUp();
    }

    private void Nodes(LockFile lockFile)
    {
        if (!MappingOrEmpty(1)) return;
        while (Key() is { } name)
        {
            var node = new NodeLock { Span = KeySpan() };
            AddNew(lockFile.Nodes, name, node);
            if (!MappingOrEmpty(2)) continue;
            bool macSeen = false;
            while (Key() is { } key)
            {
                if (key != "routerMac" || macSeen) throw new GiveUp();
                macSeen = true;
                node.RouterMac = LockValues.MacProblem(Text(3), out var mac) is null ? mac : throw new GiveUp();
            }
        }
    }

    private void Tenants(LockFile lockFile)
    {
        if (!MappingOrEmpty(1)) return;
        while (Key() is { } name)
        {
            var t = new TenantLock { Span = KeySpan() };
            AddNew(lockFile.Tenants, name, t);
            if (!MappingOrEmpty(2)) continue;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (Key() is { } key)
            {
                if (!seen.Add(key)) throw new GiveUp();
                switch (key)
                {
                    case "l3vni": t.L3Vni = Vni(3); break;
                    case "vrfTable": t.VrfTable = Table(3); break;
                    case "podBlocks": Blocks(3, t.PodBlocks); break;
                    case "retiredPodBlocks": List(3, t.RetiredPodBlocks); break;
                    case "podBlocks6": Blocks6(3, t.PodBlocks6); break;
                    case "retiredPodBlocks6": List6(3, t.RetiredPodBlocks6); break;
                    case "transfers": Transfers(t); break;
                    case "retiredTransfers": List(3, t.RetiredTransfers); break;
                    case "l2Networks": L2Networks(t); break;
                    default: throw new GiveUp();
                }
            }
        }
    }

    private void Transfers(TenantLock t)
    {
        if (!MappingOrEmpty(3)) return;
        while (Key() is { } border)
        {
            var byPort = new SortedDictionary<string, Ipv4Prefix>(StringComparer.Ordinal);
            AddNew(t.Transfers, border, byPort);
            Blocks(4, byPort);
        }
    }

    private void L2Networks(TenantLock t)
    {
        if (!MappingOrEmpty(3)) return;
        while (Key() is { } name)
        {
            var l2 = new L2Lock();
            AddNew(t.L2Networks, name, l2);
            if (!MappingOrEmpty(4)) continue;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (Key() is { } key)
            {
                if (!seen.Add(key)) throw new GiveUp();
                switch (key)
                {
                    case "vni": l2.Vni = Vni(5); break;
                    case "slices": Blocks(5, l2.Slices); break;
                    case "retiredSlices": List(5, l2.RetiredSlices); break;
                    case "slices6": Blocks6(5, l2.Slices6); break;
                    case "retiredSlices6": List6(5, l2.RetiredSlices6); break;
                    default: throw new GiveUp();
                }
            }
        }
    }

    private void Retired(RetiredValues retired)
    {
        if (!MappingOrEmpty(1)) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Key() is { } kind)
        {
            if (!seen.Add(kind)) throw new GiveUp();
            var target = kind switch
            {
                "vni" => retired.Vni,
                "vrfTable" => retired.VrfTable,
                "routerMac" => retired.RouterMac,
                _ => throw new GiveUp(),
            };
            if (!MappingOrEmpty(2)) continue;
            while (Key() is { } value)
            {
                long key = kind == "routerMac"
                    ? LockValues.MacProblem(value, out var mac) is null ? (long)mac.Value : throw new GiveUp()
                    : LockValues.TryRetiredNumber(value, out long n) ? n : throw new GiveUp();
                // Two spellings of one number ("7", "007") are two keys to YAML: the general reader decides.
                AddNew(target, key, Text(3));
            }
        }
    }

    private void Blocks(int depth, SortedDictionary<string, Ipv4Prefix> into)
    {
        if (!MappingOrEmpty(depth)) return;
        var read = new List<Ipv4Prefix>();
        while (Key() is { } host)
        {
            var prefix = Prefix(depth + 1);
            AddNew(into, host, prefix);
            read.Add(prefix);
        }
        NoOverlap(read);
    }

    private void Blocks6(int depth, SortedDictionary<string, Ipv6Prefix> into)
    {
        if (!MappingOrEmpty(depth)) return;
        var read = new List<Ipv6Prefix>();
        while (Key() is { } host)
        {
            var prefix = LockValues.Prefix6Problem(Text(depth + 1), out var p) is null ? p : throw new GiveUp();
            AddNew(into, host, prefix);
            read.Add(prefix);
        }
        NoOverlap(read);
    }

    /// <summary>No block given to two hosts (<see cref="LockValues.FirstOverlap"/>); evpnc writes them in order, so mostly no sort.</summary>
    private static void NoOverlap<T>(List<T> read) where T : struct, IBlockPrefix<T>
    {
        for (int i = 1; i < read.Count; i++)
            if (read[i - 1].CompareTo(read[i]) > 0)
            {
                read.Sort();
                break;
            }
        if (LockValues.FirstOverlap(read, p => p) is not null) throw new GiveUp();
    }

    /// <summary>
    /// An IPv4 prefix, read from the scalar's characters: any text the rule accepts holds a '/', so the core
    /// schema leaves it a string whether plain or quoted.
    /// </summary>
    private Ipv4Prefix Prefix(int depth)
    {
        Scalar(depth);
        return LockValues.TryParsePrefix(scanner.Value, out var prefix) ? prefix : throw new GiveUp();
    }

    private void List(int depth, SortedSet<Ipv4Prefix> into)
    {
        StartList(depth);
        while (Item(depth + 1) is { } text)
            into.Add(LockValues.TryParsePrefix(text, out var p) ? p : throw new GiveUp());
    }

    private void List6(int depth, SortedSet<Ipv6Prefix> into)
    {
        StartList(depth);
        while (Item(depth + 1) is { } text)
            into.Add(LockValues.Prefix6Problem(text, out var p) is null ? p : throw new GiveUp());
    }

    private long Vni(int depth)
    {
        long v = Number(depth);
        return LockValues.VniProblem(v) is null ? v : throw new GiveUp();
    }

    private long Table(int depth)
    {
        long v = Number(depth);
        return LockValues.TableProblem(v) is null ? v : throw new GiveUp();
    }

    /// <summary>A positive integer as the general reader takes it: a plain scalar the core schema makes an integer.</summary>
    private long Number(int depth)
    {
        bool plain = Scalar(depth);
        string s = scanner.Value.ToString();
        var node = plain ? YamlCoreSchema.ResolvePlain(s) : JsonValue.Create(s);
        return LockValues.IsPositiveInteger(node, out long n) ? n : throw new GiveUp();
    }

    /// <summary>Text as the general reader takes it: a quoted scalar, or a plain one the core schema leaves a string.</summary>
    private string Text(int depth)
    {
        bool plain = Scalar(depth);
        string s = scanner.Value.ToString();
        return !plain || PlainIsText(s) ? s : throw new GiveUp();
    }

    /// <summary>
    /// Whether <see cref="YamlCoreSchema.ResolvePlain"/> gives a string. Every other form it knows (null, booleans,
    /// decimal, octal, hex, float) is spelled with the characters below only, so text with any other character (a
    /// prefix's '/') is text without asking; the rest asks the schema itself.
    /// </summary>
    private static bool PlainIsText(string text)
    {
        foreach (char c in text)
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or '~' || "abcdeflnorstuxABCDEFLNRSTU".Contains(c))) return true;
        return YamlCoreSchema.ResolvePlain(text) is JsonValue v && v.GetValueKind() == JsonValueKind.String;
    }

    private void StartList(int depth)
    {
        if (Next() != LockToken.SequenceStart) throw new GiveUp();
        Count(depth);
    }

    /// <returns>the next item's text, or null at the end of the list.</returns>
    private string? Item(int depth)
    {
        if (scanner.Peek() == LockToken.SequenceEnd)
        {
            Next();
            return null;
        }
        return Text(depth);
    }

    /// <summary>
    /// A mapping's start (true: its keys follow), or a plain scalar the core schema makes null (false: an empty
    /// section, as the general reader reads a missing or empty one).
    /// </summary>
    private bool MappingOrEmpty(int depth)
    {
        if (scanner.Peek() == LockToken.MappingStart)
        {
            Next();
            Count(depth);
            return true;
        }
        return Scalar(depth) && YamlCoreSchema.ResolvePlain(scanner.Value.ToString()) is null ? false : throw new GiveUp();
    }

    /// <returns>the next key (one string per distinct key), or null at the end of the mapping.</returns>
    private string? Key()
    {
        var token = Next();
        if (token == LockToken.MappingEnd) return null;
        if (token != LockToken.Key) throw new GiveUp();
        // A key is not a value: the general loader neither counts it nor limits its depth, only its length.
        // YAML bounds an implicit key to 1024 characters whatever the limit (the parser refuses a longer one).
        var text = scanner.Value;
        if (text.Length > limits.MaxScalarLength || text.Length > MaxImplicitKey) throw new GiveUp();
        if (!nameLookup.TryGetValue(text, out string? name))
        {
            name = text.ToString();
            names.Add(name, name);
        }
        return name;
    }

    /// <returns>whether the scalar is plain (else it is double-quoted).</returns>
    private bool Scalar(int depth)
    {
        var token = Next();
        if (token is not (LockToken.PlainScalar or LockToken.QuotedScalar)) throw new GiveUp();
        Count(depth);
        if (scanner.Value.Length > limits.MaxScalarLength) throw new GiveUp();
        return token == LockToken.PlainScalar;
    }

    /// <summary>
    /// A key a mapping has not had yet (YAML refuses a repeated one). One walk of the tree where TryAdd takes
    /// two: a repeated key is rare, so its exception is cheap enough.
    /// </summary>
    private static void AddNew<TKey, TValue>(SortedDictionary<TKey, TValue> into, TKey key, TValue value) where TKey : notnull
    {
        try
        {
            into.Add(key, value);
        }
        catch (ArgumentException)
        {
            throw new GiveUp();
        }
    }

    /// <summary>Each value counts against the lock's node limit and sits at a depth, as in the general loader.</summary>
    private void Count(int depth)
    {
        if (++nodes > maxNodes || depth > limits.MaxDepth) throw new GiveUp();
    }

    private SourceSpan KeySpan()
    {
        var (line, column, endColumn) = scanner.Position;
        return new SourceSpan(path, line, column, line, endColumn);
    }

    private LockToken Next()
    {
        var token = scanner.Next();
        return token == LockToken.Unsupported ? throw new GiveUp() : token;
    }
}
