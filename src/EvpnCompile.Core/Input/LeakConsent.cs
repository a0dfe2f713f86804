namespace EvpnCompile.Core.Input;

/// <summary>
/// The one rule of route leaking, used by the semantic checks, lowering and the model checks alike:
/// a tenant receives another's routes only when it imports that tenant and that tenant exports to it.
/// A consented leak works both ways (the exporter must route the replies back), so the two are
/// partners; it goes no further (a partner's partner is not a partner).
/// </summary>
public static class LeakConsent
{
    /// <summary>Whether <paramref name="importer"/> may receive <paramref name="exporter"/>'s routes on its own request.</summary>
    public static bool Consented(TenantInput importer, TenantInput exporter) =>
        importer.Name != exporter.Name && importer.Import.Contains(exporter.Name) && exporter.ExportsTo(importer.Name);

    /// <summary>Whether the two tenants exchange routes (either one imports the other with consent).</summary>
    public static bool ArePartners(TenantInput a, TenantInput b) => Consented(a, b) || Consented(b, a);

    /// <summary>The partners of <paramref name="t"/> among <paramref name="tenants"/>, in their order.</summary>
    public static IEnumerable<TenantInput> Partners(IEnumerable<TenantInput> tenants, TenantInput t) =>
        tenants.Where(x => ArePartners(t, x));
}
