using System.Diagnostics;

namespace EvpnCompile.Tests.Support;

/// <summary>Runs an Ansible program (ansible-playbook, ansible-inventory) with plain output and no ambient configuration.</summary>
public static class AnsibleRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(string workingDirectory, string program, string[] args, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ANSIBLE_NOCOLOR"] = "1";
        start.Environment.Remove("ANSIBLE_CONFIG");
        start.Environment.Remove("ANSIBLE_INVENTORY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {limit.TotalMinutes} minutes");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
