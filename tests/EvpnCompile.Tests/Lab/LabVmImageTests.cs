using System.Diagnostics;
using System.IO.Compression;
using EvpnCompile.Cli.Lab;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Lab;

/// <summary>The VM's boot files and guest script, built from what is installed; checked without booting anything.</summary>
public class LabVmImageTests
{
    // modules.dep of Debian's 6.1 kernel, the lines that matter (each module: the modules it needs).
    private const string ModulesDep = """
        kernel/fs/overlayfs/overlay.ko:
        kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
        kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
        kernel/fs/netfs/netfs.ko:
        kernel/net/9p/9pnet.ko:
        kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
        kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
        kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
        kernel/drivers/virtio/virtio_pci_modern_dev.ko:
        kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
        kernel/drivers/virtio/virtio_ring.ko:
        """;

    [Fact]
    public void Modules_load_after_every_module_they_need_and_builtins_need_no_file()
    {
        var order = LabVmImage.LoadOrder(ModulesDep, "", LabVmImage.Needed, out string? missing)!.ToList();
        Assert.Null(missing);
        var names = order.Select(LabVmImage.ModuleName).ToList();
        Assert.Equal(11, names.Count); // the four wanted and the seven they need
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var line in ModulesDep.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':');
            if (!order.Contains(parts[0].Trim())) continue;
            foreach (var dep in parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                Assert.True(order.IndexOf(dep) < order.IndexOf(parts[0].Trim()), $"{dep} must load before {parts[0]}");
        }
        var withBuiltinVirtio = LabVmImage.LoadOrder(ModulesDep.Replace("kernel/drivers/virtio/virtio_pci.ko:", "kernel/drivers/virtio/other.ko:"),
            "kernel/drivers/virtio/virtio_pci.ko\n", LabVmImage.Needed, out _)!;
        Assert.DoesNotContain(withBuiltinVirtio, m => LabVmImage.ModuleName(m) == "virtio_pci");
        Assert.Null(LabVmImage.LoadOrder("kernel/fs/9p/9p.ko:\n", "", LabVmImage.Needed, out missing));
        Assert.Equal("virtio_pci", missing);
    }

    [Theory]
    [InlineData("6.1.0-57-amd64", "6.1.0-9-amd64", 1)]
    [InlineData("6.1.0-9-amd64", "6.12.0-1-amd64", -1)]
    [InlineData("6.1.0-9-amd64", "6.1.0-9-amd64", 0)]
    public void Kernel_versions_compare_by_number(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(LabVmImage.CompareVersions(a, b)));

    [Fact]
    public void Only_an_elf_without_an_interpreter_is_static()
    {
        var elf = new byte[0x40 + 2 * 56];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2;
        BitConverter.GetBytes(0x40L).CopyTo(elf, 0x20);
        BitConverter.GetBytes((ushort)56).CopyTo(elf, 0x36);
        BitConverter.GetBytes((ushort)2).CopyTo(elf, 0x38);
        BitConverter.GetBytes(1u).CopyTo(elf, 0x40);      // PT_LOAD
        Assert.True(LabVmImage.IsStaticElf(elf));
        BitConverter.GetBytes(3u).CopyTo(elf, 0x40 + 56); // PT_INTERP: needs ld.so and a libc
        Assert.False(LabVmImage.IsStaticElf(elf));
        Assert.False(LabVmImage.IsStaticElf("#!/bin/sh\n"u8.ToArray()));
    }

    [RequiresCpioFact]
    public void The_initramfs_is_a_newc_archive_the_real_cpio_lists_and_unpacks()
    {
        KernelLabTools.AssertCpio();
        using var work = new TempDir();
        string image = work.File("initrd.gz");
        LabVmImage.WriteInitramfs(image, "BUSYBOX"u8.ToArray(), [("virtio_ring.ko", "RING"u8.ToArray()), ("9p.ko", [1, 2, 3])]);
        string cpio = work.File("initrd.cpio");
        using (var gz = new GZipStream(File.OpenRead(image), CompressionMode.Decompress))
        using (var raw = File.Create(cpio)) gz.CopyTo(raw);
        var start = new ProcessStartInfo("sh") { WorkingDirectory = work.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "mkdir x && cd x && cpio -id --quiet < ../initrd.cpio && find . | sort" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string listing = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        Assert.Contains("./init\n", listing);
        Assert.Contains("./bin/switch_root\n", listing);
        Assert.Equal(LabVmImage.Init.ReplaceLineEndings("\n") + "\n", File.ReadAllText(work.File("x/init")));
        Assert.Equal("virtio_ring.ko\n9p.ko\n", File.ReadAllText(work.File("x/mods/order")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(work.File("x/mods/9p.ko")));
        Assert.Equal("busybox", new FileInfo(work.File("x/bin/sh")).LinkTarget);
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(work.File("x/init")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void The_guest_runs_the_same_evpnc_in_kernel_mode_with_every_argument_quoted()
    {
        var request = new VmRequest(["/work/it's here/fabric"], "lab", "/work/lock.yaml", 45, "/work/out", Json: true, Verbose: true, "/work/it's here");
        string script = LabVm.GuestScript(request, ["/usr/bin/dotnet", "exec", "/opt/evpnc.dll"], new Dictionary<string, string> { ["HOME"] = "/root" });
        Assert.Contains("export HOME='/root'\n", script);
        Assert.Contains("cd '/work/it'\\''s here' || exit 1\n", script);
        Assert.Contains("'/usr/bin/dotnet' 'exec' '/opt/evpnc.dll' 'lab' 'run' '/work/it'\\''s here/fabric' '--vrf' 'kernel' '--name' 'lab' '--timeout' '45' "
            + "'--format' 'json' '--lock' '/work/lock.yaml' '--rendered' '/work/out' '--verbose' >/results/stdout 2>/results/stderr\n", script);
        Assert.EndsWith("echo $? > /results/exit.tmp && mv /results/exit.tmp /results/exit\necho '@evpnc-vm: done'\n", script);
        // The quoting survives a real shell.
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-c", $"printf '%s\\n' {LabVm.Quote("a'b \"c\" $d")}" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        Assert.Equal("a'b \"c\" $d\n", p.StandardOutput.ReadToEnd());
    }
}
