using System.Globalization;

namespace EvpnCompile.Core.Net;

/// <summary>A MAC address as a 48-bit number; printed lowercase, as FRR and iproute2 print it.</summary>
public readonly record struct Mac(ulong Value) : IComparable<Mac>
{
    public static Mac Parse(string text) =>
        new(ulong.Parse(text.Replace(":", ""), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>The I/G bit: set means a group (multicast) address.</summary>
    public bool IsMulticast => ((Value >> 40) & 1) == 1;

    public int CompareTo(Mac other) => Value.CompareTo(other.Value);

    public override string ToString()
    {
        ulong v = Value;
        return string.Join(':', Enumerable.Range(0, 6).Select(i => ((v >> (40 - 8 * i)) & 0xff).ToString("x2", CultureInfo.InvariantCulture)));
    }
}
