using CsCheck;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Properties;

/// <summary>Generated valid fabrics build, pass the validators, and keep tenants apart.</summary>
public class GeneratedFabricTests
{
    /// <summary>EVPNC_PROPERTY_SCALE multiplies the iterations, for long runs by hand (docs/security.md, "Fuzzing").</summary>
    private static long Scale => long.TryParse(Environment.GetEnvironmentVariable("EVPNC_PROPERTY_SCALE"), out long s) && s > 0 ? s : 1;

    private static BuildResult Build(string yaml) =>
        Compiler.Build(new CompileRequest([new SourceFile("fabric.yaml", yaml)], null, "evpnc.lock.yaml"));

    [Fact]
    public void Every_generated_valid_fabric_builds_and_keeps_tenants_isolated()
    {
        FabricGen.Valid.Sample(fabric =>
        {
            var build = Build(fabric.Yaml);
            Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
            var files = build.Files!.ToDictionary(f => f.Path, f => f.Content);
            var problems = IsolationChecker.Check(files, fabric.Consent);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            var audit = FrrAudit.Check(build.Files!.Where(f => f.Path.EndsWith("frr.conf", StringComparison.Ordinal)).Select(f => (f.Path, f.Content)).ToList());
            Assert.All(audit, r => Assert.True(r.Outcome == VerifyOutcome.Passed, string.Join("\n", r.Findings)));
        }, iter: 150 * Scale, threads: 1);
    }

    [Fact]
    public void The_isolation_checker_catches_a_leak_without_consent()
    {
        string yaml = Fixtures.Fabric(2) + Fixtures.Tenant("t0", "namespaces: [a]") + Fixtures.Tenant("t1", "namespaces: [b]");
        var consent = new Dictionary<string, IReadOnlySet<string>> { ["t0"] = new HashSet<string>(), ["t1"] = new HashSet<string>() };
        var files = Build(yaml).Files!.ToDictionary(f => f.Path, f => f.Content);
        Assert.Empty(IsolationChecker.Check(files, consent));
        var (path, conf) = files.First(f => f.Key.EndsWith("frr.conf", StringComparison.Ordinal) && f.Value.Contains(" vrf t0\n", StringComparison.Ordinal));
        var vnis = FrrText.VrfVnis(files.First(f => f.Value.Contains(" vrf t1\n", StringComparison.Ordinal)).Value);
        files[path] = conf.Replace("  route-target export 65000:", $"  route-target import 65000:{vnis["t1"]}\n  route-target export 65000:", StringComparison.Ordinal);
        Assert.Contains(IsolationChecker.Check(files, consent), p => p.Contains("without consent"));
    }

    [Fact]
    public void The_isolation_checker_catches_an_unfiltered_import_vrf()
    {
        // A hub exporting to two spokes: found live, an unfiltered `import vrf hub` handed one spoke the other's routes.
        string yaml = Fixtures.Fabric(1)
            + Fixtures.Tenant("hub", "namespaces: [h]\nexport: [a, b]\npodNetwork: {cidr: 10.1.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("a", "namespaces: [a]\nimport: [hub]\npodNetwork: {cidr: 10.2.0.0/16, perNodePrefix: 24}")
            + Fixtures.Tenant("b", "namespaces: [b]\nimport: [hub]\npodNetwork: {cidr: 10.3.0.0/16, perNodePrefix: 24}");
        var consent = new Dictionary<string, IReadOnlySet<string>>
        {
            ["hub"] = new HashSet<string> { "a", "b" }, ["a"] = new HashSet<string> { "hub" }, ["b"] = new HashSet<string> { "hub" },
        };
        var files = Build(yaml).Files!.ToDictionary(f => f.Path, f => f.Content);
        Assert.Empty(IsolationChecker.Check(files, consent));
        const string path = "nodes/host1/etc/frr/frr.conf";
        files[path] = files[path].Replace("  import vrf route-map evpnc-a-leak\n", "", StringComparison.Ordinal);
        Assert.Contains(IsolationChecker.Check(files, consent), p => p.Contains("VRF a imports VRFs hub without a route-map"));
    }

    [RequiresToolsFact]
    public void Generated_fabrics_pass_every_real_validator()
    {
        Tools.AssertAllPresent();
        FabricGen.Valid.Sample(fabric =>
        {
            var build = Build(fabric.Yaml);
            Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics));
            using var tree = new TempDir();
            foreach (var f in build.Files!)
            {
                string target = tree.File(f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, f.Content);
            }
            var reports = TreeVerifier.VerifyAsync(tree.Path, null).GetAwaiter().GetResult();
            Assert.Empty(reports.Where(r => r.Outcome != VerifyOutcome.Passed).Select(r => $"{r.Validator} {r.Path}: {string.Join("; ", r.Findings)} {r.Detail}"));
        }, iter: 4 * Scale, threads: 1);
    }
}
