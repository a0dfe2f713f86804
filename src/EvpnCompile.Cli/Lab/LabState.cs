using System.Text;
using System.Text.Json;
using EvpnCompile.Core.Lab;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// What `up` leaves in the lab's folder for `check`: the plan, and the rendered routes.json, frr.conf
/// and Multus files the lab was built from (check compares FRR against these, not against a new compile).
/// </summary>
/// <param name="FrrConf">per node.</param>
/// <param name="CniConf">per pod, keyed <see cref="PodKey"/>.</param>
/// <param name="HostFiles">kernel mode, per host: its rendered network files, which `up` applies (kept in the
/// node's private root, not reloaded by `check`).</param>
public sealed record LabState(LabPlan Plan, string RoutesJson, IReadOnlyDictionary<string, byte[]> FrrConf, IReadOnlyDictionary<string, byte[]> CniConf,
    IReadOnlyDictionary<string, IReadOnlyList<RenderedHostFile>>? HostFiles = null)
{
    public static string PodKey(LabPod pod) => $"{pod.Node}/{pod.Name}";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly UTF8Encoding Utf8 = new(false);

    private static string PlanFile(string state) => $"{state}/plan.json";
    private static string RoutesFile(string state) => $"{state}/routes.json";
    public static string RenderedFrrConf(string state, string node) => $"{state}/nodes/{node}/frr.conf";
    private static string RenderedCniConf(string state, LabPod pod) => $"{state}/nodes/{pod.Node}/net.d/{Path.GetFileName(pod.CniFile)}";

    public void Save()
    {
        string state = Plan.StateDir;
        Directory.CreateDirectory(state);
        foreach (var node in Plan.Nodes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(RenderedFrrConf(state, node.Name))!);
            File.WriteAllBytes(RenderedFrrConf(state, node.Name), FrrConf[node.Name]);
        }
        foreach (var pod in Plan.Pods)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(RenderedCniConf(state, pod))!);
            File.WriteAllBytes(RenderedCniConf(state, pod), CniConf[PodKey(pod)]);
        }
        File.WriteAllBytes(RoutesFile(state), Utf8.GetBytes(RoutesJson));
        // Written last: a folder with plan.json is a lab that was fully described.
        File.WriteAllBytes(PlanFile(state), JsonSerializer.SerializeToUtf8Bytes(Plan, Json));
    }

    /// <summary>The lab as `up` described it, or null (with the reason) when there is no complete lab of that name.</summary>
    public static LabState? Load(string lab, out string? damaged)
    {
        damaged = null;
        string state = LabPaths.StateDir(lab);
        if (!File.Exists(PlanFile(state))) return null;
        try
        {
            var plan = JsonSerializer.Deserialize<LabPlan>(File.ReadAllBytes(PlanFile(state)), Json) ?? throw new JsonException("empty");
            var conf = plan.Nodes.ToDictionary(n => n.Name, n => File.ReadAllBytes(RenderedFrrConf(state, n.Name)), StringComparer.Ordinal);
            var cni = plan.Pods.ToDictionary(PodKey, p => File.ReadAllBytes(RenderedCniConf(state, p)), StringComparer.Ordinal);
            return new LabState(plan, File.ReadAllText(RoutesFile(state), Utf8), conf, cni);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            damaged = $"{state} is damaged ({ex.Message})";
            return null;
        }
    }
}
