using EvpnCompile.Core.Semantics;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Kubernetes;

/// <summary>
/// A tenant's isolation policies name own x (own + fabric) namespaces. Up to EVPN038's bound the tenant's
/// file renders (no template limit is reached); past it the build stops with EVPN038 at the tenant's
/// namespaces, before anything renders. (Before the check, 1100 namespaces ended in an internal error.)
/// </summary>
public class NetworkPolicySizeTests
{
    /// <summary>The quickstart with blue given <paramref name="count"/> namespaces (the other tenants keep 3).</summary>
    private static (CliRun Run, TempDir Work) Build(int count)
    {
        var work = TempDir.CopyOf(RepoPaths.Of("examples", "quickstart"));
        string tenants = work.File("tenants.yaml");
        string text = File.ReadAllText(tenants);
        Assert.Contains("namespaces: [blue]", text);
        File.WriteAllText(tenants, text.Replace("namespaces: [blue]", $"namespaces: [{string.Join(", ", Enumerable.Range(0, count).Select(i => $"blue-{i}"))}]"));
        return (CliRunner.Run(work.Path, "build", ".", "-o", "out"), work);
    }

    [Fact]
    public void The_largest_tenant_under_the_bound_renders_and_one_past_it_is_EVPN038()
    {
        // 350 x (350 + 353) = 246050 names: under the bound.
        Assert.True(350L * (350 + 353) <= NetworkPolicySizeCheck.MaxNames);
        var (under, w1) = Build(350);
        using (w1)
        {
            Assert.True(under.ExitCode == 0, under.Out + under.Error);
            string file = File.ReadAllText(w1.File("out/kubernetes/blue.yaml"));
            Assert.Equal(350, file.Split("kind: NetworkPolicy").Length - 1);
            Assert.Equal(350 * (350 + 353), file.Split('\n').Count(l => l.StartsWith("                  - \"", StringComparison.Ordinal)));
        }

        // 360 x (360 + 363) = 260280: past it.
        Assert.True(360L * (360 + 363) > NetworkPolicySizeCheck.MaxNames);
        var (over, w2) = Build(360);
        using (w2)
        {
            Assert.Equal(1, over.ExitCode);
            Assert.Matches(@"tenants\.yaml:\d+:\d+: error EVPN038: tenant 'blue' has 360 namespaces in a fabric of 363 tenant namespaces", over.Out + over.Error);
            Assert.False(Directory.Exists(w2.File("out")));
        }
    }
}
