using System.Text;
using System.Text.Json;
using EvpnCompile.Cli.Output;

namespace EvpnCompile.Cli.Diff;

/// <summary>Prints a <see cref="FabricDiff"/> for a terminal, a pull-request comment, or a program.</summary>
public static class DiffPrinter
{
    /// <summary>GitHub refuses comments above 65536 characters; keep room for the summary and the notice.</summary>
    public const int MarkdownCap = 60_000;

    private static string Word(ChangeKind k) => k.ToString().ToLowerInvariant();

    private static string Headline(FabricDiff d) =>
        d.IsEmpty ? $"No change against {d.BaseRevision}."
        : $"{d.Files.Count} file(s) change on {d.Nodes.Count} node(s); tenants affected: {(d.Tenants.Count == 0 ? "none" : string.Join(", ", d.Tenants.Select(t => $"{t.Name} ({Word(t.Kind)})")))}.";

    /// <summary>Per node: its changed files and the distinct commands that apply them.</summary>
    private static IEnumerable<(string Node, int Files, IReadOnlyList<string> Apply)> ByNode(FabricDiff d) =>
        d.Files.GroupBy(f => f.Node ?? (f.Apply is not null ? "(cluster)" : "(fabric)"))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), (IReadOnlyList<string>)g.Select(f => f.Apply).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList()));

    public static void WriteText(TextWriter output, FabricDiff d)
    {
        output.Write(Headline(d) + "\n");
        foreach (var (node, files, apply) in ByNode(d))
            output.Write($"  {node}: {files} file(s){(apply.Count > 0 ? "; then: " + string.Join("; ", apply) : "")}\n");
        foreach (var f in d.Files)
        {
            output.Write("\n" + f.UnifiedDiff);
            if (f.ReloadDelta is { } delta) output.Write(string.Concat(delta.Split('\n').Select(l => $"frr-reload | {l}\n")));
        }
    }

    public static void WriteMarkdown(TextWriter output, FabricDiff d)
    {
        var sb = new StringBuilder();
        sb.Append($"### evpnc: rendered configuration against `{d.BaseRevision}`\n\n{Headline(d)}\n");
        if (!d.IsEmpty)
        {
            sb.Append("\n| node | files | applied by |\n|---|---|---|\n");
            foreach (var (node, files, apply) in ByNode(d))
                sb.Append($"| {node} | {files} | {(apply.Count == 0 ? "-" : string.Join("<br>", apply.Select(a => $"`{a}`")))} |\n");
            if (d.Tenants.Count > 0)
                sb.Append("\n| tenant | change |\n|---|---|\n").Append(string.Concat(d.Tenants.Select(t => $"| {t.Name} | {Word(t.Kind)} |\n")));
            sb.Append('\n');
        }
        var left = new List<string>();
        foreach (var f in d.Files)
        {
            var block = new StringBuilder();
            block.Append($"<details><summary><code>{f.Path}</code> ({Word(f.Kind)})</summary>\n\n```diff\n{f.UnifiedDiff}```\n");
            if (f.ReloadDelta is { } delta) block.Append($"\nfrr-reload.py --test:\n\n```\n{delta}\n```\n");
            block.Append("\n</details>\n");
            if (sb.Length + block.Length > MarkdownCap) left.Add(f.Path);
            else sb.Append(block);
        }
        if (left.Count > 0)
            sb.Append($"\n**Left out to stay under {MarkdownCap} characters:** {left.Count} file(s): {string.Join(", ", left.Select(p => $"`{p}`"))}. Run `evpnc diff --base {d.BaseRevision}` for everything.\n");
        output.Write(sb.ToString());
    }

    public static void WriteJson(TextWriter output, FabricDiff d)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("base", d.BaseRevision);
            json.WriteBoolean("changed", !d.IsEmpty);
            json.WriteStartArray("nodes");
            foreach (var n in d.Nodes) json.WriteStringValue(n);
            json.WriteEndArray();
            json.WriteStartArray("tenants");
            foreach (var t in d.Tenants) { json.WriteStartObject(); json.WriteString("name", t.Name); json.WriteString("change", Word(t.Kind)); json.WriteEndObject(); }
            json.WriteEndArray();
            json.WriteStartArray("files");
            foreach (var f in d.Files)
            {
                json.WriteStartObject();
                json.WriteString("path", f.Path);
                json.WriteString("change", Word(f.Kind));
                if (f.Node is null) json.WriteNull("node"); else json.WriteString("node", f.Node);
                if (f.Apply is null) json.WriteNull("apply"); else json.WriteString("apply", f.Apply);
                json.WriteString("diff", f.UnifiedDiff);
                if (f.ReloadDelta is { } delta) json.WriteString("reloadDelta", delta);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
