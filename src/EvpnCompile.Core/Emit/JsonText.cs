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
        WriteTo(buffer, body);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The same bytes as <see cref="Write"/>, straight into <paramref name="stream"/> (the writer flushes as its
    /// buffer fills): a build writes routes.json and manifest.json (hundreds of MB at 1000 hosts) without ever
    /// holding them.
    /// </summary>
    public static void WriteTo(Stream stream, Action<Utf8JsonWriter> body)
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            body(json);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Hands what the writer holds to its stream once it is 64 KiB (it would otherwise hold the whole file until disposed).</summary>
    public static void Drain(Utf8JsonWriter json)
    {
        if (json.BytesPending >= 1 << 16) json.Flush();
    }

    public static void StringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
