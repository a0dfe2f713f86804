using System.Text;
using DiffPlex;

namespace EvpnCompile.Cli.Output;

/// <summary>`diff -u` style text of one file, from DiffPlex's line blocks, with 3 lines of context.</summary>
public static class UnifiedDiff
{
    public const int Context = 3;

    public static string Create(string path, string? before, string? after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var result = Differ.Instance.CreateLineDiffs(string.Join("\n", a), string.Join("\n", b), ignoreWhitespace: false);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(before is null ? "/dev/null" : "a/" + path).Append('\n');
        sb.Append("+++ ").Append(after is null ? "/dev/null" : "b/" + path).Append('\n');
        var blocks = result.DiffBlocks;
        int i = 0;
        while (i < blocks.Count)
        {
            // Merge blocks whose context would touch into one hunk.
            int j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * Context) j++;
            int startA = Math.Max(0, blocks[i].DeleteStartA - Context);
            int startB = Math.Max(0, blocks[i].InsertStartB - Context);
            int endA = Math.Min(a.Count, blocks[j].DeleteStartA + blocks[j].DeleteCountA + Context);
            int endB = Math.Min(b.Count, blocks[j].InsertStartB + blocks[j].InsertCountB + Context);
            sb.Append($"@@ -{startA + 1},{endA - startA} +{startB + 1},{endB - startB} @@\n");
            int posA = startA;
            for (int k = i; k <= j; k++)
            {
                var block = blocks[k];
                for (; posA < block.DeleteStartA; posA++) sb.Append(' ').Append(a[posA]).Append('\n');
                for (int d = 0; d < block.DeleteCountA; d++) sb.Append('-').Append(a[block.DeleteStartA + d]).Append('\n');
                for (int n = 0; n < block.InsertCountB; n++) sb.Append('+').Append(b[block.InsertStartB + n]).Append('\n');
                posA = block.DeleteStartA + block.DeleteCountA;
            }
            for (; posA < endA; posA++) sb.Append(' ').Append(a[posA]).Append('\n');
            i = j + 1;
        }
        return sb.ToString();
    }

    private static List<string> Lines(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var lines = text.Split('\n').ToList();
        if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
