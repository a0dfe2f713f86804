using System.IO.Compression;
using System.Text;

namespace EvpnCompile.Cli.Lab;

/// <summary>
/// The throwaway VM's boot files, from what is installed here: Debian's kernel (linux-image-amd64) and
/// an initramfs holding a static busybox, the kernel's modules for virtio, 9p and overlayfs (in their
/// dependency order, from modules.dep), and an init that mounts this machine's root read-only over 9p
/// under a tmpfs overlay, mounts the results folder read-write, runs the guest script as root and
/// powers off. The initramfs is written here as a newc cpio archive (no cpio program needed).
/// </summary>
public static class LabVmImage
{
    public const string Busybox = "/bin/busybox";

    /// <summary>The modules the init loads, by name; each after the ones it needs.</summary>
    public static readonly string[] Needed = ["virtio_pci", "9pnet_virtio", "9p", "overlay"];

    /// <summary>The busybox applets the init uses.</summary>
    private static readonly string[] Applets = ["sh", "mount", "insmod", "mkdir", "switch_root", "cat", "sed", "echo", "sleep"];

    /// <summary>The newest /boot/vmlinuz-*-amd64 that has its modules, or null.</summary>
    public static (string Kernel, string Version)? FindKernel()
    {
        if (!Directory.Exists("/boot")) return null;
        return Directory.EnumerateFiles("/boot", "vmlinuz-*")
            .Select(k => (Kernel: k, Version: Path.GetFileName(k)["vmlinuz-".Length..]))
            .Where(k => File.Exists($"/lib/modules/{k.Version}/modules.dep"))
            .OrderBy(k => k.Version, Comparer<string>.Create(CompareVersions))
            .Cast<(string, string)?>().LastOrDefault();
    }

    /// <summary>Orders "6.1.0-57-amd64" after "6.1.0-9-amd64": numeric runs compare as numbers.</summary>
    public static int CompareVersions(string a, string b)
    {
        var pa = System.Text.RegularExpressions.Regex.Split(a, @"(\d+)");
        var pb = System.Text.RegularExpressions.Regex.Split(b, @"(\d+)");
        for (int i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            int c = long.TryParse(pa[i], out long x) && long.TryParse(pb[i], out long y) ? x.CompareTo(y) : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return pa.Length.CompareTo(pb.Length);
    }

    /// <summary>
    /// The module files to load, in order, for <paramref name="wanted"/> (by module name), read from
    /// modules.dep ("path: dep dep ..."); modules built into the kernel (modules.builtin) need no file.
    /// Null with the module's name when one is neither.
    /// </summary>
    public static IReadOnlyList<string>? LoadOrder(string modulesDep, string modulesBuiltin, IEnumerable<string> wanted, out string? missing)
    {
        missing = null;
        var deps = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in modulesDep.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) deps[line[..colon]] = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        var builtin = modulesBuiltin.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ModuleName).ToHashSet(StringComparer.Ordinal);
        var byName = deps.Keys.GroupBy(ModuleName).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var order = new List<string>();
        void Visit(string path)
        {
            if (order.Contains(path)) return;
            foreach (var d in deps.GetValueOrDefault(path) ?? []) Visit(d);
            order.Add(path);
        }
        foreach (var name in wanted)
        {
            if (byName.TryGetValue(name, out var path)) Visit(path);
            else if (!builtin.Contains(name)) { missing = name; return null; }
        }
        return order;
    }

    /// <summary>"kernel/fs/9p/9p.ko.xz" is module "9p"; modules.dep spells '-' or '_' as the file does.</summary>
    public static string ModuleName(string path)
    {
        string file = Path.GetFileName(path);
        int ko = file.IndexOf(".ko", StringComparison.Ordinal);
        return (ko >= 0 ? file[..ko] : file).Replace('-', '_');
    }

    /// <summary>Whether an ELF file has no program interpreter (PT_INTERP): it runs without a libc beside it.</summary>
    public static bool IsStaticElf(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2) return false;
        long phoff = BitConverter.ToInt64(elf, 0x20);
        int phentsize = BitConverter.ToUInt16(elf, 0x36), phnum = BitConverter.ToUInt16(elf, 0x38);
        for (int i = 0; i < phnum; i++)
        {
            long at = phoff + (long)i * phentsize;
            if (at + 4 > elf.Length) return false;
            if (BitConverter.ToUInt32(elf, (int)at) == 3) return false; // PT_INTERP
        }
        return true;
    }

    /// <summary>
    /// The init: proc, sys, dev; the modules; this machine's root read-only (9p tag hostroot) under a tmpfs
    /// overlay; a fresh /run; the results folder (tag results); then the command from the kernel line
    /// (vmcmd=), and power off whatever it did.
    /// </summary>
    public const string Init = """
        #!/bin/sh
        mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
        for m in $(cat /mods/order); do insmod "/mods/$m"; done
        if ! mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=1048576 hostroot /lower; then
          echo "@evpnc-vm: the host's file system could not be mounted over 9p"; echo o > /proc/sysrq-trigger; sleep 30
        fi
        mount -t tmpfs tmpfs /upper; mkdir -p /upper/u /upper/w
        mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/u,workdir=/upper/w /newroot
        mount -t proc proc /newroot/proc; mount -t sysfs sys /newroot/sys; mount -t devtmpfs dev /newroot/dev
        mount -t tmpfs tmpfs /newroot/run; mkdir -p /newroot/dev/shm /newroot/results; mount -t tmpfs tmpfs /newroot/dev/shm
        mount -t 9p -o trans=virtio,version=9p2000.L,msize=1048576 results /newroot/results
        cmd=$(sed 's/.*vmcmd=\([^ ]*\).*/\1/' /proc/cmdline)
        exec switch_root /newroot /bin/sh -c "export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root; $cmd; sync; echo o > /proc/sysrq-trigger; sleep 30"
        """;

    /// <summary>Writes the gzipped newc initramfs to <paramref name="output"/>.</summary>
    /// <param name="modules">module files to load in this order (absolute paths; .ko, or .ko.xz/.ko.zst already decompressed by the caller).</param>
    public static void WriteInitramfs(string output, byte[] busybox, IReadOnlyList<(string Name, byte[] Bytes)> modules)
    {
        using var file = File.Create(output);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        var cpio = new NewcWriter(gzip);
        foreach (var dir in new[] { "bin", "mods", "proc", "sys", "dev", "lower", "upper", "newroot" }) cpio.Directory(dir);
        cpio.File("bin/busybox", busybox, executable: true);
        foreach (var applet in Applets) cpio.Symlink($"bin/{applet}", "busybox");
        foreach (var (name, bytes) in modules) cpio.File($"mods/{name}", bytes, executable: false);
        cpio.File("mods/order", Encoding.ASCII.GetBytes(string.Join("\n", modules.Select(m => m.Name)) + "\n"), executable: false);
        cpio.File("init", Encoding.ASCII.GetBytes(Init.ReplaceLineEndings("\n") + "\n"), executable: true);
        cpio.Trailer();
    }

    /// <summary>The "new ASCII" cpio format the kernel unpacks an initramfs from.</summary>
    private sealed class NewcWriter(Stream output)
    {
        private int inode = 1;

        public void Directory(string name) => Entry(name, 0x4000 | 0x1ed, []);
        public void File(string name, byte[] data, bool executable) => Entry(name, 0x8000 | (executable ? 0x1ed : 0x1a4), data);
        public void Symlink(string name, string target) => Entry(name, 0xa000 | 0x1ff, Encoding.ASCII.GetBytes(target));
        public void Trailer() => Entry("TRAILER!!!", 0, [], inodeNumber: 0);

        private void Entry(string name, int mode, byte[] data, int? inodeNumber = null)
        {
            byte[] nameBytes = Encoding.ASCII.GetBytes(name + "\0");
            int nlink = (mode & 0xf000) == 0x4000 ? 2 : 1;
            string header = "070701" + string.Concat(new long[] { inodeNumber ?? inode++, mode, 0, 0, nlink, 0, data.Length, 0, 0, 0, 0, nameBytes.Length, 0 }
                .Select(v => v.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
            Write(Encoding.ASCII.GetBytes(header));
            Write(nameBytes);
            Pad(110 + nameBytes.Length);
            Write(data);
            Pad(data.Length);
        }

        private void Write(byte[] bytes) => output.Write(bytes);
        private void Pad(int length) { for (int i = length; i % 4 != 0; i++) output.WriteByte(0); }
    }
}
