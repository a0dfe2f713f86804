using System.Text.RegularExpressions;

namespace EvpnCompile.Core.Lab;

/// <summary>Reads `frr-reload.py --test --stdout` output: its "Lines To Delete" and "Lines To Add" sections.</summary>
public static partial class FrrReloadText
{
    /// <summary>The lines under "Lines To Add", with their indentation (context lines included);
    /// null when the output has no such section (it is not frr-reload's).</summary>
    public static IReadOnlyList<string>? LinesToAdd(string output) => Section(output, "Lines To Add");

    public static IReadOnlyList<string>? LinesToDelete(string output) => Section(output, "Lines To Delete");

    private static IReadOnlyList<string>? Section(string output, string title)
    {
        var lines = output.Replace("\r\n", "\n").Split('\n');
        int at = Array.IndexOf(lines, title);
        if (at < 0) return null;
        return lines.Skip(at + 1)
            .SkipWhile(l => l.StartsWith("===", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("Lines To ", StringComparison.Ordinal) && !IsLog(l))
            .Where(l => l.Trim().Length > 0)
            .ToList();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\s+[A-Z]+:")]
    private static partial Regex LogLine();

    /// <summary>frr-reload's own log lines ("2026-11-26 08:49:09,145  INFO: ...") share stdout with --stdout.</summary>
    private static bool IsLog(string line) => LogLine().IsMatch(line);
}
