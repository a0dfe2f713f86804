using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Naming;
using EvpnCompile.Core.Semantics;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Allocation;

/// <summary>
/// Pass 6: checks on values after allocation, where explicit values and recorded ones meet:
/// VNIs (and so route targets) unique fabric-wide, kernel tables unique per host and legal for the
/// host's renderer, router MACs unique, device names unique per node, retired values not reused.
/// </summary>
public static class ResolvedChecks
{
    public static void Check(InputSet input, ResolvedFabric fabric, LockFile lockFile, DiagnosticSink sink)
    {
        CheckVnis(fabric, sink);
        CheckTables(input, fabric, sink);
        CheckRouterMacs(fabric, sink);
        CheckInterfaceNames(fabric, sink);
        CheckRetiredReuse(input, lockFile, sink);
    }

    private sealed record VniUse(long Vni, string Owner, SourceSpan At);

    private static void CheckVnis(ResolvedFabric fabric, DiagnosticSink sink)
    {
        var uses = new List<VniUse>();
        foreach (var t in fabric.Tenants)
        {
            uses.Add(new VniUse(t.L3Vni, $"tenant '{t.Name}'", t.Input.Doc.FieldOrName("/spec/l3vni")));
            foreach (var l2 in t.L2Networks)
                uses.Add(new VniUse(l2.Vni, $"L2 network '{t.Name}/{l2.Input.Name}'", t.Input.Doc.FieldOrName($"{l2.Input.Pointer}/vni", $"{l2.Input.Pointer}/name")));
        }
        // Two L2 networks with one name share one lock entry; that is EVPN047's problem, not a VNI clash.
        uses = uses.DistinctBy(u => (u.Owner, u.Vni)).ToList();
        UniquenessChecks.ReportDuplicates(uses, u => u.Vni.ToString(System.Globalization.CultureInfo.InvariantCulture), u => u.At,
            (u, at, o, oat) => C.DuplicateVni(at, u.Owner, u.Vni, o.Owner, oat), sink);
    }

    private static void CheckTables(InputSet input, ResolvedFabric fabric, DiagnosticSink sink)
    {
        foreach (var t in fabric.Tenants)
            if (Limits.ReservedTables.Contains(t.VrfTable))
                sink.Add(C.ReservedTable(t.Input.Doc.FieldOrName("/spec/vrfTable"), t.Name, t.VrfTable));

        var onHost = new Dictionary<string, Dictionary<long, ResolvedTenant>>(StringComparer.Ordinal);
        foreach (var t in fabric.Tenants)
        {
            bool reportedRange = false;
            foreach (var host in t.Hosts)
            {
                var node = input.Node(host)!;
                if (!reportedRange && input.NetworkOf(node) == NetworkRenderer.Ifupdown2
                    && t.VrfTable is < Limits.Ifupdown2MinTable or > Limits.Ifupdown2MaxTable && !Limits.ReservedTables.Contains(t.VrfTable))
                {
                    sink.Add(C.TableOutsideIfupdown2(t.Input.Doc.FieldOrName("/spec/vrfTable"), t.Name, t.VrfTable, host));
                    reportedRange = true;
                }
                if (!onHost.TryGetValue(host, out var tables)) onHost[host] = tables = [];
                if (tables.TryGetValue(t.VrfTable, out var other))
                {
                    var here = t.Input.Doc.FieldOrName("/spec/vrfTable");
                    var there = other.Input.Doc.FieldOrName("/spec/vrfTable");
                    sink.Add(C.DuplicateTable(here, t.Name, t.VrfTable, other.Name, host, there));
                    sink.Add(C.DuplicateTable(there, other.Name, t.VrfTable, t.Name, host, here));
                }
                else tables[t.VrfTable] = t;
            }
        }
    }

    private static void CheckRouterMacs(ResolvedFabric fabric, DiagnosticSink sink)
    {
        var withMac = fabric.Nodes.Where(n => n.RouterMac is not null).ToList();
        UniquenessChecks.ReportDuplicates(withMac, n => n.RouterMac!.Value.ToString(), n => n.Input.Doc.FieldOrName("/spec/routerMac"),
            (n, at, o, oat) => C.DuplicateRouterMac(at, n.Name, n.RouterMac!.Value.ToString(), o.Name, oat), sink);
    }

    /// <summary>
    /// A tenant named like a port or like another tenant's device would make two devices one.
    /// Only a VRF name is chosen freely by users, and VNI-built names ("vni", "br", "pod" and digits)
    /// can only meet a tenant name of that form, so only those names are collected, and their
    /// descriptions are written only when a clash is reported.
    /// </summary>
    private static void CheckInterfaceNames(ResolvedFabric fabric, DiagnosticSink sink)
    {
        var names = fabric.Nodes.ToDictionary(n => n.Name, _ => new Dictionary<string, Func<string>>(StringComparer.Ordinal) { ["lo"] = () => "the loopback" }, StringComparer.Ordinal);
        foreach (var link in fabric.Fabric.Links)
            foreach (var end in new[] { link.A, link.B })
                if (names.TryGetValue(end.Node, out var onNode)) onNode.TryAdd(end.Port, () => $"fabric port {end}");
        var tenantNames = fabric.Tenants.Select(t => DeviceNames.Vrf(t.Name)).ToHashSet(StringComparer.Ordinal);
        // Devices named by VNIs first: only a tenant's own name (its VRF) is chosen freely by a user,
        // so a clash is always reported at a tenant's name. Equal VNIs are EVPN042's business.
        void Add(Dictionary<string, Func<string>> onNode, string name, Func<string> what)
        {
            if (tenantNames.Contains(name)) onNode.TryAdd(name, what);
        }
        foreach (var t in fabric.Tenants)
            foreach (var host in t.Hosts)
            {
                var onNode = names[host];
                Add(onNode, DeviceNames.Vxlan(t.L3Vni), () => $"the L3VNI VXLAN device of tenant '{t.Name}'");
                Add(onNode, DeviceNames.Bridge(t.L3Vni), () => $"the L3VNI bridge of tenant '{t.Name}'");
                Add(onNode, DeviceNames.PodBridge(t.L3Vni), () => $"the pod bridge of tenant '{t.Name}'");
                Add(onNode, DeviceNames.PodDummy(t.L3Vni), () => $"the pod bridge's dummy port of tenant '{t.Name}'");
                foreach (var l2 in t.L2Networks)
                {
                    Add(onNode, DeviceNames.Vxlan(l2.Vni), () => $"the VXLAN device of L2 network '{t.Name}/{l2.Input.Name}'");
                    Add(onNode, DeviceNames.Bridge(l2.Vni), () => $"the bridge of L2 network '{t.Name}/{l2.Input.Name}'");
                }
            }
        foreach (var t in fabric.Tenants)
            foreach (var host in t.Hosts)
            {
                string vrf = DeviceNames.Vrf(t.Name);
                if (!names[host].TryAdd(vrf, () => $"the VRF of tenant '{t.Name}'"))
                    sink.Add(C.InterfaceClash(t.Input.Doc.Name, vrf, host, $"the VRF of tenant '{t.Name}'", names[host][vrf]()));
            }
    }

    private static void CheckRetiredReuse(InputSet input, LockFile lockFile, DiagnosticSink sink)
    {
        foreach (var t in input.Tenants)
        {
            if (t.L3Vni is { } v && lockFile.Retired.Vni.TryGetValue(v, out var owner))
                sink.Add(C.RetiredValueReused(t.Doc.Value("/spec/l3vni"), "VNI", v.ToString(System.Globalization.CultureInfo.InvariantCulture), owner));
            if (t.VrfTable is { } table && lockFile.Retired.VrfTable.TryGetValue(table, out var tableOwner))
                sink.Add(C.RetiredValueReused(t.Doc.Value("/spec/vrfTable"), "kernel table", table.ToString(System.Globalization.CultureInfo.InvariantCulture), tableOwner));
            foreach (var l2 in t.L2Networks)
                if (l2.Vni is { } lv && lockFile.Retired.Vni.TryGetValue(lv, out var l2Owner))
                    sink.Add(C.RetiredValueReused(t.Doc.Value($"{l2.Pointer}/vni"), "VNI", lv.ToString(System.Globalization.CultureInfo.InvariantCulture), l2Owner));
        }
        foreach (var n in input.Nodes)
            if (n.RouterMac is { } mac && lockFile.Retired.RouterMac.TryGetValue((long)mac.Value, out var macOwner))
                sink.Add(C.RetiredValueReused(n.Doc.Value("/spec/routerMac"), "router MAC", mac.ToString(), macOwner));
    }
}
