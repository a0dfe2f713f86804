using System.Collections.Concurrent;
using Scriban;
using Scriban.Runtime;

namespace EvpnCompile.Core.Emit;

/// <summary>
/// Renders a template strictly: unknown variables, members and indexers are errors, lines end in
/// LF, loops are bounded. A template error is a bug in evpnc, never the user's, so it throws.
/// </summary>
public static class TemplateRenderer
{
    /// <summary>Far above any real fabric (a host with 1000 tenants and their networks), far below a runaway.</summary>
    public const int LoopLimit = 1_000_000;

    private static readonly ConcurrentDictionary<string, Template> parsed = new(StringComparer.Ordinal);
    private static readonly EmbeddedTemplateLoader loader = new();

    public static string Render(string templateName, object model)
    {
        var (template, context) = Prepare(templateName, model);
        return template.Render(context);
    }

    /// <summary>
    /// The text of <see cref="Render"/>, written to <paramref name="writer"/> as the template produces it: a large file
    /// (docs/fabric.md lists every pod block of the fabric, tens of MB at 1000 hosts) is never held as one string.
    /// </summary>
    public static void RenderTo(string templateName, object model, TextWriter writer)
    {
        var (template, context) = Prepare(templateName, model);
        context.PushOutput(new TextWriterOutput(writer));
        template.Render(context);   // its result is the writer's name, not the text: the text went to the writer
        writer.Flush();
    }

    private static (Template Template, TemplateContext Context) Prepare(string templateName, object model)
    {
        var template = parsed.GetOrAdd(templateName, Parse);
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedIndexerAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            NewLine = "\n",
            LoopLimit = LoopLimit,
            // Scriban cuts output at 1 MiB by default and appends "..." silently: a large host's
            // frr.conf would be truncated. No limit; and should one ever apply, fail, never truncate.
            LimitToString = 0,
            OnStringLimit = ScriptLimitBehavior.Throw,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            TemplateLoader = loader,
        };
        var globals = new ScriptObject();
        globals.Import(model);
        context.PushGlobal(globals);
        return (template, context);
    }

    private static Template Parse(string name)
    {
        string path = EmbeddedTemplateLoader.Root + name;
        var template = Template.Parse(EmbeddedTemplateLoader.Read(path), path);
        if (template.HasErrors)
            throw new InvalidOperationException($"template {path} does not parse: {string.Join("; ", template.Messages)}");
        return template;
    }
}
