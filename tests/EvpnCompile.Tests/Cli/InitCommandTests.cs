using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Core.Validation;
using EvpnCompile.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// `evpnc init DIR`: the scaffolded repository is complete, compiles clean with the commands its own
/// README and CI workflow use, and its workflow and Ansible playbook are valid and match the manifest.
/// </summary>
public class InitCommandTests
{
    private const string Header = "# yaml-language-server: $schema=";

    private static readonly string[] ExpectedFiles =
    [
        ".github/workflows/evpnc.yml", ".gitignore", "README.md",
        "ansible/README.md", "ansible/ansible.cfg", "ansible/drift.yml", "ansible/playbook.yml",
        "fabric.yaml", "nodes/host1.yaml", "nodes/host2.yaml", "nodes/leaf1.yaml", "nodes/leaf2.yaml",
        "schemas/evpnc.schema.json", "tenants/example.yaml",
    ];

    private static readonly string[] InputFiles =
        ["fabric.yaml", "nodes/host1.yaml", "nodes/host2.yaml", "nodes/leaf1.yaml", "nodes/leaf2.yaml", "tenants/example.yaml"];

    /// <summary>In the order Ansible runs them (the order they are defined): kernel parameters, then the network, then FRR, then Multus.</summary>
    private static readonly string[] HandlerNames = ["sysctl --system", "nft -f", "systemctl enable", "ifreload -a", "netplan apply", "restart frr", "frr-reload", "restart multus"];

    // ---- helpers ----

    /// <summary>`evpnc init demo` in <paramref name="work"/>; the new repository's folder.</summary>
    private static string Init(TempDir work, string folder = "demo")
    {
        var run = CliRunner.Run(work.Path, "init", folder);
        AssertExit(0, run);
        return Path.Combine(work.Path, folder);
    }

    private static void AssertExit(int expected, CliRun run) =>
        Assert.True(run.ExitCode == expected, $"exit {run.ExitCode}, expected {expected}; output:\n{run.Out}{run.Error}");

    private static SortedSet<string> Tree(string dir) =>
        new(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')),
            StringComparer.Ordinal);

    private static YamlNode LoadYaml(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file)) stream.Load(reader);
        Assert.Single(stream.Documents);
        return stream.Documents[0].RootNode;
    }

    private static YamlNode? Get(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Text(YamlNode node, string key) => (Get(node, key) as YamlScalarNode)?.Value;

    private static List<YamlMappingNode> Steps(string repo) =>
        ((YamlSequenceNode)Get(Get(Get(LoadYaml(Path.Combine(repo, ".github/workflows/evpnc.yml")), "jobs")!, "evpnc")!, "steps")!)
        .Children.Cast<YamlMappingNode>().ToList();

    private static YamlMappingNode Step(List<YamlMappingNode> steps, string name) =>
        Assert.Single(steps, s => Text(s, "name") == name);

    /// <summary>The evpnc arguments of the line of a step's `run` that calls `evpnc VERB` (stops at a redirection or a pipe).</summary>
    private static string[] EvpncArgs(YamlMappingNode step, string verb)
    {
        string run = Text(step, "run") ?? "";
        var line = Assert.Single(run.Split('\n'), l => l.Contains($"evpnc {verb} ", StringComparison.Ordinal));
        string tail = line[(line.IndexOf($"evpnc {verb} ", StringComparison.Ordinal) + "evpnc ".Length)..];
        return tail.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(t => t is not (">" or "|" or "||" or "&&" or ";")).ToArray();
    }

    /// <summary>init, validate (writes the lock), build into out/ with --locked: the repository and the rendered tree.</summary>
    private static (string Repo, string Out) InitAndBuild(TempDir work)
    {
        string repo = Init(work);
        AssertExit(0, CliRunner.Run(repo, ["validate", .. InputPaths]));
        AssertExit(0, CliRunner.Run(repo, ["build", .. InputPaths, "-o", "out", "--locked"]));
        return (repo, Path.Combine(repo, "out"));
    }

    private static readonly string[] InputPaths = ["."];

    // ---- the files ----

    [Fact]
    public void Init_creates_the_repository_files_and_no_lock()
    {
        using var work = new TempDir();
        var run = CliRunner.Run(work.Path, "init", "demo");
        AssertExit(0, run);
        Assert.Equal("", run.Error);
        string repo = Path.Combine(work.Path, "demo");
        Assert.Equal(ExpectedFiles, Tree(repo));
        Assert.False(File.Exists(Path.Combine(repo, "evpnc.lock.yaml")), "init must not write the lock; the first validate does");
        foreach (var file in ExpectedFiles) Assert.Contains($"  {file}\n", run.Out);
        Assert.Contains("fabric.yaml", File.ReadAllText(Path.Combine(repo, "README.md")));
        Assert.Contains("out/", File.ReadAllLines(Path.Combine(repo, ".gitignore")));
        // Text files as every evpnc output: LF, no BOM.
        foreach (var file in ExpectedFiles)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(repo, file));
            Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], $"{file} starts with a BOM");
            Assert.DoesNotContain((byte)'\r', bytes);
        }
    }

    [Fact]
    public void Every_input_file_points_its_schema_header_at_the_copied_schema()
    {
        using var work = new TempDir();
        string repo = Init(work);
        string schema = Path.Combine(repo, "schemas", "evpnc.schema.json");
        Assert.Equal(SchemaCatalog.ReadResource(SchemaCatalog.ResourceName), File.ReadAllText(schema));
        var yamlFiles = Tree(repo).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        Assert.Equal(InputFiles.Order(StringComparer.Ordinal), yamlFiles);
        foreach (var file in yamlFiles)
        {
            string first = File.ReadLines(Path.Combine(repo, file)).First();
            Assert.StartsWith(Header, first);
            string relative = first[Header.Length..];
            Assert.False(Path.IsPathRooted(relative), $"{file}: the schema path must be relative, is {relative}");
            Assert.Equal(schema, Path.GetFullPath(Path.Combine(repo, Path.GetDirectoryName(file)!, relative)));
        }
    }

    [Fact]
    public void The_fabric_is_named_after_the_folder_or_by_name()
    {
        using var work = new TempDir();
        Directory.CreateDirectory(work.File("dc-east")); // an existing empty folder is fine
        Init(work, "dc-east");
        Assert.Contains("\n  name: dc-east\n", File.ReadAllText(work.File("dc-east/fabric.yaml")));
        Assert.Contains("# Fabric dc-east\n", File.ReadAllText(work.File("dc-east/README.md")));

        Init(work, "My Fabric");
        Assert.Contains("\n  name: fabric1\n", File.ReadAllText(work.File("My Fabric/fabric.yaml")));

        AssertExit(0, CliRunner.Run(work.Path, "init", "x", "--name", "lab2"));
        Assert.Contains("\n  name: lab2\n", File.ReadAllText(work.File("x/fabric.yaml")));

        var bad = CliRunner.Run(work.Path, "init", "y", "--name", "Not_A_Name");
        AssertExit(2, bad);
        Assert.Contains("not a valid fabric name", bad.Error);
        Assert.False(Directory.Exists(work.File("y")), "a refused init must not create the folder");
    }

    // ---- refusals ----

    [Theory]
    [InlineData("keep.txt")]
    [InlineData(".git/HEAD")]
    [InlineData("fabric.yaml")]
    public void Init_refuses_a_folder_that_is_not_empty(string existing)
    {
        using var work = new TempDir();
        string file = Path.Combine(work.Path, "demo", existing);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "mine\n");
        var run = CliRunner.Run(work.Path, "init", "demo");
        AssertExit(2, run);
        Assert.Contains("demo is not empty", run.Error);
        Assert.Equal("", run.Out);
        Assert.Equal([existing], Tree(work.File("demo")));
        Assert.Equal("mine\n", File.ReadAllText(file));
    }

    [Fact]
    public void Init_refuses_a_file()
    {
        using var work = new TempDir();
        File.WriteAllText(work.File("demo"), "mine\n");
        var run = CliRunner.Run(work.Path, "init", "demo");
        AssertExit(2, run);
        Assert.Contains("demo is a file", run.Error);
        Assert.Equal("mine\n", File.ReadAllText(work.File("demo")));
    }

    // ---- it compiles ----

    [Fact]
    public void The_scaffold_validates_and_builds_clean_with_the_commands_of_its_CI()
    {
        using var work = new TempDir();
        string repo = Init(work);
        var steps = Steps(repo);

        var first = CliRunner.Run(repo, ["validate", .. InputPaths]);
        AssertExit(0, first);
        Assert.StartsWith("0 errors, 0 warnings in 6 files (6 documents); evpnc.lock.yaml updated", first.Out);
        Assert.True(File.Exists(Path.Combine(repo, "evpnc.lock.yaml")));

        // The workflow's own command lines, run as CI runs them (after the lock was committed).
        string[] validate = EvpncArgs(Step(steps, "Validate"), "validate");
        Assert.Contains("--locked", validate);
        var locked = CliRunner.Run(repo, validate);
        AssertExit(0, locked);
        Assert.StartsWith("0 errors, 0 warnings", locked.Out);

        string[] build = EvpncArgs(Step(steps, "Build and verify"), "build");
        Assert.Equal(["-o", "out", "--locked", "--verify"], build[^4..]);
        var built = CliRunner.Run(repo, build);
        AssertExit(0, built);
        Assert.Contains("0 errors, 0 warnings", built.Out);

        // `.` reads only evpnc documents: the playbook and out/'s YAML are skipped, counted, and listed with -v.
        Assert.Contains("; 2 other YAML files skipped (-v lists them)", locked.Out);
        var again = CliRunner.Run(repo, [.. validate, "-v"]);
        AssertExit(0, again);
        Assert.StartsWith("0 errors, 0 warnings in 6 files", again.Out);
        Assert.Contains("evpnc: skipped ansible/playbook.yml: ", again.Error);
        Assert.Contains("evpnc: skipped ansible/drift.yml: ", again.Error);
        Assert.Contains("evpnc: skipped out/kubernetes/example.yaml: ", again.Error);
        Assert.Contains("evpnc: skipped out/kubernetes/01-nodes.yaml: ", again.Error);
        Assert.DoesNotContain("skipped fabric.yaml", again.Error);

        // Two leaves, two hosts each wired to both leaves, with management addresses; the example tenant on both hosts.
        string outDir = Path.Combine(repo, "out");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        var nodes = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => f.GetProperty("node").GetString()).OfType<string>().ToHashSet();
        Assert.Equal(["host1", "host2", "leaf1", "leaf2"], nodes.Order(StringComparer.Ordinal));
        foreach (var host in new[] { "host1", "host2" })
        {
            string frr = File.ReadAllText(Path.Combine(outDir, "nodes", host, "etc/frr/frr.conf"));
            Assert.Contains(" neighbor eth1 interface peer-group fabric\n", frr);
            Assert.Contains(" neighbor eth2 interface peer-group fabric\n", frr);
            Assert.Contains("vrf example\n", frr);
            Assert.True(File.Exists(Path.Combine(outDir, "nodes", host, "etc/cni/multus/net.d/example.conf")));
        }
        string inventory = File.ReadAllText(Path.Combine(outDir, "inventory.yaml"));
        foreach (var address in new[] { "192.168.0.1", "192.168.0.2", "192.168.0.11", "192.168.0.12" })
            Assert.Contains($"ansible_host: {address}\n", inventory);
        Assert.True(File.Exists(Path.Combine(outDir, "kubernetes", "example.yaml")));
    }

    [Fact]
    public void The_commented_out_examples_of_the_tenant_compile_when_used_as_described()
    {
        using var work = new TempDir();
        string repo = Init(work);
        string tenantFile = Path.Combine(repo, "tenants", "example.yaml");
        string tenant = File.ReadAllText(tenantFile);

        // The L2 network, uncommented.
        const string l2 = "  # l2Networks:\n  #   - name: vms\n  #     vni: auto\n  #     subnet: 10.20.0.0/24\n  #     gateway: 10.20.0.1\n";
        Assert.Contains(l2, tenant);
        tenant = tenant.Replace(l2, l2.Replace("  # ", "  ", StringComparison.Ordinal));

        // The import, uncommented, without the other side's consent: an error.
        const string import = "  # import: [shared]\n";
        Assert.Contains(import, tenant);
        tenant = tenant.Replace(import, "  import: [shared]\n");
        File.WriteAllText(tenantFile, tenant);
        string shared = File.ReadAllText(Path.Combine(repo, "tenants", "example.yaml"))
            .Replace("name: example ", "name: shared  ")
            .Replace("[example-web, example-db]", "[shared-services]")
            .Replace("10.10.0.0/16", "10.40.0.0/16")
            .Replace("  import: [shared]\n", "")
            .Replace(l2.Replace("  # ", "  ", StringComparison.Ordinal), "");
        File.WriteAllText(Path.Combine(repo, "tenants", "shared.yaml"), shared);
        var refused = CliRunner.Run(repo, ["validate", .. InputPaths]);
        AssertExit(1, refused);
        Assert.Contains("error EVPN080", refused.Out);

        // ...and with it (the export the comment shows, in shared's file): clean, and the L2 network is built.
        File.WriteAllText(Path.Combine(repo, "tenants", "shared.yaml"), shared.Replace("  #   export: [example]", "  export: [example]     "));
        var run = CliRunner.Run(repo, ["build", .. InputPaths, "-o", "out"]);
        AssertExit(0, run);
        Assert.Contains("0 errors, 0 warnings", run.Out);
        Assert.True(File.Exists(Path.Combine(repo, "out/nodes/host1/etc/cni/multus/net.d/example-vms.conf")));
        Assert.Contains("import vrf shared", File.ReadAllText(Path.Combine(repo, "out/nodes/host1/etc/frr/frr.conf")));
    }

    [RequiresToolsFact]
    public void The_rendered_scaffold_passes_verify_with_the_real_programs()
    {
        Tools.AssertAllPresent();
        using var work = new TempDir();
        var (repo, _) = InitAndBuild(work);
        var run = CliRunner.Run(repo, "verify", "out");
        AssertExit(0, run);
        Assert.Matches(@"verify: \d+ files, [1-9]\d* checks passed, 0 failed, 0 skipped", run.Out);
    }

    // ---- the workflow ----

    [Fact]
    public void The_workflow_is_yaml_with_every_ci_step()
    {
        using var work = new TempDir();
        string repo = Init(work);
        var root = LoadYaml(Path.Combine(repo, ".github/workflows/evpnc.yml"));
        var on = Get(root, "on");
        Assert.NotNull(Get(on!, "pull_request"));
        var branches = Assert.IsType<YamlSequenceNode>(Get(Get(on!, "push")!, "branches"));
        Assert.Equal(["main"], branches.Children.Select(b => ((YamlScalarNode)b).Value));

        var steps = Steps(repo);
        int Index(Func<YamlMappingNode, bool> match) => Assert.Single(steps.Select((s, i) => (s, i)), p => match(p.s)).i;
        bool Uses(YamlMappingNode s, string action) => Text(s, "uses")?.StartsWith(action + "@", StringComparison.Ordinal) == true;
        bool Runs(YamlMappingNode s, string text) => Text(s, "run")?.Contains(text, StringComparison.Ordinal) == true;

        int checkout = Index(s => Uses(s, "actions/checkout"));
        Assert.Equal("0", Text(Get(steps[checkout], "with")!, "fetch-depth"));
        int dotnet = Index(s => Uses(s, "actions/setup-dotnet"));
        Assert.StartsWith("10.", Text(Get(steps[dotnet], "with")!, "dotnet-version"));
        int install = Index(s => Runs(s, "dotnet tool install --global EvpnCompile"));
        int validate = Index(s => Text(s, "name") == "Validate");
        int tools = Index(s => Runs(s, "apt-get install"));
        foreach (var package in new[] { "frr", "frr-pythontools", "ifupdown2", "netplan.io", "containernetworking-plugins" })
            Assert.Matches($@"apt-get install[^\n]* {Regex.Escape(package)}( |\n|$)", Text(steps[tools], "run"));
        int build = Index(s => Runs(s, "evpnc build "));
        Assert.True(checkout < dotnet && dotnet < install && install < validate && tools < build, "steps out of order");

        int diff = Index(s => Runs(s, "evpnc diff "));
        Assert.Contains("pull_request", Text(steps[diff], "if"));
        Assert.Contains("--base \"origin/$BASE_REF\" --format markdown > diff.md", Text(steps[diff], "run"));
        Assert.Equal("${{ github.base_ref }}", Text(Get(steps[diff], "env")!, "BASE_REF"));
        int comment = Index(s => Uses(s, "marocchino/sticky-pull-request-comment"));
        Assert.Contains("pull_request", Text(steps[comment], "if"));
        Assert.Equal("diff.md", Text(Get(steps[comment], "with")!, "path"));
        Assert.True(diff < comment, "the comment must come after the diff");

        int sarif = Index(s => Runs(s, "--format sarif > evpnc.sarif"));
        int upload = Index(s => Uses(s, "github/codeql-action/upload-sarif"));
        Assert.Equal("evpnc.sarif", Text(Get(steps[upload], "with")!, "sarif_file"));
        Assert.True(sarif < upload);

        int artifact = Index(s => Uses(s, "actions/upload-artifact"));
        Assert.Equal("out/", Text(Get(steps[artifact], "with")!, "path"));
        Assert.True(build < artifact);
    }

    // ---- the playbook ----

    [Fact]
    public void The_playbook_copies_every_kind_of_a_manifest_and_has_a_handler_for_every_apply_command()
    {
        using var work = new TempDir();
        string repo = Init(work);
        Assert.Contains("inventory = ../out/inventory.yaml\n", File.ReadAllText(Path.Combine(repo, "ansible/ansible.cfg")));
        var plays = Assert.IsType<YamlSequenceNode>(LoadYaml(Path.Combine(repo, "ansible/playbook.yml"))).Children;
        Assert.Equal(2, plays.Count);

        var nodesPlay = plays[0];
        // Every node of the inventory: hosts and leaves, and spines and borders where the fabric has them.
        Assert.Equal("all", Text(nodesPlay, "hosts"));
        // A play variable used whole ("{{ evpnc_x }}", or a bare name in a Jinja expression) stands for its text.
        var vars = Get(nodesPlay, "vars")!;
        string Resolve(string text) =>
            Regex.Match(text, @"^(?:\{\{ (\w+) \}\}|(\w+))$") is { Success: true } m && Text(vars, m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) is { } value
                ? value : text;
        var allHandlers = ((YamlSequenceNode)Get(nodesPlay, "handlers")!).Children;
        var runHandlers = allHandlers.Where(h => !Text(h, "name")!.StartsWith("record ", StringComparison.Ordinal)).ToList();
        var handlers = runHandlers.ToDictionary(h => Text(h, "name")!, h => Resolve(Text(h, "ansible.builtin.command")!));
        Assert.Equal(HandlerNames, runHandlers.Select(h => Text(h, "name")!));
        // Each handler has a recorder right after it (evpnc_record): it listens to the same name and
        // writes the very command the handler runs; exactly one of the two runs.
        Assert.Equal(HandlerNames.SelectMany(h => new[] { h, "record " + h }), allHandlers.Select(h => Text(h, "name")!));
        foreach (var recorder in allHandlers.Where(h => Text(h, "name")!.StartsWith("record ", StringComparison.Ordinal)))
        {
            string topic = Text(recorder, "listen")!;
            Assert.Equal("record " + topic, Text(recorder, "name"));
            var argv = ((YamlSequenceNode)Get(Get(recorder, "ansible.builtin.command")!, "argv")!).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
            Assert.Equal(handlers[topic], Resolve(argv[3]));
            Assert.Equal("evpnc_record | bool", Text(recorder, "when"));
            Assert.Equal("not (evpnc_record | bool)", Text(Assert.Single(runHandlers, h => Text(h, "name") == topic), "when"));
        }

        // Each copy task takes the files of some kinds (manifest.json's kind) and notifies the handler of their apply command.
        var tasks = ((YamlSequenceNode)Get(nodesPlay, "tasks")!).Children;
        var copies = tasks.Where(t => Get(t, "ansible.builtin.copy") is not null).ToList();
        var taskOfKind = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var task in copies)
        {
            string loop = Text(task, "loop")!;
            var one = Regex.Match(loop, @"selectattr\('kind', 'equalto', '([^']+)'\)");
            var many = Regex.Match(loop, @"selectattr\('kind', 'in', (\w+)\)");
            Assert.True(one.Success || many.Success, $"task '{Text(task, "name")}' does not select its files by kind");
            var kinds = one.Success ? [one.Groups[1].Value]
                : ((YamlSequenceNode)Get(vars, many.Groups[1].Value)!).Children.Select(k => ((YamlScalarNode)k).Value!).ToList();
            foreach (var kind in kinds) taskOfKind.Add(kind, task);   // one task per kind
        }
        foreach (var copy in copies)
        {
            var module = Get(copy, "ansible.builtin.copy")!;
            Assert.Equal("{{ evpnc_out }}/{{ item.path }}", Text(module, "src"));
            Assert.Equal("{{ evpnc_prefix }}{{ item.target }}", Text(module, "dest"));
            Assert.Equal("{{ item.mode }}", Text(module, "mode"));
        }

        // Every node file of a real manifest (the quickstart has ifupdown2 and netplan hosts) is copied by the task of its
        // kind, which notifies the handler that runs exactly its apply command (none when it has none).
        using var manifest = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("tests", "EvpnCompile.Tests", "Snapshots", "quickstart", "manifest.json")));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        var nodeFiles = files.Where(f => f.GetProperty("node").ValueKind == JsonValueKind.String).ToList();
        var known = ((YamlSequenceNode)Get(vars, "evpnc_known_kinds")!).Children.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(known.Order(StringComparer.Ordinal), taskOfKind.Keys.Order(StringComparer.Ordinal));
        var byApply = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in nodeFiles)
        {
            string kind = f.GetProperty("kind").GetString()!;
            Assert.True(taskOfKind.TryGetValue(kind, out var task), $"{f.GetProperty("path")}: no copy task takes kind '{kind}'");
            // A node's own name in its command is the playbook's inventory_hostname.
            string? apply = f.GetProperty("apply").GetString()?.Replace("=" + f.GetProperty("node").GetString(), "={{ inventory_hostname }}", StringComparison.Ordinal);
            string? notify = Text(task!, "notify");
            if (apply is null) { Assert.Null(notify); continue; }
            Assert.NotNull(notify);
            Assert.Equal(apply, handlers[notify!]);
            byApply[apply] = notify!;
        }
        Assert.Equal(handlers.Values.Order(StringComparer.Ordinal), byApply.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("kubectl -n kube-system delete pod -l app=multus --field-selector spec.nodeName={{ inventory_hostname }}", byApply.Keys);

        // Play 2 runs the manifest's own apply command of each cluster file, from out/, after checking it is one it knows.
        var kubePlay = plays[1];
        Assert.Equal("localhost", Text(kubePlay, "hosts"));
        var kubectl = Assert.Single(((YamlSequenceNode)Get(kubePlay, "tasks")!).Children,
            t => Get(t, "ansible.builtin.command") is not null && Text(Get(t, "ansible.builtin.command")!, "argv") is not null);
        Assert.Equal("{{ item.apply.split(' ') }}", Text(Get(kubectl, "ansible.builtin.command")!, "argv"));
        Assert.Equal("{{ evpnc_out }}", Text(Get(kubectl, "ansible.builtin.command")!, "chdir"));
        Assert.Contains("selectattr('kind', 'equalto', 'kubernetes')", Text(Get(kubePlay, "vars")!, "evpnc_kubernetes"));
        var kubectlKnown = new Regex(Text(Get(kubePlay, "vars")!, "evpnc_known_kubectl")!);
        var clusterApplies = files.Where(f => f.GetProperty("kind").GetString() == "kubernetes")
            .Select(f => f.GetProperty("apply").GetString()!).ToList();
        Assert.Equal(5, clusterApplies.Count);
        Assert.All(clusterApplies, a => Assert.Matches(kubectlKnown, a));
        Assert.Contains("kubectl apply --server-side --field-manager=evpnc -f kubernetes/01-nodes.yaml", clusterApplies);
        Assert.DoesNotMatch(kubectlKnown, "kubectl delete -f kubernetes/red.yaml");
        Assert.DoesNotMatch(kubectlKnown, "kubectl apply -f kubernetes/../../etc/passwd.yaml");
    }

    [RequiresAnsibleFact]
    public async Task The_playbook_passes_ansible_syntax_check_against_the_rendered_inventory()
    {
        string ansible = Ansible.AssertPresent();
        using var work = new TempDir();
        var (repo, outDir) = InitAndBuild(work);

        var check = await RunAsync(repo, ansible, "--syntax-check", "-i", Path.Combine(outDir, "inventory.yaml"), "ansible/playbook.yml");
        Assert.True(check.Exit == 0, $"ansible-playbook --syntax-check exited {check.Exit}:\n{check.Output}");
        var drift = await RunAsync(repo, ansible, "--syntax-check", "-i", Path.Combine(outDir, "inventory.yaml"), "ansible/drift.yml");
        Assert.True(drift.Exit == 0, $"ansible-playbook --syntax-check drift.yml exited {drift.Exit}:\n{drift.Output}");

        // From ansible/, ansible.cfg supplies the inventory: the plays reach the rendered hosts and leaves, and localhost.
        var hosts = await RunAsync(Path.Combine(repo, "ansible"), ansible, "--list-hosts", "playbook.yml");
        Assert.True(hosts.Exit == 0, $"ansible-playbook --list-hosts exited {hosts.Exit}:\n{hosts.Output}");
        Assert.Contains("hosts (4):", hosts.Output);
        foreach (var node in new[] { "host1", "host2", "leaf1", "leaf2", "localhost" })
            Assert.Matches($@"\n\s+{node}\n", hosts.Output);
    }

    private static Task<(int Exit, string Output)> RunAsync(string workingDirectory, string program, params string[] args) =>
        AnsibleRunner.RunAsync(workingDirectory, program, args, TimeSpan.FromMinutes(3));
}

/// <summary>Finds ansible-playbook; a test that needs it skips without it, unless EVPNC_REQUIRE_TOOLS=1 (then it fails).</summary>
internal static class Ansible
{
    public static string? Playbook => ToolRunner.Find("ansible-playbook");

    public static string? SkipReason() =>
        Playbook is null && !Tools.Required
            ? "ansible-playbook is missing (Debian: apt-get install ansible; set EVPNC_REQUIRE_TOOLS=1 to fail instead)"
            : null;

    /// <summary>First line of such a test: with EVPNC_REQUIRE_TOOLS=1 a missing ansible-playbook fails here.</summary>
    public static string AssertPresent()
    {
        string? found = Playbook;
        Assert.True(found is not null, "missing: ansible-playbook (Debian: apt-get install ansible)");
        return found!;
    }
}

public sealed class RequiresAnsibleFactAttribute : FactAttribute
{
    public RequiresAnsibleFactAttribute() { if (Ansible.SkipReason() is { } why) Skip = why; }
}
