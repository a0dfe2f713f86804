using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Net;
using EvpnCompile.Core.Semantics;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Allocation;

/// <summary>
/// Pass 5: gives every `auto` a value. The rules that make a fabric safe to change:
/// a recorded value never moves while its owner exists and still asks for `auto`; a value whose
/// owner is gone is retired and never handed out again; new owners are served in name order, so
/// the order of files and documents never matters.
/// </summary>
public static class Allocator
{
    public sealed record Result(ResolvedFabric? Fabric, LockFile Lock, IReadOnlyList<LockChange> Changes);

    public static Result Allocate(InputSet input, FabricInput fabric, IReadOnlyDictionary<string, IReadOnlyList<string>> placement,
        LockFile? previous, string lockPath, DiagnosticSink sink)
    {
        var run = new Run(input, fabric, placement, previous ?? new LockFile(), lockPath, sink);
        return run.Execute();
    }

    private sealed class Run(InputSet input, FabricInput fabric, IReadOnlyDictionary<string, IReadOnlyList<string>> placement,
        LockFile old, string lockPath, DiagnosticSink sink)
    {
        private readonly LockFile next = new();
        private readonly List<LockChange> changes = [];
        private readonly HashSet<long> vnisTaken = [];
        private readonly HashSet<long> tablesTaken = [.. Limits.ReservedTables];
        private readonly HashSet<long> macsTaken = [];
        private bool exhausted;

        public Result Execute()
        {
            foreach (var (v, o) in old.Retired.Vni) next.Retired.Vni[v] = o;
            foreach (var (v, o) in old.Retired.VrfTable) next.Retired.VrfTable[v] = o;
            foreach (var (v, o) in old.Retired.RouterMac) next.Retired.RouterMac[v] = o;

            CarryNodes();
            CarryTenants();
            ReserveTaken();

            var nodes = input.Nodes.Select(AllocateNode).ToList();
            var tenants = input.Tenants.Select(AllocateTenant).ToList();
            return new Result(exhausted ? null : new ResolvedFabric(fabric, nodes, tenants), next, changes);
        }

        // ---- step 1: keep what still has its owner, retire the rest ----

        private void CarryNodes()
        {
            foreach (var (name, entry) in old.Nodes)
            {
                if (entry.RouterMac is not { } mac) continue;
                var node = input.Node(name);
                if (node is { IsVtep: true, RouterMac: null }) next.Nodes[name] = new NodeLock { RouterMac = mac };
                // An owner that now spells out the same value keeps it; nothing is freed.
                else if (node?.RouterMac != mac) Retire(next.Retired.RouterMac, (long)mac.Value, name, entry.Span, $"retire router MAC {mac} of node '{name}'");
            }
        }

        private void CarryTenants()
        {
            foreach (var (name, entry) in old.Tenants)
            {
                var t = input.Tenant(name);
                var kept = new TenantLock();
                if (entry.L3Vni is { } l3)
                {
                    if (t is { L3Vni: null }) kept.L3Vni = l3;
                    else if (t?.L3Vni != l3) Retire(next.Retired.Vni, l3, name, entry.Span, $"retire l3vni {l3} of tenant '{name}'");
                }
                if (entry.VrfTable is { } table)
                {
                    if (t is { VrfTable: null }) kept.VrfTable = table;
                    else if (t?.VrfTable != table) Retire(next.Retired.VrfTable, table, name, entry.Span, $"retire vrfTable {table} of tenant '{name}'");
                }
                if (t?.PodNetwork is { } pod)
                    kept.PodBlocks = CarryBlocks(entry.PodBlocks, entry.RetiredPodBlocks, pod.Cidr, pod.PerNodePrefix, placement[name],
                        kept.RetiredPodBlocks, entry.Span, $"pod block of tenant '{name}'");
                if (t?.PodNetwork is { Net6: { } cidr6 } pod6)
                    kept.PodBlocks6 = CarryBlocks(entry.PodBlocks6, entry.RetiredPodBlocks6, cidr6, pod6.PerNodePrefix6, placement[name],
                        kept.RetiredPodBlocks6, entry.Span, $"IPv6 pod block of tenant '{name}'");
                foreach (var (l2Name, l2Entry) in entry.L2Networks)
                {
                    var l2 = t?.L2Networks.FirstOrDefault(n => n.Name == l2Name);
                    var keptL2 = new L2Lock();
                    if (l2Entry.Vni is { } vni)
                    {
                        if (l2 is { Vni: null }) keptL2.Vni = vni;
                        else if (l2?.Vni != vni) Retire(next.Retired.Vni, vni, $"{name}/{l2Name}", entry.Span, $"retire vni {vni} of L2 network '{name}/{l2Name}'");
                    }
                    if (l2 is not null)
                        keptL2.Slices = CarryBlocks(l2Entry.Slices, l2Entry.RetiredSlices, l2.Subnet, l2.PerNodePrefix, placement[name],
                            keptL2.RetiredSlices, entry.Span, $"slice of L2 network '{name}/{l2Name}'");
                    if (l2?.Net6 is { } subnet6)
                        keptL2.Slices6 = CarryBlocks(l2Entry.Slices6, l2Entry.RetiredSlices6, subnet6, l2!.PerNodePrefix6, placement[name],
                            keptL2.RetiredSlices6, entry.Span, $"IPv6 slice of L2 network '{name}/{l2Name}'");
                    if (!keptL2.IsEmpty) kept.L2Networks[l2Name] = keptL2;
                }
                CarryTransfers(t, entry, kept);
                if (!kept.IsEmpty) next.Tenants[name] = kept;
            }
        }

        /// <summary>A /31 stays with its (border, uplink) while the tenant still leaves there through the same transfer
        /// network; one whose uplink is gone is retired. A changed transfer network drops them all (nothing can collide).</summary>
        private void CarryTransfers(TenantInput? t, TenantLock entry, TenantLock kept)
        {
            if (t?.External is not { } ext) return;
            bool Fits(Ipv4Prefix p) => p.Length == 31 && ext.Transfer.Contains(p.Address) && !p.HasHostBits && !ext.Transfer.HasHostBits;
            var uplinks = ExternalPlacement.Uplinks(input, t).Select(x => (x.Border.Name, x.Uplink.Port)).ToHashSet();
            var used = new HashSet<Ipv4Prefix>();
            foreach (var r in entry.RetiredTransfers.Where(Fits)) kept.RetiredTransfers.Add(r);
            var at = entry.Span ?? SourceSpan.FileStart(lockPath);
            foreach (var (border, ports) in entry.Transfers)
                foreach (var (port, p) in ports)
                {
                    if (!Fits(p) || !used.Add(p)) { changes.Add(new LockChange(at, $"drop transfer {p} of tenant '{t.Name}' (transfer changed)")); continue; }
                    if (uplinks.Contains((border, port)))
                    {
                        if (!kept.Transfers.TryGetValue(border, out var keptPorts)) kept.Transfers[border] = keptPorts = new(StringComparer.Ordinal);
                        keptPorts[port] = p;
                    }
                    else
                    {
                        kept.RetiredTransfers.Add(p);
                        changes.Add(new LockChange(at, $"retire transfer {p} of tenant '{t.Name}' on uplink {border}:{port}"));
                    }
                }
        }

        /// <summary>Blocks stay with hosts that still carry the tenant; a host that left retires its block.
        /// Blocks that no longer fit the subnet's current geometry are simply dropped (nothing can collide with them).</summary>
        /// <returns>the kept blocks.</returns>
        private SortedDictionary<string, TPrefix> CarryBlocks<TPrefix>(SortedDictionary<string, TPrefix> blocks, SortedSet<TPrefix> retired, TPrefix subnet, int length,
            IReadOnlyList<string> hosts, SortedSet<TPrefix> keepRetired, SourceSpan? at, string what)
            where TPrefix : struct, IBlockPrefix<TPrefix>
        {
            bool Fits(TPrefix p) => p.Length == length && subnet.Covers(p) && !p.HasHostBits;
            var carrying = hosts.ToHashSet(StringComparer.Ordinal); // a list lookup here made the pass quadratic
            foreach (var r in retired.Where(Fits)) keepRetired.Add(r);
            // The everyday case, every block kept: a node-for-node copy instead of one insertion per host.
            if (blocks.All(b => Fits(b.Value) && carrying.Contains(b.Key))) return new SortedDictionary<string, TPrefix>(blocks, StringComparer.Ordinal);
            var keep = new SortedDictionary<string, TPrefix>(StringComparer.Ordinal);
            foreach (var (host, block) in blocks)
            {
                if (!Fits(block)) { changes.Add(new LockChange(at ?? SourceSpan.FileStart(lockPath), $"drop {what} {block} (subnet changed)")); continue; }
                if (carrying.Contains(host)) keep[host] = block;
                else
                {
                    keepRetired.Add(block);
                    changes.Add(new LockChange(at ?? SourceSpan.FileStart(lockPath), $"retire {what} {block} of host '{host}'"));
                }
            }
            return keep;
        }

        private void Retire(SortedDictionary<long, string> retired, long value, string owner, SourceSpan? at, string description)
        {
            retired[value] = owner;
            changes.Add(new LockChange(at ?? SourceSpan.FileStart(lockPath), description));
        }

        // ---- step 2: everything explicit, kept or retired is taken ----

        private void ReserveTaken()
        {
            foreach (var t in input.Tenants)
            {
                if (t.L3Vni is { } v) vnisTaken.Add(v);
                if (t.VrfTable is { } table) tablesTaken.Add(table);
                foreach (var l2 in t.L2Networks) if (l2.Vni is { } lv) vnisTaken.Add(lv);
            }
            foreach (var n in input.Nodes) if (n.RouterMac is { } mac) macsTaken.Add((long)mac.Value);
            foreach (var t in next.Tenants.Values)
            {
                if (t.L3Vni is { } v) vnisTaken.Add(v);
                if (t.VrfTable is { } table) tablesTaken.Add(table);
                foreach (var l2 in t.L2Networks.Values) if (l2.Vni is { } lv) vnisTaken.Add(lv);
            }
            foreach (var n in next.Nodes.Values) if (n.RouterMac is { } mac) macsTaken.Add((long)mac.Value);
            vnisTaken.UnionWith(next.Retired.Vni.Keys);
            tablesTaken.UnionWith(next.Retired.VrfTable.Keys);
            macsTaken.UnionWith(next.Retired.RouterMac.Keys);
        }

        // ---- step 3: serve new owners in name order ----

        private ResolvedNode AllocateNode(NodeInput n)
        {
            if (n.RouterMac is { } explicitMac || !n.IsVtep) return new ResolvedNode(n, n.RouterMac);
            var entry = next.Nodes.GetValueOrDefault(n.Name);
            if (entry?.RouterMac is { } kept) return new ResolvedNode(n, kept);
            long? value = Take(fabric.RouterMacPool, macsTaken, n.Doc.FieldOrName("/spec/routerMac"), $"node '{n.Name}'");
            if (value is null) return new ResolvedNode(n, null);
            var mac = new Mac((ulong)value.Value);
            next.Nodes[n.Name] = new NodeLock { RouterMac = mac };
            changes.Add(new LockChange(n.Doc.FieldOrName("/spec/routerMac"), $"allocate router MAC for node '{n.Name}'"));
            return new ResolvedNode(n, mac);
        }

        private ResolvedTenant AllocateTenant(TenantInput t)
        {
            var entry = next.Tenants.GetValueOrDefault(t.Name) ?? new TenantLock();
            long l3 = t.L3Vni ?? entry.L3Vni ?? New(fabric.L3VniPool, vnisTaken, t, "/spec/l3vni", "l3vni", v => entry.L3Vni = v);
            long table = t.VrfTable ?? entry.VrfTable ?? New(fabric.VrfTablePool, tablesTaken, t, "/spec/vrfTable", "vrfTable", v => entry.VrfTable = v);
            var hosts = placement[t.Name];

            var podBlocks = t.PodNetwork is { } pod
                ? Blocks(t, hosts, pod.Cidr, pod.PerNodePrefix, entry.PodBlocks, entry.RetiredPodBlocks,
                    "/spec/podNetwork/cidr", $"podNetwork of tenant '{t.Name}'")
                : new SortedDictionary<string, Ipv4Prefix>(StringComparer.Ordinal);
            var podBlocks6 = t.PodNetwork is { Net6: { } cidr6 } pod6
                ? Blocks(t, hosts, cidr6, pod6.PerNodePrefix6, entry.PodBlocks6, entry.RetiredPodBlocks6,
                    "/spec/podNetwork/cidr6", $"IPv6 podNetwork of tenant '{t.Name}'")
                : new SortedDictionary<string, Ipv6Prefix>(StringComparer.Ordinal);

            var l2s = new List<ResolvedL2Network>();
            foreach (var l2 in t.L2Networks.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                if (!entry.L2Networks.TryGetValue(l2.Name, out var l2Entry)) l2Entry = entry.L2Networks[l2.Name] = new L2Lock();
                long vni = l2.Vni ?? l2Entry.Vni ?? New(fabric.L2VniPool, vnisTaken, t, $"{l2.Pointer}/vni", $"vni of L2 network '{l2.Name}'", v => l2Entry.Vni = v, $"{l2.Pointer}/name");
                var slices = Blocks(t, hosts, l2.Subnet, l2.PerNodePrefix, l2Entry.Slices, l2Entry.RetiredSlices,
                    $"{l2.Pointer}/subnet", $"subnet of L2 network '{t.Name}/{l2.Name}'");
                var slices6 = l2.Net6 is { } subnet6
                    ? Blocks(t, hosts, subnet6, l2.PerNodePrefix6, l2Entry.Slices6, l2Entry.RetiredSlices6,
                        $"{l2.Pointer}/subnet6", $"IPv6 subnet of L2 network '{t.Name}/{l2.Name}'")
                    : new SortedDictionary<string, Ipv6Prefix>(StringComparer.Ordinal);
                if (l2Entry.IsEmpty) entry.L2Networks.Remove(l2.Name);
                l2s.Add(new ResolvedL2Network(l2, vni, slices) { Slices6 = slices6 });
            }
            // Keep the user's order of L2 networks in the resolved tenant.
            l2s.Sort((a, b) => a.Input.Index.CompareTo(b.Input.Index));
            var transfers = Transfers(t, entry);
            if (!entry.IsEmpty) next.Tenants[t.Name] = entry;
            return new ResolvedTenant(t, l3, table, hosts, podBlocks, l2s) { PodBlocks6 = podBlocks6, Transfers = transfers };
        }

        /// <summary>A /31 of external.transfer per (border, uplink), kept ones first, new ones in border and uplink order.</summary>
        private List<ResolvedTransfer> Transfers(TenantInput t, TenantLock entry)
        {
            var result = new List<ResolvedTransfer>();
            if (t.External is not { } ext) return result;
            var uplinks = ExternalPlacement.Uplinks(input, t);
            // Geometry that cannot serve every uplink is reported by TopologyChecks (EVPN064/122).
            if (ext.Transfer.HasHostBits || ext.Transfer.SubnetCount(31) < uplinks.Count) return result;
            var used = new HashSet<Ipv4Prefix>(entry.Transfers.Values.SelectMany(p => p.Values));
            used.UnionWith(entry.RetiredTransfers);
            long cursor = 0, count = ext.Transfer.SubnetCount(31);
            var at = t.Doc.Value($"{ExternalInput.Pointer}/transfer");
            foreach (var (border, uplink) in uplinks)
            {
                if (!entry.Transfers.TryGetValue(border.Name, out var ports)) entry.Transfers[border.Name] = ports = new(StringComparer.Ordinal);
                if (!ports.TryGetValue(uplink.Port, out var network))
                {
                    while (cursor < count && used.Contains(ext.Transfer.Subnet(31, cursor))) cursor++;
                    if (cursor >= count)
                    {
                        sink.Add(C.PoolExhausted(at, $"external.transfer of tenant '{t.Name}'", $"uplink {border.Name}:{uplink.Port}"));
                        exhausted = true;
                        return result;
                    }
                    network = ports[uplink.Port] = ext.Transfer.Subnet(31, cursor++);
                    changes.Add(new LockChange(at, $"allocate a /31 of external.transfer of tenant '{t.Name}' for uplink {border.Name}:{uplink.Port}"));
                }
                result.Add(new ResolvedTransfer(border.Name, uplink, ext.Vlan, network));
            }
            return result;
        }

        private long New(PoolRange pool, HashSet<long> taken, TenantInput t, string pointer, string what, Action<long> record,
            string fallback = "/metadata/name")
        {
            var at = t.Doc.FieldOrName(pointer, fallback);
            long? v = Take(pool, taken, at, $"the {what} of tenant '{t.Name}'");
            if (v is null) return 0;
            record(v.Value);
            changes.Add(new LockChange(at, $"allocate {what} for tenant '{t.Name}'"));
            return v.Value;
        }

        private long? Take(PoolRange pool, HashSet<long> taken, SourceSpan at, string owner)
        {
            for (long v = pool.First; v <= pool.Last; v++)
                if (taken.Add(v)) return v;
            sink.Add(C.PoolExhausted(at, pool.Name, owner));
            exhausted = true;
            return null;
        }

        private SortedDictionary<string, TPrefix> Blocks<TPrefix>(TenantInput t, IReadOnlyList<string> hosts, TPrefix subnet, int length,
            SortedDictionary<string, TPrefix> recorded, SortedSet<TPrefix> retired, string pointer, string pool)
            where TPrefix : struct, IBlockPrefix<TPrefix>
        {
            // Geometry that cannot serve every host is reported by AddressingChecks (EVPN062/064).
            if (subnet.HasHostBits || length < subnet.Length || subnet.SubnetCount(length) < hosts.Count) return new(StringComparer.Ordinal);
            // The everyday case, every host already has its block: the result is a copy of what is recorded,
            // which SortedDictionary copies node for node instead of inserting 1000 keys per tenant one by one.
            if (AllRecorded(hosts, recorded)) return new SortedDictionary<string, TPrefix>(recorded, StringComparer.Ordinal);
            var result = new SortedDictionary<string, TPrefix>(StringComparer.Ordinal);
            HashSet<TPrefix>? used = null; // only a host without a block needs the taken ones
            SourceSpan? at = null;         // where a new block's change points: the same for every host
            long cursor = 0, count = subnet.SubnetCount(length);
            foreach (var host in hosts)
            {
                if (recorded.TryGetValue(host, out var kept)) { result[host] = kept; continue; }
                if (used is null)
                {
                    used = new HashSet<TPrefix>(recorded.Values);
                    used.UnionWith(retired);
                }
                at ??= t.Doc.Value(pointer);
                while (cursor < count && used.Contains(subnet.Subnet(length, cursor))) cursor++;
                if (cursor >= count)
                {
                    sink.Add(C.PoolExhausted(at, pool, $"host '{host}'"));
                    exhausted = true;
                    return result;
                }
                var block = subnet.Subnet(length, cursor++);
                // Neither map has the host (result only ever holds recorded hosts): one tree walk each.
                recorded.Add(host, block);
                result.Add(host, block);
                changes.Add(LockChange.NewBlock(at, length, pool, host));
            }
            return result;
        }

        /// <summary>
        /// Whether the recorded blocks are exactly one per host, walking both in order (recorded keys are sorted
        /// and distinct, so matching them one by one also proves the hosts distinct); a lookup per host cost more.
        /// </summary>
        private static bool AllRecorded<TPrefix>(IReadOnlyList<string> hosts, SortedDictionary<string, TPrefix> recorded)
        {
            if (recorded.Count != hosts.Count) return false;
            int i = 0;
            foreach (string key in recorded.Keys)
                if (!string.Equals(key, hosts[i++], StringComparison.Ordinal)) return false;
            return true;
        }
    }
}
