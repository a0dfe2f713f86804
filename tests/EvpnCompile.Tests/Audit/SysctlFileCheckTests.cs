using EvpnCompile.Core.Audit;

namespace EvpnCompile.Tests.Audit;

public class SysctlFileCheckTests
{
    [Fact]
    public void Comments_blank_lines_and_ignore_markers_are_read_as_sysctl_d_says()
    {
        var r = SysctlFileCheck.Check("f.conf", "# c\n; c\n\nnet.ipv4.ip_forward = 1\n-net.ipv4.conf.pod50001.rp_filter=1\n");
        Assert.Empty(r.Findings);
        Assert.Equal([(4, "net.ipv4.ip_forward", "1", false), (5, "net.ipv4.conf.pod50001.rp_filter", "1", true)],
            r.Entries.Select(e => (e.Line, e.Key, e.Value, e.IgnoreMissing)));
        Assert.Equal("/proc/sys/net/ipv4/conf/pod50001/rp_filter", r.Entries[1].ProcPath);
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward 1", "not 'key = value'")]
    [InlineData("ipv4.ip_forward = 1", "/proc/sys has no 'ipv4'")]
    [InlineData("net.ipv4.ip forward = 1", "is not a sysctl key")]
    [InlineData("net.ipv4.ip_forward =", "has no value")]
    public void A_line_systemd_would_skip_is_a_finding_at_its_line(string line, string message)
    {
        var r = SysctlFileCheck.Check("f.conf", $"# header\n{line}\n");
        var f = Assert.Single(r.Findings);
        Assert.Equal(2, f.Line);
        Assert.Contains(message, f.Message);
        Assert.Empty(r.Entries);
    }

    [Fact]
    public void A_key_set_twice_is_a_finding_at_the_second()
    {
        var r = SysctlFileCheck.Check("f.conf", "net.ipv4.ip_forward = 1\nnet.ipv4.ip_forward = 0\n");
        Assert.Equal(2, Assert.Single(r.Findings).Line);
    }
}
