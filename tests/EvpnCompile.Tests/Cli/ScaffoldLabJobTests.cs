using System.CommandLine;
using EvpnCompile.Cli;
using EvpnCompile.Cli.Commands;
using EvpnCompile.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace EvpnCompile.Tests.Cli;

/// <summary>The scaffolded workflow's optional lab job: off by default, kernel mode on the runner, the same inputs as CI.</summary>
public class ScaffoldLabJobTests
{
    private static YamlMappingNode Workflow(TempDir work)
    {
        Assert.Equal(0, CliRunner.Run(work.Path, "init", "demo").ExitCode);
        var stream = new YamlStream();
        using (var reader = new StreamReader(work.File("demo/.github/workflows/evpnc.yml"))) stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode Get(YamlNode node, string key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Text(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value ?? "" : "";

    [Fact]
    public void The_lab_job_is_off_until_asked_for_and_runs_the_ci_inputs_in_kernel_mode_as_root()
    {
        using var work = new TempDir();
        var jobs = Get(Workflow(work), "jobs");
        var lab = Get(jobs, "lab");
        Assert.Equal("vars.EVPNC_LAB == 'true'", Text(lab, "if"));
        Assert.Equal("evpnc", Text(lab, "needs"));
        Assert.StartsWith("ubuntu-", Text(lab, "runs-on")); // GitHub-hosted: its kernel has VRF devices
        var steps = ((YamlSequenceNode)Get(lab, "steps")).Children.ToList();
        string install = steps.Select(s => Text(s, "run")).Single(r => r.Contains("apt-get install"));
        foreach (var package in new[] { "frr", "frr-pythontools", "ifupdown2", "netplan.io", "containernetworking-plugins", "nftables", "iproute2", "iputils-ping" })
            Assert.Matches($@"apt-get install[^\n]* {System.Text.RegularExpressions.Regex.Escape(package)}( |\n|$)", install);
        Assert.Contains("policy-rc.d", install);

        string run = steps.Select(s => Text(s, "run")).Single(r => r.Contains("evpnc lab run "));
        Assert.StartsWith("sudo ", run);
        var args = run[(run.IndexOf("evpnc lab run ", StringComparison.Ordinal) + "evpnc ".Length)..].Trim().Split(' ');
        // The same inputs the CI job validates, in kernel mode; and evpnc's own parser accepts the line.
        var validate = ((YamlSequenceNode)Get(Get(jobs, "evpnc"), "steps")).Children.Select(s => Text(s, "run")).First(r => r.StartsWith("evpnc validate "));
        var inputs = args.Skip(2).TakeWhile(a => !a.StartsWith('-')).ToList();
        Assert.Equal(["."], inputs);
        Assert.StartsWith(string.Join(' ', inputs) + " ", validate["evpnc validate ".Length..]);
        Assert.Equal("kernel", args[Array.IndexOf(args, "--vrf") + 1]);
        var root = new RootCommand { LabCommand.Create(new CliContext(TextWriter.Null, TextWriter.Null, work.Path)) };
        Assert.Empty(root.Parse(args).Errors);
    }
}
