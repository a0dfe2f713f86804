using CsCheck;
using EvpnCompile.Core;
using EvpnCompile.Core.Text;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Properties;

/// <summary>
/// Mutated inputs never make the compiler throw; mutations that are invalid by construction always
/// produce an error. EVPNC_FUZZ_ITER raises the number of arbitrary mutations (docs/security.md, "Fuzzing").
/// </summary>
public class MutationTests
{
    private static readonly string Quickstart = string.Join("---\n",
        Directory.EnumerateFiles(RepoPaths.Of("examples", "quickstart"), "*.yaml").Where(f => !f.EndsWith("evpnc.lock.yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText));

    private static readonly string[] Inserts = ["\u0001", "\n", "\t", "'", "\"", "[", "{", "&a", "*a", "!!", ": ", "- ", "#", "\u202E", "\u0435", "99999999999999999999", "---\n", "<<: *a\n", "\\", "\r\n", " ", "~"];

    private static readonly Gen<string> Arbitrary =
        Gen.Select(Gen.Int[0, Quickstart.Length], Gen.Int[0, 40], Gen.Int[0, Inserts.Length - 1], Gen.Int[0, 4])
            .Select((at, length, insert, kind) => kind switch
            {
                0 => Quickstart.Remove(at, Math.Min(length, Quickstart.Length - at)),
                1 => Quickstart.Insert(at, Inserts[insert]),
                2 => Quickstart[..at],
                3 => Quickstart.Insert(at, Quickstart.Substring(Math.Max(0, at - length), Math.Min(length, at))),
                _ => Quickstart.Remove(at, Math.Min(1, Quickstart.Length - at)).Insert(at, Inserts[insert]),
            });

    private static BuildResult Build(string text) =>
        Compiler.Build(new CompileRequest([new SourceFile("mutant.yaml", text)], null, "evpnc.lock.yaml"));

    [Fact]
    public void Arbitrary_mutations_never_throw()
    {
        long iterations = long.TryParse(Environment.GetEnvironmentVariable("EVPNC_FUZZ_ITER"), out long n) ? n : 400;
        Arbitrary.Sample(mutant =>
        {
            var build = Build(mutant); // an exception here fails the property, with the input shrunk
            Assert.Equal(build.HasErrors, build.Files is null);
            Assert.All(build.Diagnostics, d => Assert.True(d.Span.Line >= 1 && d.Span.Column >= 1, d.ToString()));
        }, iter: iterations, threads: 1);
    }

    /// <summary>Mutations that break a value for certain: each must be reported as an error, at its line.</summary>
    private static readonly (string Find, string Replace)[] Breaking =
    [
        ("routeTargetAsn: 65000", "routeTargetAsn: 70000"),
        ("asn: 65101", "asn: \"65101\""),
        ("loopback: 10.0.0.12", "loopback: 10.0.0.300"),
        ("name: red}", "name: \"red\\u0001\"}"),
        ("name: blue}", "name: Blue}"),
        ("namespaces: [blue]", "namespaces: [\"blue\\n\"]"),
        ("gateway: 10.20.0.1", "gateway: 10.21.0.1"),
        ("perNodePrefix: 24, cidr6", "perNodePrefix: 33, cidr6"),
        ("gateway6: \"fd00:20::1\"", "gateway6: \"fd00:21::1\""),
        ("perNodePrefix6: 64", "perNodePrefix6: 40"),
        ("cidr6: \"fd00:10::/48\"", "cidr6: \"fe80::/48\""),
        ("subnet6: \"fd00:20::/64\"", "subnet6: \"FD00:20::/64\""),
        ("import: [shared]\n---", "import: [nobody]\n---"),
        ("[leaf1:swp1, host1:eth1]", "[leaf1:swp1, host9:eth1]"),
        ("vxlanPort: 4789", "vxlanPort: 0"),
        ("mtu: 9000", "mtu: 9200"),
    ];

    [Fact]
    public void Mutations_that_break_a_value_always_produce_an_error()
    {
        Gen.Int[0, Breaking.Length - 1].Sample(i =>
        {
            var (find, replace) = Breaking[i];
            Assert.Contains(find, Quickstart);
            var build = Build(Quickstart.Replace(find, replace));
            Assert.True(build.HasErrors, $"{find} -> {replace} produced no error");
            Assert.Null(build.Files);
        }, iter: 100, threads: 1);
    }
}
