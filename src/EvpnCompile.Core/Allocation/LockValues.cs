using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Allocation;

/// <summary>
/// The rules a lock file's values must meet, shared by both lock readers so they can never disagree:
/// each returns null when the value is fine, else the problem (the general reader reports it as EVPN101,
/// the fast reader gives up and lets the general reader report it).
/// </summary>
internal static partial class LockValues
{
    [GeneratedRegex(@"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")]
    private static partial Regex MacPattern();

    /// <summary>A router MAC: lowercase, unicast.</summary>
    public static string? MacProblem(string s, out Mac mac)
    {
        mac = default;
        if (!MacPattern().IsMatch(s)) return $"'{s}' is not a lowercase MAC address";
        mac = Mac.Parse(s);
        return mac.IsMulticast ? $"{s} is a multicast MAC address" : null;
    }

    public static string? PrefixProblem(string s, out Ipv4Prefix prefix)
    {
        prefix = default;
        if (!PrefixPattern().IsMatch(s)) return $"'{s}' is not an IPv4 prefix";
        prefix = Ipv4Prefix.Parse(s);
        return null;
    }

    /// <summary>
    /// What <see cref="PrefixProblem"/> accepts, read without a regex or a string (the fast reader reads
    /// 500,000 of them at 1000 x 250): four decimal octets 0-255 and a length 0-32, none with a leading zero.
    /// A property test holds it to the pattern.
    /// </summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> s, out Ipv4Prefix prefix)
    {
        prefix = default;
        uint address = 0;
        int i = 0;
        for (int octet = 0; octet < 4; octet++)
        {
            if (!TryDecimal(s, ref i, 255, out uint v)) return false;
            address = address << 8 | v;
            if (i >= s.Length || s[i++] != (octet < 3 ? '.' : '/')) return false;
        }
        if (!TryDecimal(s, ref i, 32, out uint length) || i != s.Length) return false;
        prefix = new Ipv4Prefix(new Ipv4(address), (int)length);
        return true;
    }

    /// <summary>One to three digits from <paramref name="i"/>, no leading zero, at most <paramref name="max"/>.</summary>
    private static bool TryDecimal(ReadOnlySpan<char> s, ref int i, uint max, out uint value)
    {
        value = 0;
        int start = i;
        while (i < s.Length && i - start < 3 && char.IsAsciiDigit(s[i])) value = value * 10 + (uint)(s[i++] - '0');
        int digits = i - start;
        return digits > 0 && (digits == 1 || s[start] != '0') && value <= max;
    }

    /// <summary>An IPv6 block as evpnc writes it: canonical text, no host bits.</summary>
    public static string? Prefix6Problem(string s, out Ipv6Prefix prefix)
    {
        prefix = default;
        if (Ipv6Prefix.TryParse(s) is { HasHostBits: false } p && p.ToString() == s)
        {
            prefix = p;
            return null;
        }
        return $"'{s}' is not an IPv6 prefix in canonical form";
    }

    /// <summary>A value read as a positive integer: a JSON integer (a YAML plain scalar), above zero.</summary>
    public static bool IsPositiveInteger(JsonNode? node, out long n)
    {
        n = 0;
        return node is JsonValue v && v.TryGetValue(out n) && n > 0;
    }

    public static string? VniProblem(long v) => v <= Limits.MaxVni ? null : $"VNI {v} is outside 1..{Limits.MaxVni}";

    /// <summary>At most 65535: the table is also the RD's number, which FRR truncates above that (and two tenants' RDs would meet).</summary>
    public static string? TableProblem(long v) =>
        v > Limits.MaxTable ? $"table {v} is outside 1..{Limits.MaxTable}"
        : Limits.ReservedTables.Contains(v) ? $"table {v} is reserved by the kernel"
        : null;

    /// <summary>A retired VNI's or table's key: decimal digits only.</summary>
    public static bool TryRetiredNumber(string key, out long n) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out n);

    /// <summary>
    /// Two hosts with one block would advertise the same prefix and hand out the same addresses. Prefixes
    /// nest or lie apart: sorted by address (shorter first), a block overlaps an earlier one exactly when
    /// the latest block that did not overlap covers it. Returns the first overlapping block's index in
    /// <paramref name="sorted"/> and the index of the block it overlaps.
    /// </summary>
    public static (int At, int Overlapped)? FirstOverlap<TItem, T>(List<TItem> sorted, Func<TItem, T> prefixOf)
        where T : struct, IBlockPrefix<T>
    {
        for (int i = 1, furthest = 0; i < sorted.Count; i++)
        {
            if (prefixOf(sorted[furthest]).Covers(prefixOf(sorted[i]))) return (i, furthest);
            furthest = i;
        }
        return null;
    }
}
