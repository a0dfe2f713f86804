using System.Globalization;

namespace EvpnCompile.Core.Net;

/// <summary>An IPv4 address as a number, so that prefixes and ranges are plain arithmetic.</summary>
public readonly record struct Ipv4(uint Value) : IComparable<Ipv4>
{
    /// <summary>Parses dotted-quad text already checked by the schema.</summary>
    public static Ipv4 Parse(string text)
    {
        var parts = text.Split('.');
        uint v = 0;
        foreach (var p in parts) v = (v << 8) | uint.Parse(p, CultureInfo.InvariantCulture);
        return new Ipv4(v);
    }

    public int CompareTo(Ipv4 other) => Value.CompareTo(other.Value);

    /// <summary>Dotted-quad text, written digit by digit: lowering formats millions of addresses at 1000 hosts
    /// (every CNI range), and an interpolated string of four numbers cost several times as much.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[15];
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            uint b = (Value >> shift) & 255;
            if (b >= 100) text[n++] = (char)('0' + b / 100);
            if (b >= 10) text[n++] = (char)('0' + b / 10 % 10);
            text[n++] = (char)('0' + b % 10);
            if (shift > 0) text[n++] = '.';
        }
        return new string(text[..n]);
    }
}

/// <summary>An IPv4 prefix (network address and length).</summary>
public readonly record struct Ipv4Prefix(Ipv4 Address, int Length) : IBlockPrefix<Ipv4Prefix>
{
    public static Ipv4Prefix Parse(string text)
    {
        int slash = text.IndexOf('/');
        return new Ipv4Prefix(Ipv4.Parse(text[..slash]), int.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture));
    }

    public uint Mask => Length == 0 ? 0u : uint.MaxValue << (32 - Length);

    public ulong Size => 1UL << (32 - Length);

    /// <summary>The prefix with its host bits cleared.</summary>
    public Ipv4Prefix Network => new(new Ipv4(Address.Value & Mask), Length);

    public bool HasHostBits => (Address.Value & ~Mask) != 0;

    public Ipv4 First => new(Address.Value & Mask);

    public Ipv4 Last => new((Address.Value & Mask) | ~Mask);

    public bool Contains(Ipv4 a) => (a.Value & Mask) == (Address.Value & Mask);

    public bool Covers(Ipv4Prefix inner) => inner.Length >= Length && Contains(inner.Address);

    public bool Overlaps(Ipv4Prefix other) =>
        First.Value <= other.Last.Value && other.First.Value <= Last.Value;

    /// <summary>The <paramref name="index"/>-th sub-prefix of length <paramref name="length"/>.</summary>
    public Ipv4Prefix Subnet(int length, long index) =>
        new(new Ipv4((uint)(First.Value + (ulong)index * (1UL << (32 - length)))), length);

    /// <summary>How many sub-prefixes of <paramref name="length"/> this prefix holds (0 if longer).</summary>
    public long SubnetCount(int length) => length < Length ? 0 : 1L << (length - Length);

    public int CompareTo(Ipv4Prefix other)
    {
        int c = Address.CompareTo(other.Address);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    public override string ToString() => string.Concat(Address.ToString(), "/", Length.ToString(CultureInfo.InvariantCulture));
}
