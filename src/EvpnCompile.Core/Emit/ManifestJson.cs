using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EvpnCompile.Core.Emit;

/// <summary>manifest.json: every other file of the tree, with what Ansible needs to push and apply it.</summary>
public static class ManifestJson
{
    public static string Write(IReadOnlyList<OutputFile> files) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (var f in files)
        {
            json.WriteStartObject();
            json.WriteString("path", f.Path);
            JsonText.StringOrNull(json, "node", f.Node);
            JsonText.StringOrNull(json, "target", f.Target);
            json.WriteString("sha256", Sha256(f.Content));
            JsonText.StringOrNull(json, "mode", f.Mode);
            JsonText.StringOrNull(json, "apply", f.Apply);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static string Sha256(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
