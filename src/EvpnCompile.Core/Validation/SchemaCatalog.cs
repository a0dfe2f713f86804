using System.Reflection;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EvpnCompile.Core.Validation;

/// <summary>The input schema (schemas/evpnc.schema.json, embedded in this assembly), loaded once.</summary>
public static class SchemaCatalog
{
    public const string ResourceName = "schemas/evpnc.schema.json";

    private static readonly Lazy<(JsonSchema Schema, JsonNode Document)> loaded = new(() =>
    {
        string text = ReadResource(ResourceName);
        return (JsonSchema.FromText(text), JsonNode.Parse(text)!);
    });

    public static JsonSchema Schema => loaded.Value.Schema;

    /// <summary>The schema as plain JSON, for reading keyword values into messages.</summary>
    public static JsonNode Document => loaded.Value.Document;

    public static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
