using EvpnCompile.Core.Net;

namespace EvpnCompile.Core.Input;

/// <summary>
/// The value of every optional input field that is left out. The schema's `default` keywords say
/// the same (a test keeps the two in step); nothing else in the compiler invents defaults.
/// </summary>
public static class Defaults
{
    public const string FrrVersion = "8.4";
    public const NetworkRenderer Network = NetworkRenderer.Ifupdown2;
    public const int UnderlayMtu = 9216;
    public const bool Bfd = false;
    public const int OverlayMtu = 9000;
    public const int VxlanPort = 4789;
    public const string AnycastGatewayMac = "02:00:5e:00:01:01";
    public const string RouterMacPool = "02:e0:00:00:00:01-02:e0:00:ff:ff:ff";
    public const string Auto = "auto";

    /// <summary>The Kubernetes user that applies the cluster files: a service account in a namespace of its own
    /// (docs/security-kubernetes.md says how to create it).</summary>
    public const string KubernetesDeployer = "system:serviceaccount:evpnc-system:evpnc-deployer";

    /// <summary>Tenants without nodes or nodeSelector land on every host.</summary>
    public static readonly IReadOnlyList<string> TenantNodes = ["*"];

    /// <summary>A tenant's `external` without `borders` leaves through every border.</summary>
    public static readonly IReadOnlyList<string> ExternalBorders = ["*"];

    /// <summary>Borders do not originate a default route into a tenant unless asked.</summary>
    public const bool ExternalDefaultRoute = false;

    /// <summary>An external tenant's own prefixes go upstream unless it says otherwise.</summary>
    public const bool ExternalAnnounce = true;

    /// <summary>Each host's slice of an L2 subnet: 16 slices, but never smaller than a /30.</summary>
    public static int L2SlicePrefix(Ipv4Prefix subnet) => Math.Min(subnet.Length + 4, 30);

    /// <summary>Each host's slice of an L2 network's IPv6 subnet: 65536 slices, but never smaller than a /124.</summary>
    public static int L2SlicePrefix6(Ipv6Prefix subnet) => Math.Min(subnet.Length + 16, 124);
}
