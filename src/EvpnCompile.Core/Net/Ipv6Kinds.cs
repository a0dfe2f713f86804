namespace EvpnCompile.Core.Net;

/// <summary>
/// Which IPv6 space a tenant may use: unique local (fc00::/7) and global unicast (2000::/3), and
/// nothing that only looks like it. Link-local addresses are each link's own (every bridge has one),
/// multicast is not an address of a host, and the documentation ranges are for examples, never routed.
/// </summary>
public static class Ipv6Kinds
{
    private static readonly (Ipv6Prefix Range, string Why)[] Reserved =
    [
        (Ipv6Prefix.Parse("fe80::/10"), "link-local (fe80::/10): every link has its own, they are never routed"),
        (Ipv6Prefix.Parse("ff00::/8"), "multicast (ff00::/8), not a unicast address"),
        (Ipv6Prefix.Parse("2001:db8::/32"), "documentation space (2001:db8::/32, RFC 3849), which is never routed"),
        (Ipv6Prefix.Parse("3fff::/20"), "documentation space (3fff::/20, RFC 9637), which is never routed"),
        (Ipv6Prefix.Parse("fec0::/10"), "site-local (fec0::/10), deprecated by RFC 3879"),
        (Ipv6Prefix.Parse("::ffff:0:0/96"), "IPv4-mapped (::ffff:0:0/96): use the IPv4 fields for IPv4"),
        (Ipv6Prefix.Parse("::/8"), "in ::/8 (unspecified, loopback and IPv4-compatible addresses)"),
    ];

    private static readonly Ipv6Prefix[] Allowed = [Ipv6Prefix.Parse("fc00::/7"), Ipv6Prefix.Parse("2000::/3")];

    /// <summary>Why a tenant may not use <paramref name="p"/> (its network), or null when it may.</summary>
    public static string? WhyNotUsable(Ipv6Prefix p)
    {
        var net = p.Network;
        foreach (var (range, why) in Reserved)
            if (range.Covers(net)) return why;
        if (!Allowed.Any(a => a.Covers(net))) return "outside unique local (fc00::/7) and global unicast (2000::/3) space";
        foreach (var (range, why) in Reserved)
            if (net.Covers(range)) return $"holds {why}";
        return null;
    }
}
