using System.Text;
using System.Text.Json;

namespace EvpnCompile.Cli.Output;

/// <summary>What every `--format json` (and SARIF) prints: indented JSON, LF line ends, a final newline.</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
            body(json);
        output.Write(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}
