using System.Text.RegularExpressions;

namespace EvpnCompile.Core.Lab;

/// <summary>
/// Where a lab lives on the machine. Every name starts with the lab's name and a dash, and lab names
/// hold no dash, so one lab's things are never mistaken for another's ("lab-host1" is never "lab2-...").
/// </summary>
public static partial class LabPaths
{
    public const string Root = "/run/evpnc-lab";
    public const string DefaultName = "lab";

    [GeneratedRegex("^[a-z][a-z0-9]{0,11}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static string StateDir(string lab) => $"{Root}/{lab}";

    /// <summary>Both the node's network namespace and its FRR pathspace.</summary>
    public static string NodeName(string lab, string node) => $"{lab}-{node}";

    /// <summary>The persistent mount namespace of a host, whose /run/netns holds only its VRFs.</summary>
    public static string MountNamespace(string stateDir, string node) => $"{stateDir}/nodes/{node}/mnt";

    /// <summary>
    /// The node's persistent UTS namespace, whose host name is the node's: FRR takes a daemon's host
    /// name from the system, not from frr.conf's `hostname`, and shows it to BGP peers.
    /// </summary>
    public static string UtsNamespace(string stateDir, string node) => $"{stateDir}/nodes/{node}/uts";

    /// <summary>Bound onto /run/netns inside the host's mount namespace.</summary>
    public static string VrfFolder(string stateDir, string node) => $"{stateDir}/nodes/{node}/netns";

    public static string PodFolder(string stateDir, string node) => $"{stateDir}/nodes/{node}/pods";

    public static string PodNamespace(string stateDir, string node, string pod) => $"{PodFolder(stateDir, node)}/{pod}";

    public static string LogFolder(string stateDir, string node) => $"{stateDir}/nodes/{node}/log";

    public const string FrrConfigRoot = "/etc/frr";
    public const string FrrRunRoot = "/var/run/frr";

    /// <summary>Where FRR started with `-N INSTANCE` reads its configuration.</summary>
    public static string FrrConfigFolder(string instance) => $"{FrrConfigRoot}/{instance}";

    /// <summary>The node's copy of its rendered frr.conf.</summary>
    public static string FrrConf(string instance) => $"{FrrConfigFolder(instance)}/frr.conf";

    /// <summary>Where FRR started with `-N INSTANCE` keeps its pid files and vty sockets.</summary>
    public static string FrrRunFolder(string instance) => $"{FrrRunRoot}/{instance}";

    /// <summary>A node's network namespace, as `ip netns add` names it in the machine's mount namespace.</summary>
    public static string NetnsFile(string instance) => $"/run/netns/{instance}";
}
