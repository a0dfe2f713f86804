namespace EvpnCompile.Core.Audit;

/// <summary>
/// Checks rendered frr.conf TEXT for the mistakes FRR 8.4's own syntax check (`vtysh -C`) lets
/// through (see shared/spec/validators.md): undefined references, malformed RD/RT values, VNIs in
/// the wrong place or used twice, commands in the wrong BGP instance, trailing comments, VRFs
/// without their BGP instance, and route targets that disagree across the fabric. It reads only the
/// text, never the model that produced it, so a lowering or template bug is caught too. Pure: no I/O.
/// </summary>
public static class FrrAudit
{
    public const string Validator = "frr-audit";

    /// <summary>One report per file, in the given order; fabric-wide findings go to the file where the disagreement shows.</summary>
    public static IReadOnlyList<VerifyReport> Check(IReadOnlyList<(string Path, string Text)> frrConfs)
    {
        ArgumentNullException.ThrowIfNull(frrConfs);
        var files = frrConfs.Select(f => FrrConfigText.Parse(f.Path, f.Text ?? "")).ToList();
        foreach (var f in files)
        {
            UndefinedReferences(f);
            UndeclaredNeighborsAndPeerGroups(f);
            MalformedRouteDistinguishers(f);
            MalformedRouteTargets(f);
            TopLevelVni(f);
            AdvertiseAllVniInVrfInstance(f);
            VniRangeAndReuse(f);
            TrailingComments(f);
            VrfWithoutBgpInstanceOrL3Vni(f);
        }
        var facts = files.Select(FileFacts.Of).ToList();
        FabricRouteTargetAndVniAgreement(facts);
        FabricImportsAreExported(facts);
        FabricUniqueRouteDistinguishers(facts);

        return files.Select(f =>
        {
            var findings = f.Findings.Distinct().OrderBy(x => x.Line).ThenBy(x => x.Column).ThenBy(x => x.Message, StringComparer.Ordinal).ToList();
            return findings.Count == 0 ? VerifyReport.Pass(Validator, f.Path) : VerifyReport.Fail(Validator, f.Path, findings);
        }).ToList();
    }

    // ---------------------------------------------------------------- per file

    /// <summary>
    /// Rule 1: a route-map, prefix-list or BFD profile that is used but never defined. FRR accepts the
    /// reference and treats the missing object as "permit all"/"deny all"/defaults at run time, so a
    /// typo silently changes routing policy instead of failing the load.
    /// </summary>
    private static void UndefinedReferences(FrrConfigText f)
    {
        var routeMaps = f.Commands.Where(c => c.Opens?.Kind == FrrBlockKind.RouteMap).Select(c => c.Word(1)).ToHashSet(StringComparer.Ordinal);
        var prefixLists = f.Commands.Where(c => c.Context is null && c.Word(0) is "ip" or "ipv6" && c.Word(1) == "prefix-list" && c.Count >= 3)
            .Select(c => $"{c.Word(0)} {c.Word(2)}").ToHashSet(StringComparer.Ordinal);
        var bfdProfiles = f.BlocksOf(FrrBlockKind.BfdProfile).Select(b => b.Opener.Word(1)).ToHashSet(StringComparer.Ordinal);

        foreach (var c in f.Commands)
        {
            if (c.Word(0) is "no" or "description") continue;
            foreach (var (kind, at) in References(c))
            {
                var name = c.Word(at);
                switch (kind)
                {
                    case "route-map" when !routeMaps.Contains(name):
                        f.Report(c, c.ColumnOf(at), $"undefined route-map '{name}': it is used here but this file has no 'route-map {name} permit|deny N'");
                        break;
                    case "prefix-list":
                        var family = c.Words.Take(at).Contains("ipv6") || (c.Word(0) == "neighbor" && c.Context is { IsIpv6AddressFamily: true }) ? "ipv6" : "ip";
                        if (!prefixLists.Contains($"{family} {name}"))
                            f.Report(c, c.ColumnOf(at), $"undefined prefix-list '{name}': it is used here but this file has no '{family} prefix-list {name} ...'");
                        break;
                    case "bfd profile" when !bfdProfiles.Contains(name):
                        f.Report(c, c.ColumnOf(at), $"undefined BFD profile '{name}': it is used here but this file has no 'bfd' / ' profile {name}'");
                        break;
                }
            }
        }
    }

    /// <summary>The (kind, word index of the name) of every route-map, prefix-list and BFD profile a command names.</summary>
    private static IEnumerable<(string Kind, int At)> References(FrrCommand c)
    {
        for (int i = 0; i + 1 < c.Count; i++)
        {
            if (i >= 1 && c.Word(i) == "route-map") yield return ("route-map", i + 1);
            if (i >= 1 && c.Word(i) == "prefix-list" && !(i == 1 && c.Word(0) is "ip" or "ipv6")) yield return ("prefix-list", i + 1);
            if (c.Word(i) == "bfd" && c.Word(i + 1) == "profile" && i + 2 < c.Count) yield return ("bfd profile", i + 2);
        }
        if (c.Word(0) == "route-map" && c.Word(1) == "vpn" && c.Word(2) is "import" or "export" && c.Count >= 4) yield return ("route-map", 3);
        if (c.Context?.Kind == FrrBlockKind.RouteMap && c.Word(0) == "call" && c.Count >= 2) yield return ("route-map", 1);
        if (c.Context?.Kind == FrrBlockKind.BfdPeer && c.Word(0) == "profile" && c.Count >= 2) yield return ("bfd profile", 1);
    }

    /// <summary>
    /// Rule 1 (peer groups): `neighbor X peer-group NAME` (and `interface peer-group NAME`, `bgp listen
    /// range ... peer-group NAME`) needs NAME declared by `neighbor NAME peer-group` earlier in the same
    /// BGP instance, and a neighbor that is not an address must be a declared peer group or interface
    /// neighbor. FRR refuses such a line when it loads the config, which `vtysh -C` does not show.
    /// </summary>
    private static void UndeclaredNeighborsAndPeerGroups(FrrConfigText f)
    {
        var declaredOn = new Dictionary<(string, string), int>();
        foreach (var c in f.Commands)
            if (c.Router is { } r && c.Word(0) == "neighbor" && c.Word(2) == "peer-group" && c.Count == 3)
                declaredOn.TryAdd((r.InstanceKey, c.Word(1)), c.Line);

        var groups = new HashSet<(string, string)>();
        var interfaces = new HashSet<(string, string)>();
        void NeedGroup(FrrCommand c, string instance, int at)
        {
            var name = c.Word(at);
            if (at >= c.Count || groups.Contains((instance, name))) return;
            var later = declaredOn.TryGetValue((instance, name), out var line) && line > c.Line ? $"; it is declared only later, on line {line}" : "";
            f.Report(c, c.ColumnOf(at), $"undefined peer-group '{name}': this BGP instance declares no 'neighbor {name} peer-group' before this line{later}");
        }

        foreach (var c in f.Commands)
        {
            if (c.Router is not { } router) continue;
            var instance = router.InstanceKey;
            if (c.Word(0) == "bgp" && c.Word(1) == "listen" && c.Word(2) == "range")
            {
                int j = c.Words.ToList().IndexOf("peer-group");
                if (j > 0) NeedGroup(c, instance, j + 1);
                continue;
            }
            if (c.Word(0) != "neighbor" || c.Count < 3) continue;
            var name = c.Word(1);
            if (c.Word(2) == "peer-group" && c.Count == 3) { groups.Add((instance, name)); continue; }
            if (c.Word(2) == "interface")
            {
                interfaces.Add((instance, name));
                int j = c.Words.ToList().IndexOf("peer-group");
                if (j > 2) NeedGroup(c, instance, j + 1);
                continue;
            }
            if (c.Word(2) == "peer-group") NeedGroup(c, instance, 3);
            if (!FrrValues.IsIpAddress(name) && !groups.Contains((instance, name)) && !interfaces.Contains((instance, name)))
            {
                var later = declaredOn.TryGetValue((instance, name), out var line) && line > c.Line ? $"; it is declared only later, on line {line}" : "";
                f.Report(c, c.ColumnOf(1), $"undefined neighbor or peer-group '{name}': not an address, and this BGP instance has no 'neighbor {name} peer-group' or 'neighbor {name} interface' before this line{later}");
            }
        }
    }

    /// <summary>
    /// Rule 2: `rd` must be A.B.C.D:N or ASN:N in range. FRR 8.4 parses more than it keeps: N above
    /// 65535 in an IP or 4-byte-ASN RD is silently truncated, so two VRFs can end up with one RD.
    /// </summary>
    private static void MalformedRouteDistinguishers(FrrConfigText f)
    {
        foreach (var c in f.Commands.Where(c => c.Word(0) == "rd"))
        {
            int at = c.Word(1) == "vpn" && c.Word(2) == "export" ? 3 : 1;
            if (c.Count <= at) f.Report(c, c.Column, "malformed rd: no value");
            else if (c.Count > at + 1) f.Report(c, c.ColumnOf(at + 1), $"malformed rd: one value expected, found '{string.Join(' ', c.Words.Skip(at))}'");
            else if (FrrValues.RouteDistinguisherError(c.Word(at), out _) is { } error) f.Report(c, c.ColumnOf(at), $"malformed {error}");
        }
    }

    /// <summary>
    /// Rule 3: route-target values. FRR 8.4 takes one RT per `route-target` line, has no wildcard
    /// import (`*:N` arrived in 8.5), and truncates out-of-range numbers; none of this fails `vtysh -C`.
    /// </summary>
    private static void MalformedRouteTargets(FrrConfigText f)
    {
        foreach (var c in f.Commands)
        {
            if (RouteTargetValues(c) is not { } r) continue;
            if (c.Count <= r.First) { f.Report(c, c.Column, $"malformed route-target {r.Direction}: no value"); continue; }
            if (r.OnePerLine && c.Count > r.First + 1)
                f.Report(c, c.ColumnOf(r.First + 1),
                    $"more than one route-target on one line ({c.Count - r.First}: {string.Join(' ', c.Words.Skip(r.First))}): FRR 8.4 takes exactly one per 'route-target {r.Direction}' line");
            for (int i = r.First; i < c.Count; i++)
            {
                var value = c.Word(i);
                if (FrrValues.IsWildcardRouteTarget(value))
                    f.Report(c, c.ColumnOf(i), r.Direction == "export"
                        ? $"malformed route-target '{value}': a wildcard cannot be exported"
                        : $"wildcard route-target import '{value}': bgpd 8.4 has no wildcard import (8.5 adds it); import the exact route target");
                else if (FrrValues.RouteTargetError(value, out _) is { } error)
                    f.Report(c, c.ColumnOf(i), $"malformed {error}");
            }
        }
    }

    /// <summary>`route-target import|export|both RT` (one per line) or `route-target|rt vpn ... RT...` (a list).</summary>
    private static (string Direction, int First, bool OnePerLine)? RouteTargetValues(FrrCommand c)
    {
        if (c.Word(0) == "route-target" && c.Word(1) is "import" or "export" or "both") return (c.Word(1), 2, true);
        if (c.Word(0) is "route-target" or "rt" && c.Word(1) == "vpn" && c.Word(2) is "import" or "export" or "both") return (c.Word(2), 3, false);
        return null;
    }

    /// <summary>
    /// Rule 4: a `vni N` that lands at the top level (after `exit-vrf`, whatever its indentation) sets
    /// the L3VNI of the default VRF: tenant routes would leak into the underlay's routing table.
    /// </summary>
    private static void TopLevelVni(FrrConfigText f)
    {
        foreach (var c in f.TopLevelVniCommands)
            f.Report(c, c.Column, $"top-level 'vni {c.Word(1)}' outside any 'vrf NAME' ... 'exit-vrf' block: it makes VNI {c.Word(1)} the L3VNI of the default VRF");
    }

    /// <summary>
    /// Rule 5: `advertise-all-vni` belongs to the default BGP instance only; inside a tenant instance
    /// FRR 8.4 accepts it and then either ignores it or moves VNI ownership to the tenant VRF.
    /// </summary>
    private static void AdvertiseAllVniInVrfInstance(FrrConfigText f)
    {
        foreach (var c in f.Commands.Where(c => c.Word(0) == "advertise-all-vni"))
            if (c.Router?.RouterVrf is { } vrf)
                f.Report(c, c.Column, $"'advertise-all-vni' inside 'router bgp ... vrf {vrf}': it is only valid in the default BGP instance");
    }

    /// <summary>
    /// Rule 6: a VNI is 1..16777215, each VRF has one L3VNI and each L3VNI one VRF, and no VNI is both
    /// an L3VNI and an L2VNI. zebra keys its VNI table by number, so a reuse silently binds the VNI to
    /// whichever VRF or bridge it sees last.
    /// </summary>
    private static void VniRangeAndReuse(FrrConfigText f)
    {
        var vniCommands = f.L3VniCommands.Concat(f.TopLevelVniCommands).Concat(f.L2VniBlocks.Select(b => b.Opener)).OrderBy(c => c.Line);
        foreach (var c in vniCommands)
        {
            if (c.Count < 2) f.Report(c, c.Column, "'vni' without a number");
            else if (FrrValues.VniError(c.Word(1), out _) is { } error) f.Report(c, c.ColumnOf(1), error);
        }

        var l3ByVni = new Dictionary<long, (string Owner, FrrCommand At)>();
        var l3ByVrf = new Dictionary<string, (long Vni, FrrCommand At)>(StringComparer.Ordinal);
        foreach (var c in f.L3VniCommands.Concat(f.TopLevelVniCommands).OrderBy(c => c.Line))
        {
            if (FrrValues.VniError(c.Word(1), out var vni) is not null) continue;
            var owner = c.Context is { } vrfBlock ? $"VRF '{vrfBlock.Opener.Word(1)}'" : "the default VRF";
            if (l3ByVni.TryGetValue(vni, out var first) && first.Owner != owner)
                f.Report(c, c.ColumnOf(1), $"same L3VNI {vni} on two VRFs: {owner} here and {first.Owner} on line {first.At.Line}");
            else l3ByVni.TryAdd(vni, (owner, c));
            if (l3ByVrf.TryGetValue(owner, out var had) && had.Vni != vni)
                f.Report(c, c.ColumnOf(1), $"{owner} gets a second L3VNI {vni}; it already has {had.Vni} on line {had.At.Line}");
            else l3ByVrf.TryAdd(owner, (vni, c));
        }
        foreach (var b in f.L2VniBlocks)
            if (FrrValues.VniError(b.Opener.Word(1), out var vni) is null && l3ByVni.TryGetValue(vni, out var l3))
                f.Report(b.Opener, b.Opener.ColumnOf(1), $"VNI {vni} is both an L2VNI here and the L3VNI of {l3.Owner} on line {l3.At.Line}");
    }

    /// <summary>Rule 7: FRR 8.4 rejects a `! comment` after a command on the same line (`vtysh -C` does not).</summary>
    private static void TrailingComments(FrrConfigText f)
    {
        foreach (var c in f.Commands.Where(c => c.CommentColumn > 0))
            f.Report(c, c.CommentColumn, $"trailing comment '{c.Comment}' on a command line: FRR 8.4 rejects it; put comments on their own '!' line");
    }

    /// <summary>
    /// Rule 8: every `router bgp ASN vrf X` needs `vrf X` with a `vni` (without an L3VNI the instance
    /// has nothing to advertise type-5 routes with), and every VRF with an L3VNI needs its BGP instance
    /// (without one its routes are neither advertised nor imported).
    /// </summary>
    private static void VrfWithoutBgpInstanceOrL3Vni(FrrConfigText f)
    {
        var vrfBlocks = f.BlocksOf(FrrBlockKind.Vrf).GroupBy(b => b.Opener.Word(1), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var vnis = f.L3VniCommands.GroupBy(c => c.Context!.Opener.Word(1), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var instances = f.BlocksOf(FrrBlockKind.RouterBgp).Where(r => r.RouterVrf is not null)
            .GroupBy(r => r.RouterVrf!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        foreach (var (vrf, router) in instances)
        {
            if (!vrfBlocks.TryGetValue(vrf, out var block))
                f.Report(router.Opener, router.Opener.ColumnOf(4), $"'router bgp ... vrf {vrf}' has no matching 'vrf {vrf}' block with a 'vni': the VRF has no L3VNI");
            else if (!vnis.ContainsKey(vrf))
                f.Report(router.Opener, router.Opener.ColumnOf(4), $"'router bgp ... vrf {vrf}' has a 'vrf {vrf}' block (line {block.Line}) without a 'vni': the VRF has no L3VNI");
        }
        foreach (var (vrf, vni) in vnis)
            if (!instances.ContainsKey(vrf))
                f.Report(vrfBlocks[vrf].Opener, vrfBlocks[vrf].Opener.ColumnOf(1),
                    $"'vrf {vrf}' has L3VNI {vni.Word(1)} (line {vni.Line}) but no matching 'router bgp ASN vrf {vrf}': nothing advertises or imports its routes");
    }

    // ---------------------------------------------------------------- across files

    private sealed record RtUse(FrrCommand At, int Column, string Value);

    /// <summary>The valid route targets one VRF instance or L2VNI imports and exports.</summary>
    private sealed class RtSets(FrrCommand anchor)
    {
        public FrrCommand Anchor { get; } = anchor;
        public List<RtUse> Imports { get; } = [];
        public List<RtUse> Exports { get; } = [];

        public void Add(FrrCommand c)
        {
            if (c.Word(0) != "route-target" || c.Word(1) is not ("import" or "export" or "both")) return;
            for (int i = 2; i < c.Count; i++)
            {
                if (FrrValues.RouteTargetError(c.Word(i), out var rt) is not null) continue;
                if (c.Word(1) is "import" or "both") Imports.Add(new RtUse(c, c.ColumnOf(i), rt));
                if (c.Word(1) is "export" or "both") Exports.Add(new RtUse(c, c.ColumnOf(i), rt));
            }
        }
    }

    /// <summary>What the fabric rules read from one file.</summary>
    private sealed class FileFacts
    {
        public required FrrConfigText File { get; init; }
        /// <summary>Per VRF instance (merged when a file has several blocks for one VRF).</summary>
        public Dictionary<string, RtSets> Vrfs { get; } = new(StringComparer.Ordinal);
        public Dictionary<long, RtSets> L2Vnis { get; } = [];
        /// <summary>The first valid L3VNI of each VRF.</summary>
        public Dictionary<string, (long Vni, FrrCommand At)> L3Vnis { get; } = new(StringComparer.Ordinal);
        /// <summary>Every valid VNI with what it is here ("the L3VNI of VRF 'x'", "an L2VNI") and where.</summary>
        public List<(long Vni, string Meaning, FrrCommand At)> VniUses { get; } = [];

        public static FileFacts Of(FrrConfigText f)
        {
            var facts = new FileFacts { File = f };
            foreach (var r in f.BlocksOf(FrrBlockKind.RouterBgp))
                if (r.RouterVrf is { } vrf) facts.Vrfs.TryAdd(vrf, new RtSets(r.Opener));
            foreach (var b in f.L2VniBlocks)
                if (FrrValues.VniError(b.Opener.Word(1), out var vni) is null)
                {
                    facts.L2Vnis.TryAdd(vni, new RtSets(b.Opener));
                    facts.VniUses.Add((vni, "an L2VNI", b.Opener));
                }
            foreach (var c in f.Commands)
            {
                if (c.Context is { Kind: FrrBlockKind.Vni } vniBlock && FrrValues.VniError(vniBlock.Opener.Word(1), out var vni) is null)
                    facts.L2Vnis[vni].Add(c);
                else if (c.Context is { IsEvpnAddressFamily: true } && c.Router?.RouterVrf is { } vrf && facts.Vrfs.TryGetValue(vrf, out var sets))
                    sets.Add(c);
            }
            foreach (var c in f.L3VniCommands.Concat(f.TopLevelVniCommands).OrderBy(c => c.Line))
                if (FrrValues.VniError(c.Word(1), out var vni) is null)
                {
                    var vrf = c.Context?.Opener.Word(1);
                    if (vrf is not null) facts.L3Vnis.TryAdd(vrf, (vni, c));
                    facts.VniUses.Add((vni, vrf is null ? "the L3VNI of the default VRF" : $"the L3VNI of VRF '{vrf}'", c));
                }
            return facts;
        }
    }

    private sealed record Observation(string Key, FrrConfigText File, FrrCommand At, int Column, string Value);

    /// <summary>
    /// Per key, the value most files agree on (ties: the first file's) wins; every file with another
    /// value gets a finding, since that is where the disagreement shows.
    /// </summary>
    private static void Agree(IEnumerable<Observation> observations, Func<Observation, string, string, string> message)
    {
        foreach (var group in observations.GroupBy(o => o.Key, StringComparer.Ordinal))
        {
            var byValue = group.GroupBy(o => o.Value, StringComparer.Ordinal).ToList();
            if (byValue.Count < 2) continue;
            var winner = byValue.OrderByDescending(g => g.Select(o => o.File).Distinct().Count()).First();
            var nodes = string.Join(", ", winner.Select(o => o.File.Node).Distinct(StringComparer.Ordinal));
            foreach (var o in group.Where(o => o.Value != winner.Key))
                o.File.Report(o.At, o.Column, message(o, winner.Key, nodes));
        }
    }

    private static string SetText(IEnumerable<RtUse> uses)
    {
        var values = uses.Select(u => u.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return values.Count == 0 ? "no route target" : string.Join(", ", values);
    }

    private static Observation SetObservation(string key, FrrConfigText file, RtSets sets, List<RtUse> uses) =>
        uses.Count > 0 ? new(key, file, uses[0].At, uses[0].Column, SetText(uses)) : new(key, file, sets.Anchor, sets.Anchor.Column, SetText(uses));

    /// <summary>
    /// Rule 9: every node that carries a VRF must export the same route targets and use the same L3VNI,
    /// every node with an L2VNI must import and export the same route targets, and a VNI must mean the
    /// same thing everywhere. Each node is checked alone by `vtysh -C`; a node that disagrees still
    /// loads, and its routes are simply never imported by the others (or land in the wrong VRF).
    /// </summary>
    private static void FabricRouteTargetAndVniAgreement(IReadOnlyList<FileFacts> facts)
    {
        Agree(facts.SelectMany(x => x.Vrfs.Select(v => SetObservation(v.Key, x.File, v.Value, v.Value.Exports))),
            (o, theirs, nodes) => $"route-target disagreement: VRF '{o.Key}' exports {o.Value} on {o.File.Node} but {theirs} on {nodes}");
        Agree(facts.SelectMany(x => x.L3Vnis.Select(v => new Observation(v.Key, x.File, v.Value.At, v.Value.At.ColumnOf(1), v.Value.Vni.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            (o, theirs, nodes) => $"L3VNI disagreement: VRF '{o.Key}' has L3VNI {o.Value} on {o.File.Node} but {theirs} on {nodes}");
        Agree(facts.SelectMany(x => x.L2Vnis.Select(v => SetObservation(v.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), x.File, v.Value, v.Value.Imports))),
            (o, theirs, nodes) => $"route-target disagreement: L2VNI {o.Key} imports {o.Value} on {o.File.Node} but {theirs} on {nodes}");
        Agree(facts.SelectMany(x => x.L2Vnis.Select(v => SetObservation(v.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), x.File, v.Value, v.Value.Exports))),
            (o, theirs, nodes) => $"route-target disagreement: L2VNI {o.Key} exports {o.Value} on {o.File.Node} but {theirs} on {nodes}");
        // A file that uses one VNI two ways is rule 6's finding; here only files with one meaning vote.
        Agree(facts.SelectMany(x => x.VniUses.GroupBy(u => u.Vni).Where(g => g.Select(u => u.Meaning).Distinct().Count() == 1)
                .Select(g => g.First()).Select(u => new Observation(u.Vni.ToString(System.Globalization.CultureInfo.InvariantCulture), x.File, u.At, u.At.ColumnOf(1), u.Meaning))),
            (o, theirs, nodes) => $"VNI disagreement: VNI {o.Key} is {o.Value} on {o.File.Node} but {theirs} on {nodes}");
    }

    /// <summary>
    /// Rule 10: every route target a VRF (or L2VNI) imports must be exported by some VRF (or L2VNI) in
    /// the fabric, else the import is dangling (a typo or a leak from a tenant that does not exist);
    /// and each imports its own export, else it never installs its own routes from the other nodes.
    /// </summary>
    private static void FabricImportsAreExported(IReadOnlyList<FileFacts> facts)
    {
        var vrfExports = facts.SelectMany(x => x.Vrfs.Values).SelectMany(s => s.Exports).Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        var l2Exports = facts.SelectMany(x => x.L2Vnis.Values).SelectMany(s => s.Exports).Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var x in facts)
        {
            foreach (var (vrf, sets) in x.Vrfs) Check($"VRF '{vrf}'", "VRF", sets, vrfExports, x.File);
            foreach (var (vni, sets) in x.L2Vnis) Check($"L2VNI {vni}", "L2VNI", sets, l2Exports, x.File);
        }

        static void Check(string owner, string kind, RtSets sets, HashSet<string> exported, FrrConfigText file)
        {
            foreach (var u in sets.Imports.Where(u => !exported.Contains(u.Value)))
                file.Report(u.At, u.Column, $"dangling import: {owner} imports route target {u.Value}, which no {kind} in the fabric exports");
            var imports = sets.Imports.Select(u => u.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var u in sets.Exports.Where(u => !imports.Contains(u.Value)))
                file.Report(u.At, u.Column, $"{owner} exports route target {u.Value} but does not import it: it would not install its own routes from other nodes");
        }
    }

    /// <summary>
    /// Rule 11 (extra): no two RDs are equal anywhere in the fabric. EVPN tells routes apart by RD, so
    /// two VRFs (or two nodes) with one RD make one's prefixes shadow the other's in best-path selection.
    /// </summary>
    private static void FabricUniqueRouteDistinguishers(IReadOnlyList<FileFacts> facts)
    {
        var seen = new Dictionary<string, (FrrConfigText File, FrrCommand At, string Owner)>(StringComparer.Ordinal);
        foreach (var x in facts)
            foreach (var c in x.File.Commands.Where(c => c.Word(0) == "rd" && c.Count == 2))
            {
                if (FrrValues.RouteDistinguisherError(c.Word(1), out var rd) is not null) continue;
                var owner = c.Context?.Kind == FrrBlockKind.Vni ? $"L2VNI {c.Context.Opener.Word(1)}"
                    : c.Router?.RouterVrf is { } vrf ? $"VRF '{vrf}'" : "the default instance";
                if (seen.TryGetValue(rd, out var first))
                    x.File.Report(c, c.ColumnOf(1), $"duplicate rd {rd}: {owner} on {x.File.Node} reuses the rd of {first.Owner} on {first.File.Node} (line {first.At.Line})");
                else seen.Add(rd, (x.File, c, owner));
            }
    }
}
