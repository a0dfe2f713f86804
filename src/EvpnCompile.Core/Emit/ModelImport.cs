using System.Collections.Concurrent;
using System.Reflection;
using Scriban.Runtime;

namespace EvpnCompile.Core.Emit;

/// <summary>
/// Scriban's <c>ScriptObject.Import(model)</c> with its reflection done once per model type. Scriban imports the type's
/// first model; the names it gave (and which it made read-only) are matched to the type's properties, and later models
/// of the type fill the same names, in the same order, through those properties. A type whose import holds anything a
/// property does not explain (a field, a function, two properties under one name) keeps Scriban's import.
/// </summary>
internal static class ModelImport
{
    internal sealed record Member(string Name, PropertyInfo Property, bool ReadOnly);

    /// <summary>Per model type: its members, or null when Scriban imports it every time.</summary>
    private static readonly ConcurrentDictionary<Type, Member[]?> learned = new();

    public static ScriptObject Of(object model)
    {
        var globals = new ScriptObject();
        if (!learned.TryGetValue(model.GetType(), out var members))
        {
            globals.Import(model);
            learned.TryAdd(model.GetType(), Learn(model, globals));
            return globals;
        }
        if (members is null)
        {
            globals.Import(model);
            return globals;
        }
        foreach (var m in members) globals.SetValue(m.Name, m.Property.GetValue(model), m.ReadOnly);
        return globals;
    }

    /// <summary>The members Scriban's import of <paramref name="model"/> made, each read through one property; null if one is not.</summary>
    internal static Member[]? Learn(object model, ScriptObject imported)
    {
        var byName = model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .GroupBy(p => StandardMemberRenamer.Rename(p.Name), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var members = new List<Member>();
        foreach (var (name, value) in imported)
        {
            if (!byName.TryGetValue(name, out var candidates) || candidates.Count != 1) return null;
            var property = candidates[0];
            if (!Equals(property.GetValue(model), value)) return null;
            members.Add(new Member(name, property, !imported.CanWrite(name)));
        }
        return members.Count == imported.Count ? [.. members] : null;
    }
}
