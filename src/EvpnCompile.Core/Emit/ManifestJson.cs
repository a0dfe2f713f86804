using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EvpnCompile.Core.Emit;

/// <summary>manifest.json: every other file of the tree, with what Ansible needs to push and apply it.</summary>
public static class ManifestJson
{
    public static string Write(IReadOnlyList<OutputFile> files) =>
        Write(files.Select(f => new ManifestEntry(f.Path, f.Kind, f.Node, f.Target, Sha256(f.Content), f.Mode, f.Apply)).ToList());

    /// <summary>The manifest of files whose hashes are known (an incremental build does not re-read skipped files).</summary>
    public static string Write(IReadOnlyList<ManifestEntry> files) => JsonText.Write(json => Body(json, files));

    /// <summary>The bytes of <see cref="Write(IReadOnlyList{ManifestEntry})"/>, streamed.</summary>
    public static void WriteTo(IEnumerable<ManifestEntry> files, Stream stream) => JsonText.WriteTo(stream, json => Body(json, files));

    private static void Body(Utf8JsonWriter json, IEnumerable<ManifestEntry> files)
    {
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (var f in files)
        {
            json.WriteStartObject();
            json.WriteString("path", f.Path);
            json.WriteString("kind", f.Kind.Name());
            JsonText.StringOrNull(json, "node", f.Node);
            JsonText.StringOrNull(json, "target", f.Target);
            json.WriteString("sha256", f.Sha256);
            JsonText.StringOrNull(json, "mode", f.Mode);
            JsonText.StringOrNull(json, "apply", f.Apply);
            json.WriteEndObject();
            JsonText.Drain(json);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Each file's kind, read back from a rendered manifest.json (`evpnc verify` selects files by it).
    /// A name this version does not know maps to null.
    /// </summary>
    /// <exception cref="JsonException">the text is not a manifest.</exception>
    public static IReadOnlyDictionary<string, OutputKind?> Kinds(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var kinds = new Dictionary<string, OutputKind?>(StringComparer.Ordinal);
        foreach (var f in doc.RootElement.GetProperty("files").EnumerateArray())
        {
            string path = f.GetProperty("path").GetString() ?? throw new JsonException("a file without a path");
            kinds[path] = f.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? OutputKinds.Parse(k.GetString()) : null;
        }
        return kinds;
    }

    public static string Sha256(string content) => Sha256(Encoding.UTF8.GetBytes(content));

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
