namespace EvpnCompile.Core.Emit;

/// <summary>
/// What an output file is, so its readers (the validators of `evpnc verify`, `evpnc diff`, the Ansible
/// playbook through manifest.json's `kind`) select files by kind, never by the shape of their path.
/// </summary>
public enum OutputKind
{
    FrrConf,
    FrrDaemons,
    Sysctl,
    /// <summary>ifupdown2's /etc/network/interfaces.d/evpnc.</summary>
    Interfaces,
    Netplan,
    /// <summary>systemd-networkd's own configuration drop-in (networkd.conf.d): keep FRR's routes.</summary>
    NetworkdConf,
    /// <summary>A drop-in for a .network file netplan generates: the VXLAN bridge-port flags.</summary>
    NetworkdDropIn,
    NetworkdNetdev,
    NetworkdNetwork,
    Cni,
    MultusDaemonConfig,
    /// <summary>An nftables ruleset loaded with `nft -f` (the IPv6 source check).</summary>
    Nftables,
    /// <summary>A systemd unit (the one that loads the nftables ruleset at boot).</summary>
    SystemdUnit,
    Kubernetes,
    Inventory,
    Docs,
    Routes,
    Manifest,
}

/// <summary>The names manifest.json gives the kinds: stable, lower-case, hyphenated.</summary>
public static class OutputKinds
{
    private static readonly (OutputKind Kind, string Name)[] Names =
    [
        (OutputKind.FrrConf, "frr-conf"), (OutputKind.FrrDaemons, "frr-daemons"), (OutputKind.Sysctl, "sysctl"),
        (OutputKind.Interfaces, "ifupdown2-interfaces"), (OutputKind.Netplan, "netplan"), (OutputKind.NetworkdConf, "networkd-conf"),
        (OutputKind.NetworkdDropIn, "networkd-dropin"), (OutputKind.NetworkdNetdev, "networkd-netdev"),
        (OutputKind.NetworkdNetwork, "networkd-network"), (OutputKind.Cni, "cni"), (OutputKind.MultusDaemonConfig, "multus-daemon-config"),
        (OutputKind.Kubernetes, "kubernetes"), (OutputKind.Inventory, "inventory"), (OutputKind.Docs, "docs"),
        (OutputKind.Routes, "routes"), (OutputKind.Manifest, "manifest"), (OutputKind.Nftables, "nftables"), (OutputKind.SystemdUnit, "systemd-unit"),
    ];

    public static string Name(this OutputKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <returns>null for a name this version does not know.</returns>
    public static OutputKind? Parse(string? name) => Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found ? found.Kind : null;
}
