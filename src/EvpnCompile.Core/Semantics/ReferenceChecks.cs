using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>Link ends, tenant nodes and import/export name things that exist; each port is wired once.</summary>
public static class ReferenceChecks
{
    public static void Check(InputSet input, IReadOnlyDictionary<string, IReadOnlyList<string>> placement, DiagnosticSink sink)
    {
        if (input.Fabric is { } fabric) CheckLinks(input, fabric, sink);
        foreach (var t in input.Tenants) CheckTenant(input, t, placement[t.Name], sink);
    }

    private static void CheckLinks(InputSet input, FabricInput fabric, DiagnosticSink sink)
    {
        var ports = new Dictionary<string, LinkEnd>(StringComparer.Ordinal);
        foreach (var link in fabric.Links)
        {
            if (link.A.Node == link.B.Node)
                sink.Add(C.SelfLink(fabric.Doc.Value($"/spec/links/{link.Index}"), link.A.Node));
            foreach (var end in new[] { link.A, link.B })
            {
                if (input.Node(end.Node) is null && !input.MayExist("Node", end.Node))
                    sink.Add(C.UnknownLinkNode(fabric.Doc.Value(end.Pointer), end.Node, input.Nodes.Select(x => x.Name)));
                if (ports.TryGetValue(end.ToString(), out var first))
                {
                    sink.Add(C.PortReused(fabric.Doc.Value(end.Pointer), end.ToString(), fabric.Doc.Value(first.Pointer)));
                    sink.Add(C.PortReused(fabric.Doc.Value(first.Pointer), end.ToString(), fabric.Doc.Value(end.Pointer)));
                }
                else ports[end.ToString()] = end;
            }
        }
    }

    private static void CheckTenant(InputSet input, TenantInput t, IReadOnlyList<string> hosts, DiagnosticSink sink)
    {
        if (t.NodeSelector is not null && t.Nodes is not null)
            sink.Add(C.NodesAndSelector(t.Doc.Key("/spec/nodeSelector"), t.Name));
        if (t.Doc.Map.Contains("/spec/nodes"))
            for (int i = 0; i < t.Nodes!.Count; i++)
            {
                string n = t.Nodes[i];
                if (n == "*") continue;
                var node = input.Node(n);
                if (node is null && !input.MayExist("Node", n)) sink.Add(C.UnknownTenantNode(t.Doc.Value($"/spec/nodes/{i}"), t.Name, n, input.Nodes.Where(x => x.IsHost).Select(x => x.Name)));
                else if (node is { IsHost: false }) sink.Add(C.TenantOnLeaf(t.Doc.Value($"/spec/nodes/{i}"), t.Name, n, node.Role.Name()));
            }
        CheckTenantNames(input, t, t.Import, "import", sink);
        CheckTenantNames(input, t, t.Export, "export", sink);
        if (hosts.Count == 0 && input.Complete)
            sink.Add(C.TenantWithoutHosts(t.Doc.Name, t.Name));
    }

    private static void CheckTenantNames(InputSet input, TenantInput t, IReadOnlyList<string> names, string field, DiagnosticSink sink)
    {
        for (int i = 0; i < names.Count; i++)
        {
            string other = names[i];
            var at = t.Doc.Value($"/spec/{field}/{i}");
            if (other == "*") continue;
            if (other == t.Name) sink.Add(C.SelfImport(at, t.Name, field));
            else if (input.Tenant(other) is null && !input.MayExist("Tenant", other)) sink.Add(C.UnknownTenant(at, field, other, input.Tenants.Select(x => x.Name)));
        }
    }
}
