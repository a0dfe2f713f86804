using System.Diagnostics;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// The advisory lock a build holds on its output folder for the whole compare-and-swap, so that two
/// builds of one OUT never both compare against the same old tree: flock(2) on `.OUT.evpnc-lock`
/// beside OUT. The kernel drops it when the process ends, however it ends, so it never outlives a
/// killed build. The file means nothing by itself: the holder removes it when done, and one a killed
/// build left is simply locked and removed by the next build.
/// A writing build holds it exclusively; `build --check` takes it shared, and only when the file exists
/// (it writes nothing, not even the lock file), so it never reads a tree in the middle of a swap.
/// </summary>
public sealed class OutputLock : IDisposable
{
    public const string Suffix = ".evpnc-lock";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly int fd;
    private readonly FileStream? portable;
    private readonly string path;
    private readonly bool exclusive;

    /// <summary>Whether another build held the lock when this one asked for it.</summary>
    public bool Waited { get; }

    private OutputLock(int fd, FileStream? portable, string path, bool exclusive, bool waited)
    {
        this.fd = fd;
        this.portable = portable;
        this.path = path;
        this.exclusive = exclusive;
        Waited = waited;
    }

    /// <summary>The lock file of <paramref name="outDir"/>: hidden, beside it (OUT itself is swapped away).</summary>
    public static string PathFor(string outDir)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        return Path.Combine(Path.GetDirectoryName(outDir)!, "." + Path.GetFileName(outDir) + Suffix);
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for a build that holds it.</summary>
    /// <param name="onWait">called once, when the lock is found held (the build says so on stderr).</param>
    /// <returns>the held lock, or null when it was still held at the timeout.</returns>
    /// <exception cref="IOException">the lock file cannot be created or opened.</exception>
    public static async Task<OutputLock?> AcquireAsync(string outDir, bool exclusive, TimeSpan timeout, Action onWait, CancellationToken cancellation)
    {
        string path = PathFor(outDir);
        if (exclusive) Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var clock = Stopwatch.StartNew();
        bool waited = false;
        while (true)
        {
            if (TryTake(path, exclusive, waited) is { } taken) return taken;
            if (clock.Elapsed >= timeout) return null;
            if (!waited) onWait();
            waited = true;
            await Task.Delay(PollInterval, cancellation);
        }
    }

    private static OutputLock? TryTake(string path, bool exclusive, bool waited)
    {
        if (!OperatingSystem.IsLinux()) return TryTakePortable(path, exclusive, waited);
        int fd = NativeFiles.OpenLockFile(path, create: exclusive);
        if (fd < 0) return new OutputLock(-1, null, path, exclusive, waited); // --check and no build has ever run: nothing to wait for
        if (NativeFiles.TryLock(fd, exclusive))
        {
            // Locked, but the holder before us may have removed the file while we waited for it: then the
            // lock that counts is on the file now at that name, so try again there.
            if (NativeFiles.IsLinked(fd)) return new OutputLock(fd, null, path, exclusive, waited);
            NativeFiles.CloseFile(fd);
            return TryTake(path, exclusive, waited);
        }
        NativeFiles.CloseFile(fd);
        return null;
    }

    /// <summary>Elsewhere .NET's own file sharing stands in (a flock on other Unixes, a share mode on Windows).</summary>
    private static OutputLock? TryTakePortable(string path, bool exclusive, bool waited)
    {
        if (!exclusive) return new OutputLock(-1, null, path, exclusive, waited);
        try { return new OutputLock(-1, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path, exclusive, waited); }
        catch (IOException) when (File.Exists(path)) { return null; }
    }

    private int disposed;

    public void Dispose()
    {
        // Once only: the descriptor is a bare number, and a second close(2) would close whatever file this process opened
        // under that number since (in the test host, another test's pipe or directory: "Invalid pipe handle", EBADF while
        // enumerating a folder, a program that could not be started; OutputLockTests disposes a lock early, then `using` again).
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        // Remove the file while still holding it; a build that waited on it sees it unlinked and takes the new one.
        if (exclusive && fd >= 0)
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (fd >= 0) NativeFiles.CloseFile(fd);
        portable?.Dispose();
    }
}
