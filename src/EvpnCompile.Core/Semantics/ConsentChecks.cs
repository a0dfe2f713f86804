using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// Route leaking needs both sides: `import: [x]` is an error unless x exports to this tenant;
/// an export nobody imports is only a warning (nothing leaks, but it is probably a mistake).
/// </summary>
public static class ConsentChecks
{
    public static void Check(InputSet input, DiagnosticSink sink)
    {
        foreach (var t in input.Tenants)
        {
            for (int i = 0; i < t.Import.Count; i++)
                if (input.Tenant(t.Import[i]) is { } other && other.Name != t.Name && !other.ExportsTo(t.Name))
                    sink.Add(C.ImportWithoutConsent(t.Doc.Value($"/spec/import/{i}"), t.Name, other.Name));
            for (int i = 0; i < t.Export.Count; i++)
                if (input.Tenant(t.Export[i]) is { } other && other.Name != t.Name && !other.Import.Contains(t.Name))
                    sink.Add(C.OneWayExport(t.Doc.Value($"/spec/export/{i}"), t.Name, other.Name));
        }
    }
}
