using System.Text.RegularExpressions;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Purity;

/// <summary>
/// Dependencies in the core point one way, down the pipeline: a folder (stage) may use its own
/// namespace, the shared foundations and earlier stages, never a later one. The test reads every
/// `using EvpnCompile.Core.X` and every qualified `EvpnCompile.Core.X.` / `Core.X.` name in src/EvpnCompile.Core.
/// </summary>
public class StageOrderTests
{
    /// <summary>The pipeline order; a stage may refer to any stage of a smaller or equal rank.</summary>
    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal)
    {
        // Foundations every stage may use.
        ["Text"] = 0, ["Net"] = 0, ["Diagnostics"] = 0, ["Naming"] = 0,
        ["Loading"] = 1,
        ["Validation"] = 2,
        ["Input"] = 3,
        ["Semantics"] = 4,
        ["Allocation"] = 5,
        ["Model"] = 6,
        ["Lowering"] = 7,
        ["Checks"] = 8,
        ["Emit"] = 9,
        // Readers of the rendered tree and the model; nothing earlier refers to them.
        ["Explain"] = 10, ["Audit"] = 10,
        ["Lab"] = 11,
    };

    private static readonly Regex Reference = new(@"\b(?:EvpnCompile\.)?Core\.([A-Z][A-Za-z]+)\b", RegexOptions.Compiled);

    [Fact]
    public void No_stage_refers_to_a_later_one()
    {
        string core = RepoPaths.Of("src", "EvpnCompile.Core");
        var problems = new List<string>();
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        foreach (var folder in folders)
        {
            Assert.True(Rank.ContainsKey(folder!), $"src/EvpnCompile.Core/{folder}/ has no place in the stage order of this test");
            foreach (var file in Directory.GetFiles(Path.Combine(core, folder!), "*.cs", SearchOption.AllDirectories))
            {
                var lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    if (lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal)) continue;
                    foreach (Match m in Reference.Matches(lines[i]))
                    {
                        string target = m.Groups[1].Value;
                        if (Rank.TryGetValue(target, out int r) && r > Rank[folder!])
                            problems.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: {folder} refers to the later stage {target}");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_scan_sees_a_backward_reference()
    {
        // The regex the test relies on, on the two spellings it must catch.
        Assert.Equal("Lowering", Reference.Match("using EvpnCompile.Core.Lowering;").Groups[1].Value);
        Assert.Equal("Emit", Reference.Match("x = Core.Emit.OutputPlan.CniFolder;").Groups[1].Value);
    }
}
