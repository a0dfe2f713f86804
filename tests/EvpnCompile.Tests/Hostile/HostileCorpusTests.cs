using System.Text;
using System.Text.RegularExpressions;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Hostile;

/// <summary>
/// The compiler is a security boundary: in a shared Git repo any tenant can open a pull request. Every
/// folder under Hostile/Cases is one attack on an otherwise valid fabric (its first YAML line says what it
/// attacks): YAML syntax and encoding tricks, aliases, merge keys and tags, wrong types and ranges,
/// injection into every string field, path traversal through names that become paths, YAML bombs and
/// input limits, duplicate documents, leaks and collisions between tenants, tampered lock files.
/// Each must be refused by `evpnc build` with exit 1, the diagnostic named in its `expect` file
/// (`CODE FILE:LINE`) at the attacked place, nothing on stderr, and nothing written: the previous output
/// tree stays byte for byte, no staging folder is left, the lock file is not touched.
/// A case may hold an `args` file with extra options (such as `--limit file-size=2000`) and an evpnc.lock.yaml.
/// A case folder holds only what it attacks: the valid fabric every case starts from is Hostile/Base
/// (fabric.yaml, nodes.yaml, tenants.yaml), staged beside the case's own files. A case file replaces the
/// base file of its name, and `X.bin.yaml` (bytes git must not touch: BOMs, CRLF, invalid UTF-8) replaces `X.yaml`.
/// </summary>
public class HostileCorpusTests
{
    public static string CasesRoot => RepoPaths.Of("tests", "EvpnCompile.Tests", "Hostile", "Cases");

    /// <summary>The valid fabric under attack, shared by every case.</summary>
    public static string BaseRoot => RepoPaths.Of("tests", "EvpnCompile.Tests", "Hostile", "Base");

    private const string RawSuffix = ".bin.yaml";

    private const string ExpectFile = "expect";

    /// <summary>A previous build's output, which a refused build must leave exactly as it is.</summary>
    private static readonly Dictionary<string, string> PreviousOutput = new(StringComparer.Ordinal)
    {
        ["out/manifest.json"] = "{\"previous\": \"build\", \"files\": []}\n",
        ["out/nodes/x/etc/frr/frr.conf"] = "! previous build of node x\nrouter bgp 65001\nexit\n",
        ["out/kubernetes/red.yaml"] = "# previous build of tenant red\n",
    };

    private static readonly Regex ExpectLine = new(@"^(?<code>EVPN\d{3}) (?<at>[^\s:]+:\d+)$", RegexOptions.CultureInvariant);

    public static TheoryData<string> Cases() => CaseFolder.Names(CasesRoot);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_input_is_refused_at_its_place_and_writes_nothing(string name)
    {
        string caseDir = Path.Combine(CasesRoot, name);
        var (code, at) = ReadExpect(caseDir);
        using var work = new TempDir();
        string[] extra = Stage(caseDir, work);
        foreach (var (rel, text) in PreviousOutput)
        {
            string target = work.File(rel);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, Encoding.UTF8.GetBytes(text));
        }
        var before = Entries(work.Path);

        var run = CliRunner.Run(work.Path, ["build", ".", "-o", "out", .. extra]);

        var after = Entries(work.Path);
        string shown = $"case {name}: exit {run.ExitCode}\n--- stdout\n{Head(run.Out)}--- stderr\n{Head(run.Error)}";
        Assert.True(run.Error == "", "stderr must be empty (no stack trace, no internal error); " + shown);
        Assert.True(run.ExitCode == 1, "expected exit 1 (input refused); " + shown);
        bool found = run.Out.Split('\n').Any(l => l.StartsWith(at + ":", StringComparison.Ordinal) && l.Contains($" error {code}: ", StringComparison.Ordinal));
        Assert.True(found, $"expected a line '{at}:...: error {code}: ...'; " + shown);

        var added = after.Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Except(after.Keys).Order(StringComparer.Ordinal).ToList();
        var changed = before.Keys.Intersect(after.Keys)
            .Where(k => !(before[k] ?? []).AsSpan().SequenceEqual(after[k] ?? []) || (before[k] is null) != (after[k] is null))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0 && changed.Count == 0,
            $"a refused build must write nothing (output tree, staging folders, lock file); added: [{string.Join(", ", added)}], " +
            $"removed: [{string.Join(", ", removed)}], changed: [{string.Join(", ", changed)}]; " + shown);
    }

    /// <summary>The base files the case does not replace, then the case's own files.</summary>
    /// <returns>the extra options from its args file.</returns>
    private static string[] Stage(string caseDir, TempDir work)
    {
        foreach (var file in BaseFiles())
            if (ReplacedBy(caseDir, Path.GetFileName(file)) is null) File.Copy(file, work.File(Path.GetFileName(file)));
        return CaseFolder.Stage(caseDir, work, ExpectFile);
    }

    private static List<string> BaseFiles() => Directory.EnumerateFiles(BaseRoot, "*.yaml").Order(StringComparer.Ordinal).ToList();

    /// <returns>the case's file that stands in for the base file <paramref name="name"/>, or null.</returns>
    private static string? ReplacedBy(string caseDir, string name) =>
        new[] { name, name[..^".yaml".Length] + RawSuffix }.Select(n => Path.Combine(caseDir, n)).FirstOrDefault(File.Exists);

    [Fact]
    public void Corpus_is_large_and_every_case_is_well_formed()
    {
        var names = Directory.EnumerateDirectories(CasesRoot).Select(Path.GetFileName).ToList();
        Assert.True(names.Count >= 150, $"the corpus has {names.Count} cases; at least 150 are expected");
        var baseFiles = BaseFiles();
        Assert.Equal(["fabric.yaml", "nodes.yaml", "tenants.yaml"], baseFiles.Select(Path.GetFileName));
        var problems = new List<string>();
        foreach (var name in names)
        {
            string dir = Path.Combine(CasesRoot, name!);
            if (!Regex.IsMatch(name!, "^[a-z0-9]+(-[a-z0-9]+)*$")) problems.Add($"{name}: name the case by its attack in kebab-case");
            var own = Directory.EnumerateFiles(dir, "*.yaml").ToList();
            if (own.Count == 0) { problems.Add($"{name}: no YAML file: a case holds what it attacks"); continue; }
            // The attack is described by a '#' line at the top of one of the case's own files (after a BOM, if the case has one).
            if (!own.Any(f => FirstLine(f).StartsWith("# ", StringComparison.Ordinal))) problems.Add($"{name}: no file starts with a '# what this attacks' comment");
            // Only the attacked files: a copy of a base file is dead weight.
            foreach (var b in baseFiles)
                if (ReplacedBy(dir, Path.GetFileName(b)) is { } mine && File.ReadAllBytes(mine).AsSpan().SequenceEqual(File.ReadAllBytes(b)))
                    problems.Add($"{name}: {Path.GetFileName(mine)} is a copy of Base/{Path.GetFileName(b)}; leave it out");
            string expectPath = Path.Combine(dir, ExpectFile);
            if (!File.Exists(expectPath)) { problems.Add($"{name}: no expect file"); continue; }
            var m = ExpectLine.Match(File.ReadAllText(expectPath).TrimEnd('\n'));
            if (!m.Success) { problems.Add($"{name}: expect must be one line 'CODE FILE:LINE'"); continue; }
            string file = m.Groups["at"].Value[..m.Groups["at"].Value.LastIndexOf(':')];
            bool staged = File.Exists(Path.Combine(dir, file)) || (File.Exists(Path.Combine(BaseRoot, file)) && ReplacedBy(dir, file) is null);
            if (!staged) problems.Add($"{name}: expect names {file}, which the case does not stage");
            if (Directory.EnumerateFiles(dir, "*.received.*", SearchOption.AllDirectories).Any()) problems.Add($"{name}: leftover *.received.* file");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static (string Code, string At) ReadExpect(string caseDir)
    {
        string text = File.ReadAllText(Path.Combine(caseDir, ExpectFile)).TrimEnd('\n');
        var m = ExpectLine.Match(text);
        Assert.True(m.Success, $"{caseDir}/{ExpectFile}: expected one line 'CODE FILE:LINE', found '{text}'");
        return (m.Groups["code"].Value, m.Groups["at"].Value);
    }

    /// <summary>Every file (with its bytes) and folder (null) under <paramref name="root"/>, hidden ones included.</summary>
    private static Dictionary<string, byte[]?> Entries(string root)
    {
        var entries = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, dir).Replace('\\', '/') + "/"] = null;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        return entries;
    }

    private static string FirstLine(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string text = bytes is [0xFF, 0xFE, ..] ? Encoding.Unicode.GetString(bytes, 2, Math.Min(bytes.Length - 2, 800) & ~1)
            : bytes is [0xEF, 0xBB, 0xBF, ..] ? Encoding.Latin1.GetString(bytes, 3, Math.Min(bytes.Length - 3, 400))
            : Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 400));
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Head(string text) => string.Join("\n", text.Split('\n').Where(l => !l.StartsWith("  added ", StringComparison.Ordinal)).Take(12)) + "\n";
}
