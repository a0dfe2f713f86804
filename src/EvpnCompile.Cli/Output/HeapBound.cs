namespace EvpnCompile.Cli.Output;

/// <summary>
/// Keeps a long build's heap near what it holds. A node's model lives while its few hundred files render: long enough to
/// be promoted to the oldest generation, where the GC lets dead node models pile up until its own, growing, budget runs
/// out. Measured at 1000 hosts x 250 tenants: 1.5-2 GB resident for a build whose live objects fit in 0.9 GB (it ran
/// with the heap capped there). So after each node the build asks <see cref="Check"/>: when the heap has grown by
/// <see cref="Slack"/> since the last full collection, one runs (a few per build; each costs a walk of what is live).
/// </summary>
internal sealed class HeapBound
{
    /// <summary>How far the heap may grow past what was live after the last full collection.</summary>
    public const long Slack = 256L << 20;

    private readonly Lock gate = new();
    private long threshold = GC.GetTotalMemory(false) + Slack;

    public int Collections { get; private set; }

    /// <summary>A full collection now: what an earlier phase left (the compiler's parse trees) is not carried into this one.</summary>
    public void Collect()
    {
        lock (gate)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            Collections++;
            Interlocked.Exchange(ref threshold, GC.GetTotalMemory(false) + Slack);
        }
    }

    public void Check()
    {
        if (GC.GetTotalMemory(false) <= Interlocked.Read(ref threshold)) return;
        lock (gate)
        {
            if (GC.GetTotalMemory(false) <= Interlocked.Read(ref threshold)) return;   // another thread just collected
        }
        Collect();
    }
}
