using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// The Linux calls .NET does not offer: hard links, swapping two paths atomically, flock(2) on a
/// descriptor of our own (.NET's FileStream takes flocks of its own on Unix, which would mix with ours),
/// and a file created with one open(2).
/// </summary>
internal static partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int OpenReadOnly = 0, OpenWriteOnly = 1, OpenReadWrite = 2, OpenCreate = 0x40, OpenTruncate = 0x200, OpenCloseOnExec = 0x80000;
    private const int LockShared = 1, LockExclusive = 2, LockNonBlocking = 4;
    private const int NoSuchFile = 2, WouldBlock = 11, Interrupted = 4;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    /// <returns>false when the platform or file system cannot (the caller copies instead).</returns>
    public static bool TryHardLink(string existing, string newPath)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return Link(existing, newPath) == 0; }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <returns>false when the kernel or file system cannot swap (the caller falls back to two renames).</returns>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0; }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>
    /// Opens a lock file, close-on-exec (a program the build runs must not inherit the lock and keep it
    /// after evpnc dies). Returns -1 when <paramref name="create"/> is false and the file does not exist.
    /// </summary>
    /// <exception cref="IOException">any other failure, with the system's reason.</exception>
    public static int OpenLockFile(string path, bool create)
    {
        int fd = Open(path, (create ? OpenReadWrite | OpenCreate : OpenReadOnly) | OpenCloseOnExec, Convert.ToInt32("644", 8));
        if (fd >= 0) return fd;
        if (!create && Marshal.GetLastPInvokeError() == NoSuchFile) return -1;
        throw new IOException($"{Marshal.GetLastPInvokeErrorMessage()} : '{path}'");
    }

    /// <returns>true when the lock was taken; false when another open file holds a conflicting one.</returns>
    public static bool TryLock(int fd, bool exclusive)
    {
        while (true)
        {
            if (Flock(fd, (exclusive ? LockExclusive : LockShared) | LockNonBlocking) == 0) return true;
            int error = Marshal.GetLastPInvokeError();
            if (error == WouldBlock) return false;
            if (error != Interrupted) throw new IOException($"flock: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>
    /// Creates (or empties) a file to write, as FileMode.Create would, mode 0666 less the umask. One open(2): .NET's own
    /// open adds flock(2) twice, ftruncate(2) and lseek(2) for sharing rules no reader of a staging tree needs, and a
    /// build creates half a million files.
    /// </summary>
    /// <exception cref="IOException">the system's reason, with the path.</exception>
    public static SafeFileHandle CreateForWriting(string path)
    {
        if (!OperatingSystem.IsLinux()) return File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        int fd = Open(path, OpenWriteOnly | OpenCreate | OpenTruncate | OpenCloseOnExec, Convert.ToInt32("666", 8));
        if (fd < 0) throw new IOException($"{Marshal.GetLastPInvokeErrorMessage()} : '{path}'");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Closing the descriptor drops its lock.</summary>
    public static void CloseFile(int fd) => Close(fd);

    /// <summary>Whether the file open at <paramref name="fd"/> still has a name (the last holder of a lock file unlinks it).</summary>
    public static bool IsLinked(int fd)
    {
        try { return new FileInfo($"/proc/self/fd/{fd}").LinkTarget is not { } target || !target.EndsWith(" (deleted)", StringComparison.Ordinal); }
        catch (IOException) { return true; }
    }
}
