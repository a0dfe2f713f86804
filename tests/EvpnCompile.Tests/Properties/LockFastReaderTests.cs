using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using EvpnCompile.Core;
using EvpnCompile.Core.Allocation;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Tests.Properties;

/// <summary>
/// The lock's fast reader is only a shortcut: for every lock it takes, the general reader gives the same
/// LockFile (every value and every span); for everything else <see cref="LockFileReader.Read(SourceFile, DiagnosticSink)"/>
/// gives exactly the general reader's diagnostics. Checked on locks of compiled fabrics, on random locks
/// covering every field, and on random edits of both.
/// </summary>
public class LockFastReaderTests
{
    private static long Scale => long.TryParse(Environment.GetEnvironmentVariable("EVPNC_PROPERTY_SCALE"), out long s) && s > 0 ? s : 1;

    private const string LockPath = "evpnc.lock.yaml";

    /// <summary>Addresses and prefixes as their text (their records nest: a prefix's Network is a prefix).</summary>
    private sealed class AsText<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value!.ToString());
    }

    private static readonly JsonSerializerOptions DumpOptions = new() { Converters = { new AsText<Ipv4Prefix>(), new AsText<Ipv6Prefix>(), new AsText<Mac>() } };

    /// <summary>Everything a LockFile holds, spans and empty entries included, as text to compare.</summary>
    private static string Dump(LockFile lockFile) => JsonSerializer.Serialize(lockFile, DumpOptions);

    private static LockFile? General(string text, DiagnosticSink sink, LoadLimits? limits = null) =>
        LockFileReader.ReadGeneral(new SourceFile(LockPath, text), limits ?? LoadLimits.Default, sink);

    /// <summary>Reads <paramref name="text"/> both ways and checks they agree; returns whether the fast reader took it.</summary>
    private static bool AssertAgree(string text, LoadLimits? limits = null)
    {
        limits ??= LoadLimits.Default;
        var file = new SourceFile(LockPath, text);
        var generalSink = new DiagnosticSink();
        var general = General(text, generalSink, limits);
        var fast = LockFileFastReader.TryRead(file, limits);
        if (fast is not null)
        {
            Assert.True(generalSink.Sorted().Count == 0, $"the fast reader took a lock the general one refuses:\n{string.Join("\n", generalSink.Sorted())}\n{text}");
            Assert.Equal(Dump(general!), Dump(fast));
        }
        // The public entry: the fast result, or exactly the general reader's diagnostics.
        var sink = new DiagnosticSink();
        var read = LockFileReader.Read(file, limits, sink);
        Assert.Equal(generalSink.Sorted().Select(d => d.ToString() + " " + d.Message), sink.Sorted().Select(d => d.ToString() + " " + d.Message));
        Assert.Equal(general is null, read is null);
        if (read is not null) Assert.Equal(Dump(general!), Dump(read));
        return fast is not null;
    }

    private static string CompiledLock(string yaml)
    {
        var result = Compiler.Compile(new CompileRequest([new SourceFile("fabric.yaml", yaml)], null, LockPath));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.LockText!;
    }

    [Fact]
    public void Locks_of_compiled_fabrics_are_read_fast_and_alike()
    {
        FabricGen.Valid.Sample(fabric => Assert.True(AssertAgree(CompiledLock(fabric.Yaml)), "the fast reader gave up on a lock evpnc wrote"),
            iter: 40 * Scale, threads: 1);
    }

    [Fact]
    public void Random_locks_are_read_alike_and_fast_whenever_they_are_valid()
    {
        Gen.Int.Array[128].Sample(dice =>
        {
            string text = LockFileWriter.Write(RandomLock(dice, valid: dice[0] % 2 == 0));
            bool fast = AssertAgree(text);
            // Whatever evpnc writes that the general reader accepts is the fast reader's to take.
            Assert.True(fast || General(text, new DiagnosticSink()) is null, "the fast reader gave up on a valid lock:\n" + text);
        }, iter: 400 * Scale, threads: 1);
    }

    /// <summary>
    /// The load limits bound the lock alike on both paths: at, just below and just above the number of values
    /// the lock holds, and every depth, key or value length and file size around the lock's own.
    /// </summary>
    [Fact]
    public void Limits_bound_both_readers_alike()
    {
        Gen.Int.Array[128].Sample(dice =>
        {
            string text = LockFileWriter.Write(RandomLock(dice, valid: true));
            // The fewest values the general reader allows this lock (it is monotone in the limit).
            long low = 1, high = 100_000;
            while (low < high)
            {
                long mid = (low + high) / 2;
                if (General(text, new DiagnosticSink(), LoadLimits.Default with { MaxTotalNodes = mid }) is null) low = mid + 1;
                else high = mid;
            }
            for (long n = Math.Max(1, low - 1); n <= low + 1; n++) AssertAgree(text, LoadLimits.Default with { MaxTotalNodes = n });
            for (int depth = 1; depth <= 8; depth++) AssertAgree(text, LoadLimits.Default with { MaxDepth = depth });
            for (int scalar = 1; scalar <= 20; scalar++) AssertAgree(text, LoadLimits.Default with { MaxScalarLength = scalar });
            for (int size = -1; size <= 1; size++) AssertAgree(text, LoadLimits.Default with { MaxFileSize = text.Length + size });
        }, iter: 60 * Scale, threads: 1);
    }

    /// <summary>YAML refuses an implicit key over 1024 characters even when --limit scalar allows it.</summary>
    [Theory]
    [InlineData(1000)]
    [InlineData(1030)]
    [InlineData(2000)]
    public void Long_keys_read_alike_under_a_raised_scalar_limit(int length)
    {
        var lockFile = new LockFile();
        lockFile.Nodes[new string('h', length)] = new NodeLock { RouterMac = Mac.Parse("02:e0:00:00:00:01") };
        AssertAgree(LockFileWriter.Write(lockFile), LoadLimits.Default with { MaxScalarLength = 5000 });
    }

    /// <summary>Tokens an edit inserts: YAML the fast reader does not take, and values the rules refuse.</summary>
    private static readonly string[] Inserts =
    [
        "\t", " ", "  ", "\n", "\r\n", "\n\n", "# note\n", " # note", "'", "\"", "\\", "&a ", "*a", "!!str ", "!x ", "? ", "- ", "---\n", "...\n",
        "%YAML 1.2\n---\n", "{", "}", "[", "]", ", ", ": ", ":", "~", "null", "true", "0", "00", "-1", "0x1f", "1e3", "256", "/33", "/", ".",
        "\u00e9", "\u202E", "\u0001", "\uFEFF", "node0001", "routerMac", "l3vni: 7\n", "vrfTable: 254\n", "podBlocks: {}\n", "x: [10.0.0.0/8]\n",
        "\"02:00:00:00:00:01\"", "10.0.0.0/8", "10.0.0.0/24", "fd00::/64", "\"fd00::/64\"", "|\n  x\n", ">-\n  x\n", "<<: *a\n",
    ];

    private static readonly string[] LineEnds = [" # note", "#note", " ", "  ", "   ", ":", " x", "x", "\t", ",", " {}", "/"];

    [Fact]
    public void Edited_locks_are_read_alike()
    {
        // Valid locks, edited once or twice: most edits still leave a lock worth reading.
        var bases = Gen.Select(Gen.Bool, Gen.Int.Array[128], FabricGen.Valid)
            .Select((random, dice, fabric) => random ? LockFileWriter.Write(RandomLock(dice, valid: true)) : CompiledLock(fabric.Yaml));
        Gen.Select(bases, Gen.Int[1, 2], Gen.Int.Array[6]).Sample((text, count, edits) =>
        {
            for (int i = 0; i < count; i++) text = Edit(text, edits[3 * i], edits[3 * i + 1], edits[3 * i + 2]);
            AssertAgree(text);
        }, iter: 1000 * Scale, threads: 1);
    }

    /// <summary>Every line of a valid lock, one at a time, with each of <see cref="LineEnds"/> appended or its indentation changed.</summary>
    [Fact]
    public void Each_line_edited_at_its_ends_reads_alike()
    {
        Gen.Int.Array[128].Sample(dice =>
        {
            string text = LockFileWriter.Write(RandomLock(dice, valid: true));
            for (int end = text.IndexOf('\n'); end >= 0; end = text.IndexOf('\n', end + 1))
            {
                foreach (string tail in LineEnds) AssertAgree(text.Insert(end, tail));
                int start = text.LastIndexOf('\n', Math.Max(0, end - 1)) + 1;
                foreach (string head in new[] { " ", "  ", "- ", "? " }) AssertAgree(text.Insert(start, head));
                if (text[start] == ' ') AssertAgree(text.Remove(start, 1));
            }
        }, iter: 10 * Scale, threads: 1);
    }

    /// <summary>
    /// One edit at a random place: insert a token, delete a few characters, repeat or drop or re-indent a line,
    /// change a character, append to a line, or repeat a line's key with another line's value (a duplicate key
    /// whose value does not overlap the first, usually: only YAML's duplicate rule refuses it).
    /// </summary>
    private static string Edit(string text, int where, int what, int how)
    {
        if (text.Length == 0) return Inserts[(uint)what % (uint)Inserts.Length];
        int at = (int)((uint)where % (uint)text.Length);
        int lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        int lineEnd = text.IndexOf('\n', at) is var e && e >= 0 ? e + 1 : text.Length;
        string line = text[lineStart..lineEnd];
        switch ((uint)how % 12)
        {
            case >= 8: // after a line's value: a comment, trailing blanks, more text
                return text.Insert(text[lineStart..lineEnd].EndsWith('\n') ? lineEnd - 1 : lineEnd, LineEnds[(uint)what % (uint)LineEnds.Length]);
            case 7:
            {
                int other = (int)((uint)what % (uint)text.Length);
                int otherStart = text.LastIndexOf('\n', Math.Max(0, other - 1)) + 1;
                int otherEnd = text.IndexOf('\n', other) is var oe && oe >= 0 ? oe : text.Length;
                string otherLine = text[otherStart..otherEnd];
                int colon = line.IndexOf(": ", StringComparison.Ordinal), otherColon = otherLine.IndexOf(": ", StringComparison.Ordinal);
                return colon < 0 || otherColon < 0 ? text : text.Insert(lineEnd, line[..colon] + otherLine[otherColon..] + "\n");
            }
            case 0:
            case 1: return text.Insert(at, Inserts[(uint)what % (uint)Inserts.Length]);
            case 2: return text.Remove(at, Math.Min(1 + (int)((uint)what % 4), text.Length - at));
            case 3: return text.Insert(lineEnd, line); // a line twice: a duplicate key, mostly
            case 4: return text.Remove(lineStart, lineEnd - lineStart);
            case 5: return text.Insert(lineStart, (uint)what % 2 == 0 ? "  " : " ");
            default: // a character of a value changed to a digit or letter
                return text.Remove(at, 1).Insert(at, ((uint)what % 3) switch { 0 => "1", 1 => "9", _ => "a" });
        }
    }

    /// <summary>
    /// Names an evpnc schema allows (DNS labels, which may look like numbers or YAML words), and owners as the
    /// allocator writes them; the typed-looking ones make a lock the general reader refuses when they are values.
    /// </summary>
    private static readonly string[] Names = ["node0001", "h1", "host-2", "t001", "r01-leaf1", "12", "1e5", "0x1f", "true", "null", "a"];

    private static readonly string[] Owners = ["t001", "t1/seg0", "node0001", "host-2", "true", "12", "null", "a-b"];

    /// <summary>
    /// A lock with every kind of entry, from dice. Not <paramref name="valid"/>: now and then a value the
    /// general reader refuses (overlapping blocks, a VNI or table out of range, a multicast MAC, an owner
    /// that reads as a number or null, an IPv6 block with host bits).
    /// </summary>
    private static LockFile RandomLock(int[] dice, bool valid)
    {
        int d = 0;
        int Roll(int n) => (int)((uint)dice[d++ % dice.Length] % (uint)n);
        bool Odd() => !valid && Roll(8) == 0;
        uint block = 0; // distinct /24s and /64s, so blocks do not overlap unless Odd
        string Name() => Names[Roll(Names.Length)];
        string Owner() => Owners[Roll(valid ? 5 : Owners.Length)];
        long Number(long max) => 1 + Roll((int)Math.Min(max, int.MaxValue - 1));
        var lockFile = new LockFile();

        for (int i = Roll(4); i > 0; i--)
        {
            ulong mac = (ulong)(uint)dice[d++ % dice.Length] << 16 | (uint)Roll(65536);
            if (!Odd()) mac &= ~(1UL << 40); // unicast
            lockFile.Nodes[Name()] = new NodeLock { RouterMac = Roll(4) == 0 ? null : new Mac(mac) };
        }
        for (int i = Roll(4); i > 0; i--)
        {
            var t = new TenantLock();
            if (Roll(4) != 0) t.L3Vni = Odd() ? 16_777_216 + Roll(3) : Number(16_777_215);
            if (Roll(4) != 0) t.VrfTable = Odd() ? 252 + Roll(5) : Odd() ? 65_536 : 1000 + Number(60_000);
            Blocks(t.PodBlocks, Roll(4));
            for (int k = Roll(3); k > 0; k--) t.RetiredPodBlocks.Add(Prefix());
            Blocks6(t.PodBlocks6, Roll(3));
            for (int k = Roll(2); k > 0; k--) t.RetiredPodBlocks6.Add(Prefix6());
            for (int k = Roll(3); k > 0; k--)
            {
                var ports = new SortedDictionary<string, Ipv4Prefix>(StringComparer.Ordinal);
                Blocks(ports, 1 + Roll(2));
                t.Transfers["border" + Roll(3)] = ports;
            }
            for (int k = Roll(2); k > 0; k--) t.RetiredTransfers.Add(Prefix());
            for (int k = Roll(3); k > 0; k--)
            {
                var l2 = new L2Lock();
                if (Roll(4) != 0) l2.Vni = Number(16_777_215);
                Blocks(l2.Slices, Roll(4));
                for (int j = Roll(2); j > 0; j--) l2.RetiredSlices.Add(Prefix());
                Blocks6(l2.Slices6, Roll(2));
                for (int j = Roll(2); j > 0; j--) l2.RetiredSlices6.Add(Prefix6());
                t.L2Networks["seg" + Roll(3)] = l2;
            }
            lockFile.Tenants[Name()] = t;
        }
        for (int i = Roll(5); i > 0; i--) lockFile.Retired.Vni[Number(16_777_215)] = Owner();
        for (int i = Roll(5); i > 0; i--) lockFile.Retired.VrfTable[1000 + Number(60_000)] = Owner();
        for (int i = Roll(5); i > 0; i--) lockFile.Retired.RouterMac[Roll(1 << 20)] = Owner();
        return lockFile;

        // Blocks of one /24 apart (valid) unless the dice pick a wider one (an overlap, usually).
        Ipv4Prefix Prefix() => Odd()
            ? new Ipv4Prefix(new Ipv4((uint)Roll(int.MaxValue) << 1), Roll(33))
            : new Ipv4Prefix(new Ipv4(0x0A000000u | ++block << 8), 24 + Roll(5));
        Ipv6Prefix Prefix6() => Odd()
            ? Ipv6Prefix.Parse($"fd00:{Roll(65536):x}:{Roll(65536):x}::/32")
            : Ipv6Prefix.Parse($"fd00:{++block:x}:{Roll(65536):x}::/64");
        void Blocks(SortedDictionary<string, Ipv4Prefix> into, int n)
        {
            for (int k = 0; k < n; k++) into[Name()] = Prefix();
        }
        void Blocks6(SortedDictionary<string, Ipv6Prefix> into, int n)
        {
            for (int k = 0; k < n; k++) into[Name()] = Prefix6();
        }
    }

    [Fact]
    public void The_prefix_parser_accepts_exactly_what_the_pattern_does()
    {
        var chars = Gen.Char["0123456789./ a"];
        Gen.Frequency((3, chars.Array[7, 18].Select(c => new string(c))),
                (1, Gen.Select(Gen.Int[0, 300].Array[4], Gen.Int[0, 40], Gen.Bool)
                    .Select((o, l, zero) => $"{(zero ? "0" : "")}{o[0]}.{o[1]}.{o[2]}.{o[3]}/{l}")))
            .Sample(s =>
            {
                bool pattern = LockValues.PrefixProblem(s, out var byPattern) is null;
                Assert.Equal(pattern, LockValues.TryParsePrefix(s, out var parsed));
                if (pattern) Assert.Equal(byPattern, parsed);
            }, iter: 20_000, threads: 1);
    }

    /// <summary>Valid YAML outside the fast reader's subset still reads, through the general reader, to the same lock.</summary>
    [Theory]
    [InlineData("  ", "    ")]                                  // four-space indentation
    [InlineData("kind: Lock\n", "kind: Lock # the kind\n")]    // a comment after content
    [InlineData("apiVersion:", "---\napiVersion:")]          // an explicit document start
    [InlineData("\"02:e0:00:00:00:01\"", "'02:e0:00:00:00:01'")]  // single quotes
    [InlineData("[10.1.9.0/24]", "\n      - 10.1.9.0/24")]       // a block list
    public void Locks_outside_the_fast_subset_read_through_the_general_reader(string find, string replace)
    {
        var lockFile = new LockFile();
        lockFile.Nodes["h1"] = new NodeLock { RouterMac = Mac.Parse("02:e0:00:00:00:01") };
        lockFile.Nodes["h2"] = new NodeLock { RouterMac = Mac.Parse("02:e0:00:00:00:02") };
        var t = new TenantLock { L3Vni = 50000, VrfTable = 1001 };
        t.PodBlocks["h1"] = Ipv4Prefix.Parse("10.1.0.0/24");
        t.PodBlocks["h2"] = Ipv4Prefix.Parse("10.1.1.0/24");
        t.RetiredPodBlocks.Add(Ipv4Prefix.Parse("10.1.9.0/24"));
        lockFile.Tenants["red"] = t;
        string written = LockFileWriter.Write(lockFile);
        string edited = written.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(written, edited);
        Assert.Null(LockFileFastReader.TryRead(new SourceFile(LockPath, edited), LoadLimits.Default));
        var sink = new DiagnosticSink();
        var read = LockFileReader.Read(new SourceFile(LockPath, edited), sink);
        Assert.Empty(sink.Sorted());
        Assert.NotNull(LockFileFastReader.TryRead(new SourceFile(LockPath, written), LoadLimits.Default));
        Assert.Equal(written, LockFileWriter.Write(read!));
    }
}
