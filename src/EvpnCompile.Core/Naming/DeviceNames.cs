namespace EvpnCompile.Core.Naming;

/// <summary>
/// Names of the Linux devices evpnc creates on a host, the same for every renderer.
/// Built from VNIs (unique fabric-wide), so they never collide across tenants and are at most
/// 11 characters ("pod16777214"), inside Linux's 15; only the VRF carries the tenant's name.
/// </summary>
public static class DeviceNames
{
    public const int LinuxMaxLength = 15;

    public static string Vrf(string tenant) => tenant;

    /// <summary>The VXLAN device of an L3 or L2 VNI.</summary>
    public static string Vxlan(long vni) => $"vni{vni}";

    /// <summary>The bridge that holds the VXLAN device of a VNI (and, for L2, the anycast gateway).</summary>
    public static string Bridge(long vni) => $"br{vni}";

    /// <summary>The routed pod bridge of a tenant on a host, keyed by its L3VNI.</summary>
    public static string PodBridge(long l3vni) => $"pod{l3vni}";

    /// <summary>The dummy port of a pod bridge: a bridge without ports has no carrier, and its
    /// connected route (the pod block) would not be advertised until the first pod attaches.</summary>
    public static string PodDummy(long l3vni) => $"podd{l3vni}";

    /// <summary>A border's VLAN sub-interface of an uplink port (the schema keeps ports to 10 characters, so it fits 15).</summary>
    public static string SubInterface(string port, int vlan) => $"{port}.{vlan}";

    /// <summary>The label every namespace of a tenant carries (NetworkPolicy selects on it).</summary>
    public const string TenantLabelKey = "evpnc.dev/tenant";
}
