using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// The scaffolded Ansible playbook, run for real: `ansible-playbook` pushes a rendered tree into a
/// scratch folder per node (evpnc_root, ansible_connection=local) with the apply commands recorded
/// instead of run (evpnc_record), so each push shows what it copied and what it would have applied.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class PlaybookRunTests
{
    /// <summary>The order playbook.yml's handlers run in: kernel parameters, network, FRR, Multus.</summary>
    private static readonly string[] HandlerOrder =
    [
        "sysctl --system", "ifreload -a", "netplan apply", "systemctl restart frr",
        "/usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf", "kubectl -n kube-system delete pod",
    ];

    internal static readonly string[] Nodes = ["host1", "host2", "leaf1", "leaf2"];

    internal sealed record ManifestFile(string? Node, string Path, string Target, string Mode, string? Apply, string Sha256);

    internal sealed class Repo(TempDir work)
    {
        public string Root => Path.Combine(work.Path, "demo");
        public string Push => Path.Combine(work.Path, "push");
        public string Out => Path.Combine(Root, "out");
        public string Target(string node, string target) => Path.Combine(Push, node) + target;
        public string Log(string node) => Path.Combine(Push, node, "evpnc-apply.log");
        public string[] LogLines(string node) => File.Exists(Log(node)) ? File.ReadAllLines(Log(node)) : [];

        public List<ManifestFile> Manifest()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "manifest.json")));
            return doc.RootElement.GetProperty("files").EnumerateArray().Select(f => new ManifestFile(
                f.GetProperty("node").GetString(), f.GetProperty("path").GetString()!, f.GetProperty("target").GetString() ?? "",
                f.GetProperty("mode").GetString()!, f.GetProperty("apply").GetString(), f.GetProperty("sha256").GetString()!)).ToList();
        }

        public void Build()
        {
            var run = CliRunner.Run(Root, "build", ".", "-o", "out");
            Assert.True(run.ExitCode == 0, run.Out + run.Error);
        }

        public async Task<(int Exit, string Output)> PlaybookAsync(string playbook, params string[] extra) =>
            await RunAsync(Path.Combine(Root, "ansible"), Ansible.AssertPresent(),
                [playbook, "-e", "ansible_connection=local", "-e", "ansible_become=false",
                 "-e", "ansible_python_interpreter=/usr/bin/python3",
                 "-e", $"evpnc_root={Push}/{{{{ inventory_hostname }}}}", .. extra]);
    }

    /// <summary>init with a second tenant, blue, on host1 only; validate; build.</summary>
    internal static Repo Setup(TempDir work)
    {
        Assert.Equal(0, CliRunner.Run(work.Path, "init", "demo").ExitCode);
        var repo = new Repo(work);
        string example = File.ReadAllText(Path.Combine(repo.Root, "tenants", "example.yaml"));
        string blue = example.Replace("name: example ", "name: blue    ").Replace("[example-web, example-db]", "[blue]")
            .Replace("10.10.0.0/16", "10.50.0.0/16").Replace("nodes: [\"*\"]", "nodes: [host1]");
        Assert.Contains("nodes: [host1]", blue);
        File.WriteAllText(Path.Combine(repo.Root, "tenants", "blue.yaml"), blue);
        Assert.Equal(0, CliRunner.Run(repo.Root, "validate", ".").ExitCode);
        repo.Build();
        return repo;
    }

    private static Dictionary<string, int> Changed(string output) =>
        Regex.Matches(output, @"^(\S+)\s*: ok=\d+\s+changed=(\d+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));

    private static int HandlerRank(string command) =>
        Array.FindIndex(HandlerOrder, h => command.StartsWith(h, StringComparison.Ordinal)) is var i and >= 0 ? i
            : throw new InvalidOperationException($"no handler for {command}");

    /// <summary>The apply commands a push must fire on a node for these changed files, once each, in handler order.</summary>
    private static string[] ExpectedFired(IEnumerable<ManifestFile> changed) =>
        changed.Select(f => f.Apply).OfType<string>().Distinct().OrderBy(HandlerRank).ToArray();

    private static void AssertPushed(Repo repo, List<ManifestFile> manifest)
    {
        foreach (var f in manifest.Where(f => f.Node is not null))
        {
            string target = repo.Target(f.Node!, f.Target);
            Assert.True(File.Exists(target), $"{f.Node}: {f.Target} was not copied");
            Assert.Equal(File.ReadAllBytes(Path.Combine(repo.Out, f.Path)), File.ReadAllBytes(target));
            Assert.Equal((UnixFileMode)Convert.ToInt32(f.Mode, 8), File.GetUnixFileMode(target) & (UnixFileMode)0x1FF);
        }
    }

    [RequiresPlaybookRunFact]
    public async Task A_push_copies_everything_then_nothing_then_exactly_what_one_tenant_changed_and_stops_at_a_rejected_frr_conf()
    {
        using var work = new TempDir();
        var repo = Setup(work);
        var first = repo.Manifest();

        // First push: every file of every node, with its mode; each node's handlers fire once, in order.
        var push = await repo.PlaybookAsync("playbook.yml", "-e", "evpnc_record=true");
        Assert.True(push.Exit == 0, push.Output);
        AssertPushed(repo, first);
        foreach (var node in Nodes)
            Assert.Equal(ExpectedFired(first.Where(f => f.Node == node)), repo.LogLines(node));
        Assert.Equal(first.Where(f => f.Path.StartsWith("kubernetes/", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => f.Apply!), repo.LogLines("localhost"));

        // Second push of the same tree: nothing changes, nothing fires.
        var logs = Nodes.Append("localhost").ToDictionary(n => n, n => repo.LogLines(n));
        var again = await repo.PlaybookAsync("playbook.yml", "-e", "evpnc_record=true");
        Assert.True(again.Exit == 0, again.Output);
        var recap = Changed(again.Output);
        Assert.Equal(Nodes.Append("localhost").Order(StringComparer.Ordinal), recap.Keys.Order(StringComparer.Ordinal));
        Assert.All(recap, r => Assert.True(r.Value == 0, $"{r.Key}: changed={r.Value} on a second push\n{again.Output}"));
        foreach (var (node, lines) in logs) Assert.Equal(lines, repo.LogLines(node));

        // One tenant edited (blue, on host1 only, gains an L2 network): exactly its files change, only
        // the nodes that hold them fire, and only the handlers of the files that changed, in order.
        string blueFile = Path.Combine(repo.Root, "tenants", "blue.yaml");
        File.WriteAllText(blueFile, File.ReadAllText(blueFile) + "  l2Networks:\n    - {name: vms, vni: auto, subnet: 10.60.0.0/24, gateway: 10.60.0.1}\n");
        Assert.Equal(0, CliRunner.Run(repo.Root, "validate", ".").ExitCode);
        repo.Build();
        var second = repo.Manifest();
        var before = first.ToDictionary(f => f.Path, f => f.Sha256);
        var changed = second.Where(f => f.Node is not null && (!before.TryGetValue(f.Path, out var sha) || sha != f.Sha256)).ToList();
        Assert.Contains(changed, f => f.Node == "host1");
        Assert.DoesNotContain(changed, f => f.Node == "host2"); // blue is not on host2
        Assert.All(changed, f => Assert.Contains(f.Node, new[] { "host1", "leaf1", "leaf2" })); // blue's host, and the leaves' edge filters
        var edit = await repo.PlaybookAsync("playbook.yml", "-e", "evpnc_record=true");
        Assert.True(edit.Exit == 0, edit.Output);
        AssertPushed(repo, second);
        var editRecap = Changed(edit.Output);
        foreach (var node in Nodes)
        {
            var mine = changed.Where(f => f.Node == node).ToList();
            Assert.Equal(ExpectedFired(mine), repo.LogLines(node).Skip(logs[node].Length));
            if (mine.Count == 0) Assert.Equal(0, editRecap[node]);
        }

        // A frr.conf that vtysh rejects stops the run at its node (host1, the first) before it is replaced.
        string host1Frr = repo.Target("host1", "/etc/frr/frr.conf");
        byte[] good = File.ReadAllBytes(host1Frr);
        File.WriteAllText(Path.Combine(repo.Out, "nodes/host1/etc/frr/frr.conf"), "router bgp 65101\n this is not a command\n");
        string host2Sysctl = Path.Combine(repo.Out, "nodes/host2/etc/sysctl.d/60-evpnc.conf");
        File.AppendAllText(host2Sysctl, "# a valid change that must not reach host2\n");
        var logsBefore = Nodes.ToDictionary(n => n, n => repo.LogLines(n));
        var rejected = await repo.PlaybookAsync("playbook.yml", "-e", "evpnc_record=true");
        Assert.True(rejected.Exit != 0, rejected.Output);
        Assert.Contains("failed to validate", rejected.Output);
        Assert.Equal(good, File.ReadAllBytes(host1Frr));
        Assert.NotEqual(File.ReadAllBytes(host2Sysctl), File.ReadAllBytes(repo.Target("host2", "/etc/sysctl.d/60-evpnc.conf")));
        foreach (var node in Nodes) Assert.Equal(logsBefore[node], repo.LogLines(node));
    }

    [RequiresPlaybookRunFact]
    public async Task Drift_reports_the_files_that_differ_per_node_and_changes_nothing()
    {
        using var work = new TempDir();
        var repo = Setup(work);
        var push = await repo.PlaybookAsync("playbook.yml", "-e", "evpnc_record=true");
        Assert.True(push.Exit == 0, push.Output);

        var clean = await repo.PlaybookAsync("drift.yml", "-e", "evpnc_frr_running=false");
        Assert.True(clean.Exit == 0, clean.Output);
        foreach (var node in Nodes) Assert.Contains($"evpnc drift on {node}: files [], running FRR []", clean.Output);

        // Someone edits frr.conf on host1 and loosens a CNI file's mode on host2.
        string frr = repo.Target("host1", "/etc/frr/frr.conf");
        File.AppendAllText(frr, "! edited by hand\n");
        byte[] edited = File.ReadAllBytes(frr);
        string cni = repo.Target("host2", "/etc/cni/multus/net.d/example.conf");
        File.SetUnixFileMode(cni, (UnixFileMode)Convert.ToInt32("0666", 8));
        var logs = Nodes.ToDictionary(n => n, n => repo.LogLines(n));

        var drift = await repo.PlaybookAsync("drift.yml", "-e", "evpnc_frr_running=false");
        Assert.True(drift.Exit != 0, "drift must fail the run so a scheduled job alerts\n" + drift.Output);
        Assert.Contains("evpnc drift on host1: files [/etc/frr/frr.conf], running FRR []", drift.Output);
        Assert.Contains("evpnc drift on host2: files [/etc/cni/multus/net.d/example.conf], running FRR []", drift.Output);
        Assert.Contains("\n-! edited by hand\n", drift.Output); // the diff: the node has the line, out/ does not
        foreach (var node in new[] { "leaf1", "leaf2" }) Assert.Contains($"evpnc drift on {node}: files [], running FRR []", drift.Output);
        Assert.Equal(edited, File.ReadAllBytes(frr));
        Assert.Equal((UnixFileMode)Convert.ToInt32("0666", 8), File.GetUnixFileMode(cni) & (UnixFileMode)0x1FF);
        foreach (var node in Nodes) Assert.Equal(logs[node], repo.LogLines(node));
    }

    /// <summary>
    /// The playbook's own host checks (evpnc_check_host), in a private network namespace the test makes: a
    /// port (a veth: this machine kind has no dummy devices) with a dynamic IPv6 address (a lifetime, as SLAAC gives) whose accept_ra is <paramref name="acceptRa"/>.
    /// </summary>
    private static Task<(int Exit, string Output)> PlaybookInNamespaceAsync(Repo repo, int acceptRa) =>
        RunAsync(Path.Combine(repo.Root, "ansible"), ToolRunner.Find("unshare")!,
            ["--net", "--", "sh", "-c",
             "ip link set lo up && ip link add mgmt0 type veth peer name mgmt0p && ip link set mgmt0p up && ip link set mgmt0 up "
             + "&& ip -6 addr add 2001:db8:5::11/64 dev mgmt0 nodad valid_lft 600 preferred_lft 600 "
             + $"&& sysctl -qw net.ipv6.conf.mgmt0.accept_ra={acceptRa} net.ipv4.conf.all.rp_filter=0 && exec \"$0\" \"$@\"",
             Ansible.AssertPresent(), "playbook.yml", "-e", "ansible_connection=local", "-e", "ansible_become=false",
             "-e", "ansible_python_interpreter=/usr/bin/python3", "-e", $"evpnc_root={repo.Push}/{{{{ inventory_hostname }}}}",
             "-e", "evpnc_record=true", "-e", "evpnc_check_host=true"]);

    [RequiresPlaybookRunFact]
    public async Task A_host_that_will_route_ipv6_is_refused_while_a_port_with_a_slaac_address_would_stop_taking_router_advertisements()
    {
        using var work = new TempDir();
        var repo = Setup(work);
        // The example tenant becomes dual-stack: every host routes IPv6 and gets the IPv6 source check.
        string example = Path.Combine(repo.Root, "tenants", "example.yaml");
        File.WriteAllText(example, File.ReadAllText(example).Replace("    perNodePrefix: 24\n", "    perNodePrefix: 24\n    cidr6: \"fd00:10::/48\"\n    perNodePrefix6: 64\n"));
        Assert.Equal(0, CliRunner.Run(repo.Root, "validate", ".").ExitCode);
        repo.Build();
        Assert.Contains(repo.Manifest(), f => f.Node == "host1" && f.Target == "/etc/evpnc/ipv6-source.nft");

        var refused = await PlaybookInNamespaceAsync(repo, acceptRa: 1);
        Assert.True(refused.Exit != 0, refused.Output);
        Assert.Contains("These ports have an address from SLAAC or DHCPv6 and would lose it when it expires: mgmt0.", refused.Output);
        // Checked before anything is copied: nothing is in place, so the next run copies and applies everything.
        Assert.False(File.Exists(repo.Target("host1", "/etc/frr/frr.conf")), refused.Output);
        Assert.False(File.Exists(repo.Log("host1")), refused.Output);

        var accepted = await PlaybookInNamespaceAsync(repo, acceptRa: 2);
        Assert.True(accepted.Exit == 0, accepted.Output);
        Assert.Contains("/usr/sbin/nft -f /etc/evpnc/ipv6-source.nft", repo.LogLines("host1"));
    }

    private static Task<(int Exit, string Output)> RunAsync(string workingDirectory, string program, string[] args) =>
        AnsibleRunner.RunAsync(workingDirectory, program, args, TimeSpan.FromMinutes(5));
}

/// <summary>
/// A real push needs ansible-playbook, vtysh (the copy's validate) and root with an frr user (frr.conf
/// is owned by frr). Skipped with the reason when one is missing, unless EVPNC_REQUIRE_TOOLS=1.
/// </summary>
public sealed class RequiresPlaybookRunFactAttribute : FactAttribute
{
    public static string? Missing() =>
        Ansible.Playbook is null ? "ansible-playbook is missing"
        : ToolRunner.Find("vtysh") is null ? "vtysh (FRR) is missing"
        : !ToolRunner.IsRoot ? "needs root (the copies set owner frr)"
        : null;

    public RequiresPlaybookRunFactAttribute()
    {
        if (Missing() is { } why && !Tools.Required) Skip = $"{why} (set EVPNC_REQUIRE_TOOLS=1 to fail instead)";
    }
}
