namespace EvpnCompile.Core.Input;

/// <summary>
/// The limits of the kernel, VXLAN and ifupdown2 that the input must respect, in one place: the
/// semantic checks, the allocator, the lock-file reader and the post-allocation checks all read them
/// here (an earlier stage than any of them), so no stage reaches into another for a number.
/// </summary>
public static class Limits
{
    /// <summary>The largest VNI evpnc uses (24 bits; 16777215 is left out, as FRR's default VNI range does).</summary>
    public const long MaxVni = 16_777_214;

    /// <summary>The largest kernel table a VRF gets: the RD `loopback:table` carries it in 16 bits.</summary>
    public const long MaxTable = 65_535;

    /// <summary>Kernel tables that are never allocated: unspec, and the kernel's own 252..255.</summary>
    public static readonly IReadOnlySet<long> ReservedTables = new HashSet<long> { 0, 252, 253, 254, 255 };

    /// <summary>The VRF table range ifupdown2 accepts (its vrf addon refuses others).</summary>
    public const long Ifupdown2MinTable = 1001;
    public const long Ifupdown2MaxTable = 5000;

    /// <summary>What VXLAN adds to every overlay frame (IPv4 underlay): the overlay MTU must fit under the underlay's.</summary>
    public const int VxlanOverhead = 50;
}
