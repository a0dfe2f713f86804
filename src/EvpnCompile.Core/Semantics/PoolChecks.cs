using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>Pools are non-empty ranges of valid values, and the two VNI pools never meet.</summary>
public static class PoolChecks
{
    /// <returns>true when every pool can be allocated from.</returns>
    public static bool Check(FabricInput f, DiagnosticSink sink)
    {
        bool ok = Range(f, f.L3VniPool, 1, Limits.MaxVni, "VNI range 1..16777214", sink)
                & Range(f, f.L2VniPool, 1, Limits.MaxVni, "VNI range 1..16777214", sink)
                & Range(f, f.VrfTablePool, 1, Limits.MaxTable, "table range 1..65535", sink)
                & Range(f, f.RouterMacPool, 0, (1L << 48) - 1, "MAC range", sink);
        if (ok && MacPoolProblem(f.RouterMacPool) is { } why)
        {
            sink.Add(C.BadPool(f.Doc.Value(f.RouterMacPool.Pointer), "routerMac", f.RouterMacPool.Text, why));
            ok = false;
        }
        if (ok && f.L2VniPool.First <= f.L3VniPool.Last && f.L3VniPool.First <= f.L2VniPool.Last)
        {
            sink.Add(C.PoolsOverlap(f.Doc.Value(f.L2VniPool.Pointer), "l2vni", "l3vni"));
            ok = false;
        }
        return ok;
    }

    /// <summary>Router MACs must be unicast; the I/G bit lives in the first byte, so keep that byte fixed and even.</summary>
    private static string? MacPoolProblem(PoolRange pool)
    {
        long firstByte = pool.First >> 40, lastByte = pool.Last >> 40;
        if (firstByte != lastByte) return "spans several first bytes; keep the first byte fixed so every MAC stays unicast";
        return (firstByte & 1) == 1 ? "holds multicast MAC addresses (lowest bit of the first byte set); use a unicast range such as 02:e0:00:00:00:01-02:e0:00:ff:ff:ff" : null;
    }

    private static bool Range(FabricInput f, PoolRange pool, long min, long max, string limits, DiagnosticSink sink)
    {
        var at = f.Doc.Value(pool.Pointer);
        string text = pool.Text;
        if (pool.First > pool.Last) sink.Add(C.BadPool(at, pool.Name, text, "is empty: its first value is above its last"));
        else if (pool.First < min || pool.Last > max) sink.Add(C.BadPool(at, pool.Name, text, $"leaves the {limits}"));
        else return true;
        return false;
    }
}
