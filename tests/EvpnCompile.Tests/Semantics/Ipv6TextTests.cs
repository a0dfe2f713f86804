using EvpnCompile.Core.Net;

namespace EvpnCompile.Tests.Semantics;

/// <summary>IPv6 text is RFC 5952's canonical form, the only form evpnc accepts and writes.</summary>
public class Ipv6TextTests
{
    [Theory]
    [InlineData("FD00:0010:0000:0000:0000:0000:0000:0001", "fd00:10::1")]
    [InlineData("fd00:20:0:0:1:0:0:0", "fd00:20:0:0:1::")]       // the longest run of zeros is compressed
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")] // a single zero group stays
    [InlineData("fd00:0:0:1:0:0:0:1", "fd00:0:0:1::1")]         // the later of two runs when it is longer
    [InlineData("fd00:0:0:1:1:0:0:1", "fd00::1:1:0:0:1")]       // the first of two equal runs
    [InlineData("::", "::")]
    public void Addresses_print_in_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, Ipv6.Parse(text).ToString());

    [Theory]
    [InlineData("fd00::20::1")]
    [InlineData("fd00:20::1%eth0")]
    [InlineData("10.0.0.1")]
    [InlineData("fd00:20::10000")]
    public void Malformed_addresses_do_not_parse(string text) => Assert.Null(Ipv6.TryParse(text));

    [Theory]
    [InlineData("fd00:10::/48", null)]
    [InlineData("2a01:4f8::/32", null)]
    [InlineData("fe80::/64", "link-local")]
    [InlineData("ff02::/64", "multicast")]
    [InlineData("2001:db8:1::/48", "documentation")]
    [InlineData("2001::/16", "holds documentation")]
    [InlineData("::/0", "outside unique local")]
    [InlineData("::ffff:10.0.0.0/104", "IPv4-mapped")]
    public void Only_ula_and_global_unicast_space_is_usable(string prefix, string? why)
    {
        string? found = Ipv6Kinds.WhyNotUsable(Ipv6Prefix.Parse(prefix));
        if (why is null) Assert.Null(found);
        else Assert.StartsWith(why, found!, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_are_cut_in_order_and_counted_without_overflow()
    {
        var p = Ipv6Prefix.Parse("fd00:10::/48");
        Assert.Equal("fd00:10:0:2::/64", p.Subnet(64, 2).ToString());
        Assert.Equal(65536, p.SubnetCount(64));
        Assert.Equal(long.MaxValue, Ipv6Prefix.Parse("fd00::/8").SubnetCount(124));
        Assert.True(p.Covers(p.Subnet(64, 65535)));
        Assert.False(p.Covers(Ipv6Prefix.Parse("fd00:11::/64")));
    }
}
