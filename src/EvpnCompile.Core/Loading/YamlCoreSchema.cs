using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EvpnCompile.Core.Loading;

/// <summary>
/// Resolves plain YAML scalars by the YAML 1.2 core schema: quoted text is always a string,
/// `yes`/`on` stay strings (that is YAML 1.1), and only the core forms become numbers, booleans or null.
/// </summary>
internal static partial class YamlCoreSchema
{
    [GeneratedRegex("^[-+]?[0-9]+$")] private static partial Regex Decimal();
    [GeneratedRegex("^0o[0-7]+$")] private static partial Regex Octal();
    [GeneratedRegex("^0x[0-9a-fA-F]+$")] private static partial Regex Hex();
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")] private static partial Regex Float();

    /// <summary>The JSON value of a plain scalar; null for YAML null.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (Decimal().IsMatch(text)) return Integer(BigInteger.Parse(text, CultureInfo.InvariantCulture));
        if (Octal().IsMatch(text)) return Integer(ParseBase(text[2..], 8));
        if (Hex().IsMatch(text)) return Integer(ParseBase(text[2..], 16));
        if (Float().IsMatch(text))
        {
            double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsFinite(d)) return JsonValue.Create(d);
        }
        return JsonValue.Create(text);
    }

    // Out-of-range integers keep their digits (as decimal) so messages show what the user wrote.
    private static JsonNode Integer(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? JsonValue.Create((long)value)
        : value >= (BigInteger)decimal.MinValue && value <= (BigInteger)decimal.MaxValue ? JsonValue.Create((decimal)value)
        : JsonValue.Create((double)value);

    private static BigInteger ParseBase(string digits, int radix)
    {
        BigInteger v = BigInteger.Zero;
        foreach (char c in digits) v = v * radix + Convert.ToInt32(c.ToString(), 16);
        return v;
    }
}
