using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EvpnCompile.Core.Explain;

/// <summary>
/// The two forms of `evpnc explain`: text for people (sections, aligned columns, '-' for none) and
/// JSON for programs (the explanation records, camelCase, indented, LF). Both print the same records,
/// so they carry the same facts, in the same (sorted) order.
/// </summary>
public static class ExplainText
{
    private static readonly JsonSerializerOptions jsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An IPv4 value and, for dual-stack tenants, its IPv6 twin: "10.10.0.0/24, fd00:10::/64".</summary>
    private static string? Both(string? ipv4, string? ipv6, string separator = ", ") =>
        ipv6 is null ? ipv4 : ipv4 is null ? ipv6 : $"{ipv4}{separator}{ipv6}";

    public static string Json(TenantExplanation tenant) => JsonSerializer.Serialize(tenant, jsonOptions) + "\n";

    public static string Json(NodeExplanation node) => JsonSerializer.Serialize(node, jsonOptions) + "\n";

    public static string Text(TenantExplanation t)
    {
        var o = new StringBuilder();
        o.Append("tenant ").Append(t.Tenant).Append('\n');
        Table(o, "  ", [
            ["VRF:", $"{t.Vrf}, table {N(t.VrfTable)}"],
            ["L3VNI:", N(t.L3Vni)],
            ["route target:", t.RouteTarget],
            ["pod network:", Both(t.PodCidr, t.PodCidr6) ?? "-"],
            ["max pods:", t.MaxPods is { } max ? N(max) : "-"],
            ["hosts:", List(t.Hosts.Select(h => h.Node))],
        ]);

        Section(o, $"hosts ({t.Hosts.Count})");
        Rows(o, ["host", "RD", "pod block", "gateway"], t.Hosts.Select(h => new[]
            { h.Node, h.Rd ?? "-", Both(h.PodBlock, h.PodBlock6) ?? "-", Both(h.PodGateway, h.PodGateway6) ?? "-" }));

        Section(o, "L2 networks");
        if (t.L2Networks.Count == 0) o.Append("  -\n");
        foreach (var l2 in t.L2Networks)
        {
            o.Append($"  {l2.Name}: VNI {N(l2.Vni)}, route target {l2.RouteTarget}, subnet {Both(l2.Subnet, l2.Subnet6, " and ")}, gateway {Both(l2.Gateway, l2.Gateway6, " and ")}\n");
            Table(o, "    ", [["host", "slice"], .. l2.Slices.Select(s => new[] { s.Node, Both(s.Prefix, s.Prefix6)! })]);
        }

        Section(o, "leaks in (imports)");
        Rows(o, ["tenant", "route target"], t.Imports.Select(l => new[] { l.Tenant, l.RouteTarget }));
        Section(o, $"leaks out (tenants that import {t.Tenant})");
        Rows(o, ["tenant", "route target"], t.ExportsTo.Select(l => new[] { l.Tenant, l.RouteTarget }));

        Section(o, "namespaces");
        Rows(o, ["namespace", "networks"], t.Namespaces.Select(ns => new[] { ns.Name, List(ns.Networks) }));

        if (t.Exits is { } exits) ExitSection(o, $"way out ({exits.Count} sessions): what each upstream receives, and nothing else", exits);

        FilesSection(o, t.Files);
        return o.ToString();
    }

    public static string Text(NodeExplanation n)
    {
        var o = new StringBuilder();
        o.Append("node ").Append(n.Node).Append('\n');
        Table(o, "  ", [
            ["role:", n.Role],
            ["ASN:", N(n.Asn)],
            ["loopback:", n.Loopback],
            ["router MAC:", n.RouterMac ?? "-"],
            ["network:", n.Network ?? "-"],
            ["management:", n.Management ?? "-"],
        ]);

        Section(o, "fabric ports");
        Rows(o, ["port", "peer", "peer port", "MTU"], n.Ports.Select(p => new[] { p.Port, p.Peer, p.PeerPort, p.Mtu is { } mtu ? N(mtu) : "-" }));

        var b = n.Bgp;
        Section(o, "BGP");
        Table(o, "  ", [
            ["ASN:", N(b.Asn)],
            ["router-id:", b.RouterId],
            ["peer group:", b.PeerGroup],
            ["BFD:", b.Bfd ? "on" : "off"],
            ["advertise-all-vni:", b.AdvertiseAllVni ? "yes" : "no"],
            ["networks:", List(b.Networks)],
            ["L2VNIs:", List(b.L2Vnis.Select(l => $"{N(l.Vni)} ({l.RouteTarget})"))],
        ]);
        Rows(o, ["neighbor", "peer", "peer ASN"], b.Neighbors.Select(x => new[] { x.Interface, x.Peer ?? "-", x.PeerAsn is { } asn ? N(asn) : "-" }));

        VrfSection(o, $"tenants ({n.Tenants.Count})", n.Tenants);
        if (n.TransitVrfs.Count > 0) VrfSection(o, $"transit VRFs ({n.TransitVrfs.Count}): no pods here, carried so that leak partners' traffic arrives in a VRF that exists", n.TransitVrfs);
        if (n.ExitVrfs is { } exitVrfs) VrfSection(o, $"exit VRFs ({exitVrfs.Count}): tenants that leave the fabric here", exitVrfs);
        if (n.Uplinks is { } uplinks) ExitSection(o, $"uplink sessions ({uplinks.Count})", uplinks);

        FilesSection(o, n.Files);
        return o.ToString();
    }

    private static void ExitSection(StringBuilder o, string title, IReadOnlyList<ExitExplanation> exits)
    {
        Section(o, title);
        Rows(o, ["tenant", "border", "interface", "address", "peer", "peer ASN", "upstream receives"], exits.Select(x => new[]
        {
            x.Tenant, x.Border, $"{x.Uplink}.{N(x.Vlan)}", $"{x.BorderAddress}/31", x.Peer, N(x.PeerAsn), List(x.UpstreamReceives),
        }));
    }

    private static void VrfSection(StringBuilder o, string title, IReadOnlyList<NodeTenantExplanation> vrfs)
    {
        Section(o, title);
        if (vrfs.Count == 0) o.Append("  -\n");
        foreach (var t in vrfs)
        {
            o.Append($"  {t.Tenant}: VRF {t.Vrf}, table {Opt(t.VrfTable)}, L3VNI {Opt(t.L3Vni)}, RD {t.Rd ?? "-"}\n");
            Table(o, "    ", [
                ["import route targets:", List(t.ImportRouteTargets)],
                ["export route targets:", List(t.ExportRouteTargets)],
                ["import vrf:", List(t.ImportVrfs)],
            ]);
            Table(o, "    ", [["device", "kind", "details"], .. t.Devices.Select(d => new[] { d.Name, d.Kind, Details(d) })]);
        }
    }

    private static string Details(DeviceExplanation d)
    {
        var parts = new List<string>();
        if (d.Table is { } table) parts.Add($"table {N(table)}");
        if (d.Vni is { } vni) parts.Add($"VNI {N(vni)}");
        if (d.Address is not null) parts.Add(d.Address);
        if (d.Address6 is not null) parts.Add(d.Address6);
        if (d.Mac is not null) parts.Add($"MAC {d.Mac}");
        if (d.Bridge is not null) parts.Add($"in {d.Bridge}");
        string details = string.Join(", ", parts);
        if (d.Purpose is not null) details = details.Length == 0 ? $"({d.Purpose})" : $"{details} ({d.Purpose})";
        return details.Length == 0 ? "-" : details;
    }

    private static void FilesSection(StringBuilder o, IReadOnlyList<FileExplanation> files)
    {
        Section(o, $"files ({files.Count})");
        Rows(o, ["path", "target", "mode", "apply"], files.Select(f => new[]
        {
            f.Path, f.Node is null ? "-" : $"{f.Node}:{f.Target ?? "-"}", f.Mode ?? "-", f.Apply ?? "-",
        }));
    }

    private static void Section(StringBuilder o, string title) => o.Append('\n').Append(title).Append(":\n");

    /// <summary>A table with a header row, or "-" when there are no rows.</summary>
    private static void Rows(StringBuilder o, string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0) o.Append("  -\n");
        else Table(o, "  ", [header, .. list]);
    }

    /// <summary>Rows with every column but the last padded to its widest cell, two spaces apart.</summary>
    private static void Table(StringBuilder o, string indent, IReadOnlyList<string[]> rows)
    {
        int columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder(indent);
            for (int c = 0; c < row.Length; c++)
            {
                line.Append(row[c]);
                if (c < row.Length - 1) line.Append(' ', widths[c] - row[c].Length + 2);
            }
            o.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "-" : string.Join(", ", list);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Opt(long? value) => value is { } v ? N(v) : "-";
}
