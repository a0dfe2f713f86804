namespace EvpnCompile.Core.Net;

/// <summary>
/// What allocation needs of a prefix to cut per-host blocks from it, so that IPv4 and IPv6 blocks are
/// allocated, kept and retired by one piece of code.
/// </summary>
public interface IBlockPrefix<TSelf> : IComparable<TSelf> where TSelf : struct, IBlockPrefix<TSelf>
{
    int Length { get; }
    bool HasHostBits { get; }

    /// <summary>How many sub-prefixes of <paramref name="length"/> this prefix holds (0 if longer).</summary>
    long SubnetCount(int length);

    /// <summary>The <paramref name="index"/>-th sub-prefix of length <paramref name="length"/>.</summary>
    TSelf Subnet(int length, long index);

    /// <summary>Whether <paramref name="inner"/> lies wholly inside this prefix.</summary>
    bool Covers(TSelf inner);
}
