using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EvpnCompile.Core.Net;

/// <summary>
/// An IPv6 address as a 128-bit number, so that prefixes and ranges are plain arithmetic like
/// <see cref="Ipv4"/>. Printed in RFC 5952's canonical text (lowercase, zeros compressed), the only
/// spelling evpnc accepts in its inputs and writes in its outputs.
/// </summary>
public readonly record struct Ipv6(UInt128 Value) : IComparable<Ipv6>
{
    /// <summary>Parses any text .NET reads as an IPv6 address (no zone, no brackets); null otherwise.</summary>
    public static Ipv6? TryParse(string text)
    {
        if (text.Contains('%') || text.Contains('[') || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            return null;
        var bytes = ip.GetAddressBytes();
        UInt128 v = 0;
        foreach (var b in bytes) v = (v << 8) | b;
        return new Ipv6(v);
    }

    public static Ipv6 Parse(string text) => TryParse(text) ?? throw new FormatException($"'{text}' is not an IPv6 address");

    public int CompareTo(Ipv6 other) => Value.CompareTo(other.Value);

    /// <summary>RFC 5952: lowercase hex, leading zeros dropped, the longest run of zero groups as '::'.</summary>
    public override string ToString()
    {
        var groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (int)((Value >> (112 - 16 * i)) & 0xffff);
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < 8;)
        {
            if (groups[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength && j - i >= 2) { bestStart = i; bestLength = j - i; }
            i = j;
        }
        string Hex(int from, int to) => string.Join(':', groups[from..to].Select(g => g.ToString("x", CultureInfo.InvariantCulture)));
        return bestStart < 0 ? Hex(0, 8) : $"{Hex(0, bestStart)}::{Hex(bestStart + bestLength, 8)}";
    }
}

/// <summary>An IPv6 prefix (network address and length), the IPv6 twin of <see cref="Ipv4Prefix"/>.</summary>
public readonly record struct Ipv6Prefix(Ipv6 Address, int Length) : IBlockPrefix<Ipv6Prefix>
{
    /// <summary>Parses "address/length" (length 0..128); null when the text is not one.</summary>
    public static Ipv6Prefix? TryParse(string text)
    {
        int slash = text.IndexOf('/');
        if (slash < 0 || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > 128)
            return null;
        return Ipv6.TryParse(text[..slash]) is { } a ? new Ipv6Prefix(a, length) : null;
    }

    public static Ipv6Prefix Parse(string text) => TryParse(text) ?? throw new FormatException($"'{text}' is not an IPv6 prefix");

    public UInt128 Mask => Length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - Length);

    /// <summary>The prefix with its host bits cleared.</summary>
    public Ipv6Prefix Network => new(new Ipv6(Address.Value & Mask), Length);

    public bool HasHostBits => (Address.Value & ~Mask) != 0;

    public Ipv6 First => new(Address.Value & Mask);

    public Ipv6 Last => new((Address.Value & Mask) | ~Mask);

    public bool Contains(Ipv6 a) => (a.Value & Mask) == (Address.Value & Mask);

    /// <summary>Whether <paramref name="inner"/> lies wholly inside this prefix.</summary>
    public bool Covers(Ipv6Prefix inner) => inner.Length >= Length && Contains(inner.Address);

    public bool Overlaps(Ipv6Prefix other) => First.Value <= other.Last.Value && other.First.Value <= Last.Value;

    /// <summary>The <paramref name="index"/>-th sub-prefix of length <paramref name="length"/>.</summary>
    public Ipv6Prefix Subnet(int length, long index) =>
        new(new Ipv6(First.Value + ((UInt128)(ulong)index << (128 - length))), length);

    /// <summary>How many sub-prefixes of <paramref name="length"/> this prefix holds (0 if longer); capped at
    /// long.MaxValue, far beyond any fabric's hosts.</summary>
    public long SubnetCount(int length) =>
        length < Length ? 0 : length - Length >= 63 ? long.MaxValue : 1L << (length - Length);

    public int CompareTo(Ipv6Prefix other)
    {
        int c = Address.CompareTo(other.Address);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    public override string ToString() => $"{Address}/{Length}";
}
