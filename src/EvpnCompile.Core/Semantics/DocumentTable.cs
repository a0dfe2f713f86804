using System.Text.Json.Nodes;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>
/// Pass 3: gathers the documents of all files into one set: exactly one Fabric, names unique per
/// kind (a second document with the same kind and name is an error at both places, never merged).
/// </summary>
public static class DocumentTable
{
    public sealed record Candidate(LoadedDocument Document, bool SchemaValid);

    public static InputSet Build(IReadOnlyList<Candidate> candidates, bool allFilesLoaded, string? firstFile, DiagnosticSink sink)
    {
        var ordered = candidates
            .OrderBy(c => c.Document.File, StringComparer.Ordinal)
            .ThenBy(c => c.Document.Index)
            .ToList();

        var firstByName = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var fabrics = new List<Candidate>();
        var unusable = new HashSet<string>(StringComparer.Ordinal);
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<Candidate>();
        foreach (var c in ordered)
        {
            string? kind = KindOf(c.Document);
            string? name = NameOf(c.Document);
            if (kind is null || name is null)
            {
                if (c.SchemaValid) kept.Add(c);
                continue;
            }
            if (kind == "Fabric") fabrics.Add(c);
            string key = $"{kind}/{name}";
            if (!c.SchemaValid) unusable.Add(key);
            if (firstByName.TryGetValue(key, out var first))
            {
                duplicated.Add(key);
                if (kind == "Fabric") continue; // EVPN021 already says it, at both places
                var here = NameSpan(c);
                var there = NameSpan(first);
                sink.Add(C.DuplicateName(here, kind, name, there));
                sink.Add(C.DuplicateName(there, kind, name, here));
                continue;
            }
            firstByName[key] = c;
            if (c.SchemaValid) kept.Add(c);
        }

        if (fabrics.Count > 1)
            foreach (var f in fabrics)
            {
                var other = fabrics.First(o => !ReferenceEquals(o, f));
                sink.Add(C.SecondFabric(NameSpan(f), NameOf(f.Document) ?? "?", NameSpan(other)));
            }
        else if (fabrics.Count == 0 && allFilesLoaded && firstFile is not null)
            sink.Add(C.NoFabric(SourceSpan.FileStart(firstFile)));

        // Neither copy of a duplicated name is used: keeping "the first" would make the result depend
        // on file order. The name stays known, so references to it do not cascade into more errors.
        unusable.UnionWith(duplicated);
        kept.RemoveAll(c => duplicated.Contains($"{KindOf(c.Document)}/{NameOf(c.Document)}"));

        FabricInput? fabric = null;
        var nodes = new List<NodeInput>();
        var tenants = new List<TenantInput>();
        foreach (var c in kept)
        {
            switch (KindOf(c.Document))
            {
                case "Fabric" when fabrics.Count == 1: fabric = InputBinder.BindFabric(c.Document); break;
                case "Node": nodes.Add(InputBinder.BindNode(c.Document)); break;
                case "Tenant": tenants.Add(InputBinder.BindTenant(c.Document)); break;
            }
        }
        nodes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        tenants.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        bool complete = allFilesLoaded && duplicated.Count == 0 && candidates.All(c => c.SchemaValid);
        return new InputSet(fabric, nodes, tenants, complete, unusable);
    }

    private static SourceSpan NameSpan(Candidate c) => c.Document.Map.Value("/metadata/name");

    // A document may be any YAML value (a list, a scalar): read kind and name only from mappings.
    private static string? KindOf(LoadedDocument d) => Text((d.Root as JsonObject)?["kind"]);

    private static string? NameOf(LoadedDocument d) => Text(((d.Root as JsonObject)?["metadata"] as JsonObject)?["name"]);

    private static string? Text(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
}
