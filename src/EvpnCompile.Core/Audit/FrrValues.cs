namespace EvpnCompile.Core.Audit;

/// <summary>
/// The value syntax FRR 8.4 accepts for route distinguishers, route targets, VNIs and neighbor
/// addresses, checked strictly (FRR itself truncates or misreads some of what it accepts).
/// </summary>
internal static class FrrValues
{
    public const long MaxVni = 16_777_215;
    private const ulong MaxUInt32 = uint.MaxValue;

    /// <summary>A decimal number of digits only; values too large for ulong come back as ulong.MaxValue.</summary>
    public static bool TryNumber(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || !s.All(char.IsAsciiDigit)) return false;
        if (!ulong.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value))
            value = ulong.MaxValue;
        return true;
    }

    /// <summary>Strict dotted quad: four decimal octets 0..255.</summary>
    public static bool IsIpv4(string s)
    {
        var parts = s.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && TryNumber(p, out var v) && v <= 255);
    }

    public static bool IsIpAddress(string s) =>
        IsIpv4(s) || (s.Contains(':') && System.Net.IPAddress.TryParse(s, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);

    /// <summary>A VNI: null when valid (value set), else what is wrong.</summary>
    public static string? VniError(string s, out long vni)
    {
        vni = 0;
        if (!TryNumber(s, out var v)) return $"VNI '{s}' is not a decimal number";
        if (v is 0 or > MaxVni) return $"VNI {s} is outside 1..{MaxVni}";
        vni = (long)v;
        return null;
    }

    /// <summary>
    /// `rd` value: A.B.C.D:N with N 0..65535, ASN:N with a 2-byte ASN and N 0..4294967295, or a
    /// 4-byte ASN with N 0..65535. Null when valid (canonical set), else what is wrong.
    /// </summary>
    public static string? RouteDistinguisherError(string s, out string canonical) =>
        AdminNumberError(s, "rd", out canonical);

    /// <summary>
    /// A route-target value: ASN:N (ASN 1..65535, N 0..4294967295), a 4-byte ASN with N 0..65535, or
    /// A.B.C.D:N with N 0..65535. Null when valid (canonical set), else what is wrong.
    /// </summary>
    public static string? RouteTargetError(string s, out string canonical) =>
        AdminNumberError(s, "route-target", out canonical);

    public static bool IsWildcardRouteTarget(string s) => s.StartsWith("*:", StringComparison.Ordinal);

    private static string? AdminNumberError(string s, string what, out string canonical)
    {
        canonical = "";
        var parts = s.Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            return $"{what} '{s}' is not of the form ASN:N or A.B.C.D:N";
        var (admin, assigned) = (parts[0], parts[1]);
        if (!TryNumber(assigned, out var n))
            return $"{what} '{s}': the assigned number '{assigned}' is not a decimal number";
        if (admin.Contains('.'))
        {
            if (!IsIpv4(admin)) return $"{what} '{s}': '{admin}' is not an IPv4 address (FRR 8.4 has no asdot ASN notation)";
            if (n > ushort.MaxValue)
                return $"{what} '{s}': the number after an IPv4 address must be 0..65535 (FRR 8.4 silently truncates a larger one)";
            canonical = $"{System.Net.IPAddress.Parse(admin)}:{n}";
            return null;
        }
        if (!TryNumber(admin, out var asn)) return $"{what} '{s}': '{admin}' is neither an ASN nor an IPv4 address";
        if (asn == 0) return $"{what} '{s}': ASN 0 is reserved (use 1..4294967295)";
        if (asn <= ushort.MaxValue)
        {
            if (n > MaxUInt32) return $"{what} '{s}': the number after a 2-byte ASN must be 0..4294967295";
        }
        else if (asn <= MaxUInt32)
        {
            if (n > ushort.MaxValue)
                return $"{what} '{s}': the number after a 4-byte ASN must be 0..65535 (FRR 8.4 silently truncates a larger one)";
        }
        else return $"{what} '{s}': ASN {admin} is above 4294967295";
        canonical = $"{asn}:{n}";
        return null;
    }
}
