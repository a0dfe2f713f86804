using System.Reflection;
using EvpnCompile.Core.Validation;

namespace EvpnCompile.Cli;

/// <summary>What `evpnc --version` prints: this build's version and the FRR releases it renders for.</summary>
public static class VersionInfo
{
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>From the schema's frrVersion enum: the single source of what is supported.</summary>
    public static IReadOnlyList<string> FrrVersions { get; } =
        SchemaCatalog.Document["$defs"]!["fabricSpec"]!["properties"]!["frrVersion"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    public static string Line => $"evpnc {Version} (renders FRR {string.Join(", ", FrrVersions)})";
}
