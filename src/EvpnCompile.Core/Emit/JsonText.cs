using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EvpnCompile.Core.Emit;

/// <summary>Indented JSON with LF line ends and a final newline, the same bytes on every platform.</summary>
internal static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            body(json);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    public static void StringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
