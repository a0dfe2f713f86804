using System.Text;
using EvpnCompile.Core;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// The files a lab runs: the ones the compile just rendered, or those of a tree `evpnc build` wrote
/// (`--rendered DIR`), possibly edited by hand: the lab then proves exactly the files about to be
/// deployed. The plan always comes from the model of the inputs, so `check` measures the files
/// against what the YAML promises.
/// </summary>
public static class LabInputs
{
    /// <summary>The folders of a host's network files, as the host keeps them.</summary>
    private static readonly string[] HostFolders = ["/etc/network/", "/etc/netplan/", "/etc/systemd/", "/etc/evpnc/"];

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The lab's state; null with <paramref name="problem"/> when a file of <paramref name="renderedDir"/> is missing.</summary>
    public static LabState? State(BuildResult build, LabPlan plan, string? renderedDir, out string? problem)
    {
        problem = null;
        var missing = new List<string>();
        byte[] Read(string node, string target)
        {
            if (renderedDir is null) return Utf8.GetBytes(build.Files!.First(f => f.Node == node && f.Target == target).Content);
            string path = Path.Combine(renderedDir, "nodes", node, target.TrimStart('/'));
            if (File.Exists(path)) return File.ReadAllBytes(path);
            missing.Add(path);
            return [];
        }
        string routesPath = renderedDir is null ? "" : Path.Combine(renderedDir, "routes.json");
        string routes = renderedDir is null ? build.Files!.First(f => f.Path == "routes.json").Content
            : File.Exists(routesPath) ? File.ReadAllText(routesPath, Utf8) : Missing(missing, routesPath);
        var frr = plan.Nodes.ToDictionary(n => n.Name, n => Read(n.Name, "/etc/frr/frr.conf"), StringComparer.Ordinal);
        var cni = plan.Pods.ToDictionary(LabState.PodKey, p => Read(p.Node, p.CniFile), StringComparer.Ordinal);
        var hosts = plan.Nodes.Where(n => n.IsHost).ToDictionary(n => n.Name, n => HostFiles(build, renderedDir, n.Name), StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            problem = $"{renderedDir} is not a tree of these inputs (`evpnc build` output): missing {string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? ", ..." : "")}";
            return null;
        }
        return new LabState(plan, routes, frr, cni, hosts);
    }

    private static string Missing(List<string> missing, string path)
    {
        missing.Add(path);
        return "";
    }

    private static IReadOnlyList<RenderedHostFile> HostFiles(BuildResult build, string? renderedDir, string node)
    {
        if (renderedDir is null)
            return build.Files!.Where(f => f.Node == node && f.Target is { } t && HostFolders.Any(h => t.StartsWith(h, StringComparison.Ordinal)))
                .Select(f => new RenderedHostFile(f.Target!, Utf8.GetBytes(f.Content))).ToList();
        string root = Path.Combine(renderedDir, "nodes", node);
        return HostFolders.Select(h => Path.Combine(root, h.Trim('/'))).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => new RenderedHostFile("/" + Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes(f)))
            .OrderBy(f => f.Target, StringComparer.Ordinal).ToList();
    }
}
