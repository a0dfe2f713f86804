using System.Diagnostics;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>Asks the running lab (vtysh JSON, the kernel through ping) and hands the answers to the judge.</summary>
public sealed class LabProbe(LabState state, LabShell sh)
{
    private readonly RoutesFile routes = RoutesFile.Parse(state.RoutesJson);

    /// <summary>
    /// Polls until every control-plane check holds or <paramref name="timeout"/> passes; returns what is
    /// still missing. Pods are made known to zebra once the VNIs are up, and again every 10 s while waiting.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitConvergedAsync(LabBuilder builder, TimeSpan timeout, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? learned = null;
        var stages = new HashSet<LabCheck>();
        while (true)
        {
            var findings = LabJudge.ControlPlane(state.Plan, routes, await ObserveAsync(config: false));
            var failed = findings.Where(f => f.Outcome == LabOutcome.Failed).ToList();
            foreach (var check in new[] { LabCheck.Link, LabCheck.Session, LabCheck.Vni, LabCheck.Evpn, LabCheck.Vrf, LabCheck.Encap })
                if (findings.Any(f => f.Check == check) && failed.All(f => f.Check != check) && stages.Add(check))
                    say(check switch
                    {
                        LabCheck.Link => $"kernel: {findings.Count(f => f.Check == LabCheck.Link)} VRFs with every device up, in its bridge, with its MTU",
                        LabCheck.Session => $"BGP: {findings.Count(f => f.Check == LabCheck.Session) / LabJudge.Families.Length} peerings Established, both address families",
                        LabCheck.Vni => "VNIs: every L3VNI Up, every L2VNI with its remote VTEPs",
                        LabCheck.Evpn => "EVPN: every node holds exactly the type-3 and type-5 routes of routes.json",
                        LabCheck.Vrf => "VRFs: every imported prefix and remote pod /32 installed",
                        // Routes alone do not forward: zebra must also hold each far VTEP's router MAC (docs/topology.md).
                        _ => "forwarding: every route to a VTEP in a VNI it carries, with that VTEP's router MAC",
                    });
            if (failed.Count == 0) return [];
            // Once the VNIs are up; and after 10 s in any case, so that a VNI that never comes up (a broken
            // host) does not keep every other host's pods unknown and their type-2 routes away.
            bool vnisUp = failed.All(f => f.Check != LabCheck.Vni) || clock.Elapsed > TimeSpan.FromSeconds(10);
            if (vnisUp && (learned is null || clock.Elapsed - learned > TimeSpan.FromSeconds(10)))
            {
                await builder.LearnPodsAsync();
                learned = clock.Elapsed;
            }
            if (clock.Elapsed > timeout) return failed.Select(f => $"{f.Node}: {f.Subject}: {f.Detail}").ToList();
            await Task.Delay(250, sh.Cancellation);
        }
    }

    public async Task<LabReport> CheckAsync()
    {
        bool kernel = state.Plan.VrfMode == LabVrfMode.Kernel;
        var findings = LabJudge.ControlPlane(state.Plan, routes, await ObserveAsync(config: true)).ToList();
        if (Reload.Unavailable is { } why)
            findings.InsertRange(0, state.Plan.Nodes.Select(n => new LabFinding(LabCheck.Running, n.Name, "frr.conf", LabOutcome.NotTested, why)));
        if (kernel) findings.InsertRange(0, LabHostFiles.LoadApplied(state.Plan.StateDir).Select(a => a.Finding));
        var probes = LabPings.Plan(state.Plan, routes);
        // Kernel mode: consented leaks forward, so they are pinged, and counted on the wire per VNI.
        var wire = kernel ? new LabWireProbe(state.Plan, sh, LabWire.Flows(probes)) : null;
        if (wire is not null) await wire.StartAsync();
        var replies = new PingReply?[probes.Count];
        using var gate = new SemaphoreSlim(SourcesInParallel);
        var bySource = probes.Select((probe, index) => (probe, index)).Where(x => kernel || x.probe.Expect != PingExpect.Leak).GroupBy(x => x.probe.Source);
        await Task.WhenAll(bySource.Select(async group =>
        {
            await gate.WaitAsync(sh.Cancellation);
            try
            {
                var answers = await PingFromAsync(group.Key, group.Select(x => x.probe).ToList());
                foreach (var ((_, index), reply) in group.Zip(answers)) replies[index] = reply;
            }
            finally { gate.Release(); }
        }));
        var pings = probes.Select((p, i) => (p, LabPings.Judge(p, replies[i], leaksForward: kernel))).ToList();
        if (wire is not null) findings.AddRange(await wire.FinishAsync());
        findings.AddRange(pings.Select(p => p.Item2));
        foreach (var spoof in LabSpoof.Plan(state.Plan, routes))
            findings.Add(LabSpoof.Judge(spoof, await SpoofAsync(spoof)));
        if (state.Plan.Upstreams.Count > 0) findings.AddRange(await UpstreamsAsync());
        return new LabReport(findings, pings);
    }

    /// <summary>
    /// The way out: each upstream's session to its border is up and it holds exactly its tenant's own prefixes
    /// (routes.json's upstreams); then the exit pings (LabUpstreams.Pings), each pod alone with ping's own exit code.
    /// </summary>
    private async Task<List<LabFinding>> UpstreamsAsync()
    {
        var findings = new List<LabFinding>();
        foreach (var up in state.Plan.Upstreams)
        {
            string? peerState = null;
            IReadOnlyList<string>? received = null;
            // A session comes up a few seconds after the fabric has converged: give it that long, no longer.
            for (int attempt = 0; attempt < 15; attempt++)
            {
                var peers = FrrJson.BgpPeers(await sh.Vtysh(LabNodeOf(up), "show bgp summary json"));
                peerState = peers is null ? null : peers.TryGetValue(("ipv4Unicast", up.BorderAddress), out var st) ? st : "not configured";
                var paths = FrrJson.UnderlayPaths(await sh.Vtysh(LabNodeOf(up), "show bgp ipv4 unicast json"));
                received = paths?.Where(p => p.AsPath.Count > 0 && p.AsPath[0] == up.BorderAsn).Select(p => p.Key).Distinct().Order(StringComparer.Ordinal).ToList();
                if (peerState == "Established" && received is not null && received.Count >= up.Receives.Count) break;
                await Task.Delay(1000, sh.Cancellation);
            }
            findings.AddRange(LabUpstreams.Judge(up, peerState, received));
        }
        foreach (var (pod, target, reply, why) in LabUpstreams.Pings(state.Plan, state.Plan.Upstreams))
        {
            bool answered = false;
            for (int attempt = 0; attempt < (reply ? 3 : 1) && !answered; attempt++)
                answered = (await sh.Try([.. sh.EnterPod(pod), "ping", "-c1", "-W2", target])).ExitCode == 0;
            bool ok = answered == reply;
            findings.Add(new LabFinding(LabCheck.Exit, pod.Node, $"{pod.Tenant}@{pod.Node} -> {target}", ok ? LabOutcome.Passed : LabOutcome.Failed,
                $"{(answered ? "reply" : "no reply")} (expected {(reply ? "a reply" : "none")}: {why})"));
        }
        return findings;
    }

    /// <summary>vtysh only needs an upstream's FRR pathspace; the upstream is no fabric node.</summary>
    private static LabNode LabNodeOf(LabUpstream up) => new(up.Name, false, up.Instance, up.Address, [], [], [], []);

    /// <summary>Pods that ping at the same time, each sending all its probes at once.</summary>
    private const int SourcesInParallel = 8;

    /// <summary>
    /// All probes of one pod in one shell inside it: starting two nsenter processes per ping costs far
    /// more than the ping. The probes run at once, each into its own file (parallel writers to one pipe
    /// could interleave); then each answer is printed after a marker line with its probe's number.
    /// A probe that should be answered gets a second try (the first packet may wait for ARP on the far side).
    /// </summary>
    private async Task<IReadOnlyList<PingReply?>> PingFromAsync(LabPod source, IReadOnlyList<PingProbe> probes)
    {
        var script = new System.Text.StringBuilder("d=$(mktemp -d) || exit 1\n");
        for (int i = 0; i < probes.Count; i++)
        {
            string once = $"ping -n -c1 -W {(probes[i].Expect == PingExpect.Isolated ? 1 : 2)} {probes[i].TargetAddress} >\"$d/{i}\" 2>&1";
            script.Append(probes[i].Expect == PingExpect.Isolated ? $"{once} &\n" : $"{{ {once} || {once}; }} &\n");
        }
        script.Append("wait\n");
        script.Append($"for f in \"$d\"/*; do printf '\\n{Marker}%s\\n' \"${{f##*/}}\"; cat \"$f\"; done\n");
        script.Append("rm -rf \"$d\"\n");
        var result = await sh.Try([.. sh.EnterPod(source), "sh", "-c", script.ToString()]);
        var answers = new PingReply?[probes.Count];
        foreach (var part in result.Out.Split("\n" + Marker, StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = part.IndexOf('\n');
            if (newline > 0 && int.TryParse(part[..newline], out int i) && i >= 0 && i < probes.Count) answers[i] = LabPings.Parse(part[newline..]);
        }
        return answers; // null: the probe did not run (the judge fails it)
    }

    private const string Marker = "@@evpnc-probe ";

    /// <summary>
    /// The target's echo counter, a control ping from the source's own address, then
    /// <see cref="LabSpoof.Packets"/> pings from the other tenant's address (added to the source pod's
    /// interface for the moment, then removed).
    /// </summary>
    private async Task<SpoofCounts> SpoofAsync(SpoofProbe probe)
    {
        async Task<long?> Echos() => probe.Ipv6
            ? LabSpoof.In6Echos((await sh.Try([.. sh.EnterPod(probe.Target), "cat", "/proc/net/snmp6"])).Out)
            : LabSpoof.InEchos((await sh.Try([.. sh.EnterPod(probe.Target), "cat", "/proc/net/snmp"])).Out);
        var source = sh.EnterPod(probe.Source);
        string family = probe.Ipv6 ? "-6" : "-4";
        // A host route of the spoofed address on the pod's interface; IPv6 without duplicate address detection, usable at once.
        string[] spoofed = probe.Ipv6 ? [$"{probe.SpoofedAddress}/128", "dev", LabPlanner.PodInterface, "nodad"] : [$"{probe.SpoofedAddress}/32", "dev", LabPlanner.PodInterface];
        long? before = await Echos();
        await sh.Try([.. source, "ping", family, "-n", "-c1", "-W2", probe.TargetAddress]);
        long? control = await Echos();
        await sh.Must([.. source, "ip", family, "addr", "add", .. spoofed]);
        try
        {
            await sh.Try([.. source, "ping", family, "-n", "-c", $"{LabSpoof.Packets}", "-i", "0.2", "-W1", "-I", probe.SpoofedAddress, probe.TargetAddress]);
        }
        finally
        {
            await sh.Try([.. source, "ip", family, "addr", "del", .. spoofed[..3]]);
        }
        return new SpoofCounts(before, control, await Echos());
    }

    private static readonly Verify.FrrReloadDelta Reload = new();

    /// <summary>
    /// `frr-reload.py --test` of the node's frr.conf against its running daemons. Run in the node's UTS
    /// namespace, so the vtysh it calls reports the node's host name as the daemons do.
    /// </summary>
    private async Task<string?> ReloadDeltaAsync(LabNode node)
    {
        var r = await sh.Try([.. sh.EnterNode(node), "python3", Verify.FrrReloadDelta.Script, "--test", "--stdout",
            "--pathspace", node.Instance, LabPaths.FrrConf(node.Instance)]);
        return r.ExitCode == 0 ? r.Out : null;
    }

    /// <summary>`ip -json link show` in the node's namespace, or in one of its VRF namespaces (netns mode).</summary>
    private async Task<string?> LinksAsync(LabNode node, string? vrfNamespace)
    {
        var shown = await sh.Try([.. sh.EnterNode(node), "ip", .. vrfNamespace is null ? Array.Empty<string>() : ["-n", vrfNamespace], "-json", "link", "show"]);
        return shown.ExitCode == 0 ? shown.Out : null;
    }

    /// <summary>`ip -n NS -json link show` of every VRF namespace of a node, from one shell in the node.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> LinksPerNamespaceAsync(LabNode node, IReadOnlyList<string> namespaces)
    {
        var script = new System.Text.StringBuilder();
        foreach (var ns in namespaces)
            script.Append($"printf '\\n{Marker}%s\\n' '{ns}'; ip -n '{ns}' -json link show || true\n");
        var shown = await sh.Try([.. sh.EnterNode(node), "sh", "-c", script.ToString()]);
        var links = namespaces.ToDictionary(n => n, _ => (string?)null, StringComparer.Ordinal);
        foreach (var part in shown.Out.Split("\n" + Marker, StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = part.IndexOf('\n');
            if (newline <= 0) continue;
            string body = part[(newline + 1)..].Trim();
            if (links.ContainsKey(part[..newline]) && body.StartsWith('[')) links[part[..newline]] = body;
        }
        return links;
    }

    private async Task<LabObservation> ObserveAsync(bool config)
    {
        var plan = state.Plan;
        bool kernelMode = plan.VrfMode == LabVrfMode.Kernel;
        bool dualStack = plan.Pods.Any(p => p.Address6 is not null);
        var summary = new Dictionary<string, string?>(StringComparer.Ordinal);
        var vnis = new Dictionary<string, string?>(StringComparer.Ordinal);
        var evpn = new Dictionary<string, string?>(StringComparer.Ordinal);
        var vrfs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var kernel = new Dictionary<string, string?>(StringComparer.Ordinal);
        var identical = new Dictionary<string, bool>(StringComparer.Ordinal);
        var reload = new Dictionary<string, string?>(StringComparer.Ordinal);
        var underlay = new Dictionary<string, string?>(StringComparer.Ordinal);
        var nextHops = new Dictionary<string, string?>(StringComparer.Ordinal);
        await Task.WhenAll(plan.Nodes.Select(async node =>
        {
            string? s = await sh.Vtysh(node, "show bgp summary json");
            string? u = await sh.Vtysh(node, "show bgp ipv4 unicast json");
            string? e = await sh.Vtysh(node, "show bgp l2vpn evpn route json");
            string? v = node.HasVrfs ? await sh.Vtysh(node, "show evpn vni detail json") : null;
            string? h = node.HasVrfs ? await sh.Vtysh(node, "show evpn next-hops vni all json") : null;
            var routes = new List<(string, string?)>();
            var links = new List<(string, string?)>();
            // Kernel mode: every VRF's devices are in the node's namespace; the judge picks each VRF's by name.
            string? nodeLinks = kernelMode && node.Vrfs.Count > 0 ? await LinksAsync(node, null) : null;
            // One vtysh and (netns mode) one shell per node and poll, whatever the number of VRFs.
            var tables = node.Vrfs.Count == 0 ? new Dictionary<string, string?>()
                : FrrRoutesByVrf.Split(await sh.Vtysh(node, "show ip route vrf all json"), node.Vrfs.Select(v => v.Name));
            var tables6 = node.Vrfs.Count == 0 || !dualStack ? new Dictionary<string, string?>()
                : FrrRoutesByVrf.Split(await sh.Vtysh(node, "show ipv6 route vrf all json"), node.Vrfs.Select(v => v.Name));
            var namespaceLinks = kernelMode || node.Vrfs.Count == 0 ? new Dictionary<string, string?>()
                : await LinksPerNamespaceAsync(node, node.Vrfs.Select(v => v.Name).ToList());
            foreach (var vrf in node.Vrfs)
            {
                routes.Add(($"{node.Name}/{vrf.Name}", tables.GetValueOrDefault(vrf.Name)));
                if (dualStack) routes.Add((LabObservation.Ipv6Key(node.Name, vrf.Name), tables6.GetValueOrDefault(vrf.Name)));
                links.Add(($"{node.Name}/{vrf.Name}", kernelMode ? nodeLinks : namespaceLinks.GetValueOrDefault(vrf.Name)));
            }
            string? delta = config && Reload.Unavailable is null ? await ReloadDeltaAsync(node) : null;
            bool same = config && File.Exists(LabPaths.FrrConf(node.Instance))
                && File.ReadAllBytes(LabPaths.FrrConf(node.Instance)).AsSpan().SequenceEqual(state.FrrConf[node.Name]);
            lock (summary)
            {
                summary[node.Name] = s;
                underlay[node.Name] = u;
                evpn[node.Name] = e;
                if (node.HasVrfs) vnis[node.Name] = v;
                if (node.HasVrfs) nextHops[node.Name] = h;
                foreach (var (k, r) in routes) vrfs[k] = r;
                foreach (var (k, l) in links) kernel[k] = l;
                if (config) identical[node.Name] = same;
                if (config && Reload.Unavailable is null) reload[node.Name] = delta;
            }
        }));
        return new LabObservation(summary, vnis, evpn, vrfs, kernel, identical, reload, underlay) { EvpnNextHops = nextHops };
    }
}
