using System.Text.RegularExpressions;
using CsCheck;
using EvpnCompile.Core;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Properties;

/// <summary>
/// Shuffling the order of documents, and how they are spread over files and in which order the
/// files are given, never changes the diagnostics (relative to their document) or the allocations.
/// </summary>
public partial class ShuffleInvarianceTests
{
    [GeneratedRegex(@"(f\d+\.yaml):(\d+):(\d+)")]
    private static partial Regex Position();

    /// <summary>The quickstart fabric plus some mistakes, so that both diagnostics and allocations are in play.</summary>
    private static readonly string[] Documents = LoadDocuments();

    private static string[] LoadDocuments()
    {
        var text = string.Join("---\n", Directory.EnumerateFiles(RepoPaths.Of("examples", "quickstart"), "*.yaml")
            .Where(f => !f.EndsWith("evpnc.lock.yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        text += "---\n" + Fixtures.Tenant("red", "namespaces: [dup]").TrimStart('-', '\n');            // duplicate name
        text += "---\n" + Fixtures.Tenant("green", "namespaces: [green]\nimport: [red, nobody]").TrimStart('-', '\n');
        text += "---\n" + Fixtures.Tenant("teal", "namespaces: [teal]\nexport: [blue]").TrimStart('-', '\n'); // one-way: warning
        text += "---\n" + Fixtures.Tenant("Bad", "namespaces: [bad]").TrimStart('-', '\n');             // schema error
        return Regex.Split(text, @"^---\n", RegexOptions.Multiline).Where(d => d.Trim().Length > 0).Select(d => d.TrimEnd('\n') + "\n").ToArray();
    }

    private sealed record Placed(int Doc, string File, int StartLine);

    private static (string[] Diagnostics, string? Lock) CompileArranged(int[] order, int[] fileOf, int[] fileOrder)
    {
        var placed = new List<Placed>();
        var files = new Dictionary<string, List<string>>();
        foreach (int doc in order)
        {
            string file = $"f{fileOf[doc]}.yaml";
            if (!files.TryGetValue(file, out var docs)) files[file] = docs = [];
            int line = 1 + docs.Sum(d => d.Split('\n').Length - 1 + 1); // +1 for each "---" line
            placed.Add(new Placed(doc, file, line + 1));
            docs.Add(Documents[doc]);
        }
        var sources = files.Select(f => new SourceFile(f.Key, string.Concat(f.Value.Select(d => "---\n" + d)))).ToList();
        sources = fileOrder.Where(i => i < sources.Count).Select(i => sources[i]).Concat(sources.Where((_, i) => !fileOrder.Contains(i))).ToList();

        var result = Compiler.Compile(new CompileRequest(sources, null, "evpnc.lock.yaml"));

        string Relative(Match m)
        {
            string file = m.Groups[1].Value;
            int line = int.Parse(m.Groups[2].Value);
            var doc = placed.Where(p => p.File == file && p.StartLine <= line).MaxBy(p => p.StartLine)!;
            return $"doc{doc.Doc}:{line - doc.StartLine}:{m.Groups[3].Value}";
        }
        var diagnostics = result.Diagnostics.Select(d => Position().Replace(d.ToString(), Relative)).Order(StringComparer.Ordinal).ToArray();
        return (diagnostics, result.LockText);
    }

    [Fact]
    public void Arrangement_of_documents_and_files_does_not_matter()
    {
        int n = Documents.Length;
        int[] identity = Enumerable.Range(0, n).ToArray();
        var reference = CompileArranged(identity, new int[n], [0]);
        Assert.Contains(reference.Diagnostics, d => d.Contains("EVPN022"));
        Assert.Contains(reference.Diagnostics, d => d.Contains("EVPN081"));
        Assert.NotNull(reference.Lock);

        Gen.Select(Gen.Shuffle(identity), Gen.Int[0, 3].Array[n], Gen.Shuffle(new[] { 0, 1, 2, 3 }))
            .Sample((order, fileOf, fileOrder) =>
            {
                var run = CompileArranged(order, fileOf, fileOrder);
                return run.Lock == reference.Lock && run.Diagnostics.SequenceEqual(reference.Diagnostics);
            }, iter: 60, threads: 1);
    }
}
