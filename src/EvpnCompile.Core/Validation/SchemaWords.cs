using System.Text.Json;
using System.Text.Json.Nodes;

namespace EvpnCompile.Core.Validation;

/// <summary>How schema failures are put into words; shared by the input validator and the Kubernetes check.</summary>
internal static class SchemaWords
{
    public static string[] Segments(Json.Pointer.JsonPointer pointer) =>
        pointer.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries);

    public static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

    public static string Quote(string s) => "\"" + (s.Length > 60 ? s[..57] + "..." : s) + "\"";

    /// <summary>The value as a person would name it: the text "x", the number 5, a list of 2 item(s).</summary>
    public static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "a mapping",
        JsonArray a => $"a list of {a.Count} item(s)",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "the text " + Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
        _ => "the number " + value.ToJsonString(),
    };

    /// <summary>The types a value may have; "null" (an omitted optional field) goes unsaid unless it is the only one.</summary>
    public static string DescribeType(JsonNode? type)
    {
        static string One(string t) => t switch
        {
            "object" => "a mapping",
            "array" => "a list",
            "string" => "text",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "true or false",
            _ => t,
        };
        var names = type switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
        if (names.Count > 1) names.Remove("null");
        return names.Count == 0 ? "of another type" : string.Join(" or ", names.Select(One));
    }

    /// <param name="bound">the keyword's value as JSON text.</param>
    public static string DescribeSize(string keyword, string? bound)
    {
        string n = bound ?? "?";
        return keyword switch
        {
            "minLength" => $"at least {n} character(s)",
            "maxLength" => $"at most {n} character(s)",
            "minItems" => $"at least {n} item(s)",
            "maxItems" => $"at most {n} item(s)",
            "minProperties" => $"at least {n} entr(y/ies)",
            _ => $"at most {n} entr(y/ies)",
        };
    }

    /// <summary>How many items, entries or characters a value has.</summary>
    public static string Count(JsonNode? instance) => instance switch
    {
        JsonArray a => $"{a.Count}",
        JsonObject o => $"{o.Count}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"{v.GetValue<string>().Length}",
        _ => Describe(instance),
    };

    /// <summary>"/spec/l2Networks/0/gateway" becomes "spec.l2Networks[0].gateway".</summary>
    public static string PropertyPath(string pointer)
    {
        if (pointer.Length == 0) return "the document";
        var sb = new System.Text.StringBuilder();
        foreach (var raw in pointer[1..].Split('/'))
        {
            string token = SchemaWords.Unescape(raw);
            if (token.Length > 0 && token.All(char.IsAsciiDigit)) sb.Append('[').Append(token).Append(']');
            else { if (sb.Length > 0) sb.Append('.'); sb.Append(token); }
        }
        return sb.ToString();
    }
}
