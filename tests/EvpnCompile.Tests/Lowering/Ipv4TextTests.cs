using System.Globalization;
using CsCheck;
using EvpnCompile.Core.Net;

namespace EvpnCompile.Tests.Lowering;

/// <summary>Ipv4.ToString writes digits by hand (for speed): it must be the dotted quad .NET's formatting gives.</summary>
public class Ipv4TextTests
{
    private static string Reference(uint v) => string.Join('.', new[] { v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255 }.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public void Addresses_and_prefixes_print_as_dotted_quads_for_any_value()
    {
        foreach (uint v in new uint[] { 0, uint.MaxValue, 0x0A000001, 0x64400009, 0xC0A80A63, 0x0909090A })
            Assert.Equal(Reference(v), new Ipv4(v).ToString());
        Gen.UInt.Sample(v => Assert.Equal(Reference(v), new Ipv4(v).ToString()), iter: 2000);
        Gen.Select(Gen.UInt, Gen.Int[0, 32]).Sample(x =>
            Assert.Equal($"{Reference(x.Item1)}/{x.Item2}", new Ipv4Prefix(new Ipv4(x.Item1), x.Item2).ToString()), iter: 500);
        Assert.Equal(new Ipv4(0x0A000001), Ipv4.Parse(new Ipv4(0x0A000001).ToString()));
    }
}
