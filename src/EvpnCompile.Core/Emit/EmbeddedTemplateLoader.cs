using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace EvpnCompile.Core.Emit;

/// <summary>Serves `include 'frr/_vrf.sbn'` from the templates embedded in this assembly, and nothing else.</summary>
internal sealed class EmbeddedTemplateLoader : ITemplateLoader
{
    public const string Root = "templates/";

    private static readonly HashSet<string> names =
        Assembly.GetExecutingAssembly().GetManifestResourceNames().Where(n => n.StartsWith(Root, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    public static bool Exists(string name) => names.Contains(Root + name);

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        if (templateName.Contains("..", StringComparison.Ordinal) || !Exists(templateName))
            throw new ScriptRuntimeException(callerSpan, $"no template '{templateName}' under {Root}");
        return Root + templateName;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Read(templatePath);

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Read(templatePath));

    public static string Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"template {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
