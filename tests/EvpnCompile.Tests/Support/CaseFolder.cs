namespace EvpnCompile.Tests.Support;

/// <summary>Folder-per-case corpora (diagnostics baselines, the hostile corpus): listing cases, staging their inputs.</summary>
public static class CaseFolder
{
    /// <summary>Extra command-line options of a case, one or more per line.</summary>
    public const string ArgsFile = "args";

    public static TheoryData<string> Names(string root)
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    /// <summary>Copies a case's inputs into <paramref name="work"/> (not its control files, not received files).</summary>
    /// <returns>the extra options from its args file.</returns>
    public static string[] Stage(string caseDir, TempDir work, string expectationFile)
    {
        foreach (var file in Directory.EnumerateFiles(caseDir, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(caseDir, file);
            if (rel == expectationFile || rel == ArgsFile || rel.Contains(".received", StringComparison.Ordinal)) continue;
            string target = work.File(rel);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string args = Path.Combine(caseDir, ArgsFile);
        return File.Exists(args) ? File.ReadAllText(args).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
    }
}
