using System.Text.Json;

namespace EvpnCompile.Core.Lab;

/// <summary>The kernel's own view of a VRF's devices: `ip -json link show` inside its namespace.</summary>
public static class KernelJson
{
    public sealed record Link(string Name, IReadOnlyList<string> Flags, string? Master, int Mtu)
    {
        /// <summary>Administratively up and with carrier.</summary>
        public bool IsUp => Flags.Contains("UP") && Flags.Contains("LOWER_UP");
    }

    public static IReadOnlyList<Link>? Links(string? json) => FrrJson.Parse(json, root =>
        root.EnumerateArray().Select(l => new Link(
            l.GetProperty("ifname").GetString() ?? "",
            l.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [],
            l.TryGetProperty("master", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
            l.TryGetProperty("mtu", out var mtu) ? mtu.GetInt32() : 0)).ToList());
}
