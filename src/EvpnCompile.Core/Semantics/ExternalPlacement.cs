using EvpnCompile.Core.Input;

namespace EvpnCompile.Core.Semantics;

/// <summary>Which borders an external tenant leaves through: decided here once, for checks, allocation and lowering.</summary>
public static class ExternalPlacement
{
    /// <returns>the tenant's borders (nodes of role border named by, or matched by "*" in, external.borders), sorted by
    /// name; empty for a tenant without external. Names that are no border are EVPN120's business, not this list's.</returns>
    public static IReadOnlyList<NodeInput> Borders(InputSet input, TenantInput t)
    {
        if (t.External is not { } ext) return [];
        var borders = input.Nodes.Where(n => n.Role == NodeRole.Border); // nodes are sorted by name
        return ext.Borders.Contains("*") ? borders.ToList() : borders.Where(b => ext.Borders.Contains(b.Name)).ToList();
    }

    /// <summary>Every (border, uplink) a tenant's sessions run on, in border then input order: the order transfers are handed out in.</summary>
    public static IReadOnlyList<(NodeInput Border, UplinkInput Uplink)> Uplinks(InputSet input, TenantInput t) =>
        Borders(input, t).SelectMany(b => b.Uplinks.Select(u => (b, u))).ToList();
}
