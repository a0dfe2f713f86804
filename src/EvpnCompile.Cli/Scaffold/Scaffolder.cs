using System.Reflection;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Validation;

namespace EvpnCompile.Cli.Scaffold;

/// <summary>
/// The files of a new fabric repository (`evpnc init`): the texts under Scaffold/files/, embedded in
/// this assembly as "scaffold/PATH" (a path segment "dot-X" stands for ".X"), plus a copy of the input
/// schema so that the YAML headers resolve inside the new repository.
/// </summary>
public static partial class Scaffolder
{
    private const string ResourcePrefix = "scaffold/";
    private const string NameToken = "__FABRIC_NAME__";
    public const string SchemaPath = "schemas/evpnc.schema.json";
    public const string DefaultFabricName = "fabric1";

    /// <summary>The evpnc inputs of a scaffolded repository, as its README and CI name them (ansible/ and out/ hold other YAML).</summary>
    public static IReadOnlyList<string> InputPaths { get; } = ["fabric.yaml", "nodes", "tenants"];

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    /// <summary>A Fabric name the schema accepts (a DNS label).</summary>
    public static bool IsValidName(string name) => DnsLabel().IsMatch(name);

    /// <summary>The default name for a fabric in <paramref name="folder"/>: the folder's name when it is a valid name.</summary>
    public static string NameFor(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)).ToLowerInvariant();
        return IsValidName(name) ? name : DefaultFabricName;
    }

    /// <summary>Every file of the scaffold, '/'-separated relative path and text (LF), sorted by path.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files(string fabricName)
    {
        if (!IsValidName(fabricName)) throw new ArgumentException($"not a valid fabric name: {fabricName}", nameof(fabricName));
        var assembly = typeof(Scaffolder).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => (Path: TargetPath(n[ResourcePrefix.Length..]), Text: Read(assembly, n).Replace(NameToken, fabricName, StringComparison.Ordinal)))
            .Append((Path: SchemaPath, Text: SchemaCatalog.ReadResource(SchemaCatalog.ResourceName)))
            .Select(f => (f.Path, Text: f.Text.Replace("\r\n", "\n", StringComparison.Ordinal)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 1) throw new InvalidOperationException("the scaffold's embedded files are missing from the build");
        return files;
    }

    private static string TargetPath(string resourcePath) =>
        string.Join('/', resourcePath.Replace('\\', '/').Split('/').Select(s => s.StartsWith("dot-", StringComparison.Ordinal) ? "." + s[4..] : s));

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
