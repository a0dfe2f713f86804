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
/// </summary>
public class HostileCorpusTests
{
    public static string CasesRoot => RepoPaths.Of("tests", "EvpnCompile.Tests", "Hostile", "Cases");

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
        string[] extra = CaseFolder.Stage(caseDir, work, ExpectFile);
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

    [Fact]
    public void Corpus_is_large_and_every_case_is_well_formed()
    {
        var names = Directory.EnumerateDirectories(CasesRoot).Select(Path.GetFileName).ToList();
        Assert.True(names.Count >= 150, $"the corpus has {names.Count} cases; at least 150 are expected");
        var problems = new List<string>();
        foreach (var name in names)
        {
            string dir = Path.Combine(CasesRoot, name!);
            if (!Regex.IsMatch(name!, "^[a-z0-9]+(-[a-z0-9]+)*$")) problems.Add($"{name}: name the case by its attack in kebab-case");
            var yaml = Directory.EnumerateFiles(dir, "*.yaml").Where(f => Path.GetFileName(f) != "evpnc.lock.yaml").ToList();
            if (yaml.Count == 0) { problems.Add($"{name}: no YAML input"); continue; }
            // The attack is described by a '#' line at the top of one input (after a BOM, if the case has one).
            bool described = Directory.EnumerateFiles(dir, "*.yaml").Any(f => FirstLine(f).StartsWith("# ", StringComparison.Ordinal));
            if (!described) problems.Add($"{name}: no input starts with a '# what this attacks' comment");
            string expectPath = Path.Combine(dir, ExpectFile);
            if (!File.Exists(expectPath)) { problems.Add($"{name}: no expect file"); continue; }
            var m = ExpectLine.Match(File.ReadAllText(expectPath).TrimEnd('\n'));
            if (!m.Success) { problems.Add($"{name}: expect must be one line 'CODE FILE:LINE'"); continue; }
            string file = m.Groups["at"].Value[..m.Groups["at"].Value.LastIndexOf(':')];
            if (!File.Exists(Path.Combine(dir, file))) problems.Add($"{name}: expect names {file}, which the case does not hold");
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
