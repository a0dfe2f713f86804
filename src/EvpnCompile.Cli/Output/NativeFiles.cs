using System.Runtime.InteropServices;

namespace EvpnCompile.Cli.Output;

/// <summary>The two Linux calls .NET does not offer: hard links, and swapping two paths atomically.</summary>
internal static partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

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
}
