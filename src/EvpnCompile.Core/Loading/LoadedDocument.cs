using System.Text.Json.Nodes;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Loading;

/// <summary>One YAML document turned into JSON, with the map back to its source.</summary>
/// <param name="Index">0-based position of the document in its file.</param>
public sealed record LoadedDocument(string File, int Index, JsonNode Root, SourceMap Map)
{
    public SourceSpan Start => Map.Value("");
}
