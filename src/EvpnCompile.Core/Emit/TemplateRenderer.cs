using System.Collections.Concurrent;
using System.Reflection;
using Scriban;
using Scriban.Functions;
using Scriban.Runtime;

namespace EvpnCompile.Core.Emit;

/// <summary>
/// Renders a template strictly: unknown variables, members and indexers are errors, lines end in
/// LF, loops are bounded. A template error is a bug in evpnc, never the user's, so it throws.
/// </summary>
/// <remarks>
/// A cold build renders half a million mostly small files (a CNI file per tenant and host), so what a render costs
/// before its template runs counts. Each thread keeps one TemplateContext between renders (Scriban clears its output
/// after each render and keeps its caches: the parsed includes, the per-type member accessors), and a model's
/// members are imported through a per-type list of getters instead of Scriban's reflection walk. Neither changes what
/// a template sees: our templates only print (no assignment, no local variable), each render gets its own globals
/// object, and the getter list is taken from Scriban's own import of the type's first model (tested).
/// </remarks>
public static class TemplateRenderer
{
    /// <summary>Far above any real fabric (a host with 1000 tenants and their networks), far below a runaway.</summary>
    public const int LoopLimit = 1_000_000;

    private static readonly ConcurrentDictionary<string, Template> parsed = new(StringComparer.Ordinal);
    private static readonly EmbeddedTemplateLoader loader = new();

    /// <summary>This thread's context between two renders; null while one renders (a render inside a render gets its own).</summary>
    [ThreadStatic] private static TemplateContext? idle;

    public static string Render(string templateName, object model)
    {
        var template = parsed.GetOrAdd(templateName, Parse);
        var context = Take(model, out var globals);
        string text = template.Render(context);   // Scriban empties the context's output after taking the text
        Give(context, globals);
        return text;
    }

    /// <summary>
    /// The text of <see cref="Render"/>, written to <paramref name="writer"/> as the template produces it: a large file
    /// (docs/fabric.md lists every pod block of the fabric, tens of MB at 1000 hosts) is never held as one string.
    /// </summary>
    public static void RenderTo(string templateName, object model, TextWriter writer)
    {
        var template = parsed.GetOrAdd(templateName, Parse);
        var context = Take(model, out var globals);
        context.PushOutput(new TextWriterOutput(writer));
        template.Render(context);   // its result is the writer's name, not the text: the text went to the writer
        context.PopOutput();
        Give(context, globals);
        writer.Flush();
    }

    /// <summary>The thread's idle context (or a new one) with <paramref name="model"/>'s members as its top globals.</summary>
    private static TemplateContext Take(object model, out ScriptObject globals)
    {
        var context = idle ?? NewContext();
        idle = null;   // a render that throws never gives its context back: the next one starts clean
        globals = ModelImport.Of(model);
        context.PushGlobal(globals);
        return context;
    }

    private static void Give(TemplateContext context, ScriptObject globals)
    {
        if (!ReferenceEquals(context.PopGlobal(), globals))
            throw new InvalidOperationException("a template left a global scope behind");   // never reuse a context in an unknown state
        idle = context;
    }

    private static TemplateContext NewContext() => new()
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

    private static Template Parse(string name)
    {
        string path = EmbeddedTemplateLoader.Root + name;
        var template = Template.Parse(EmbeddedTemplateLoader.Read(path), path);
        if (template.HasErrors)
            throw new InvalidOperationException($"template {path} does not parse: {string.Join("; ", template.Messages)}");
        return template;
    }
}
