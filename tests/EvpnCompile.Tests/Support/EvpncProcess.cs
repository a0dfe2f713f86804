using System.Collections.Concurrent;
using System.Diagnostics;
using EvpnCompile.Cli;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// `evpnc` as a separate process (`dotnet exec evpnc.dll`), for what needs one: builds racing each
/// other, SIGKILL. Standard error is collected line by line as it comes, so a test can wait for a
/// line (such as the build saying it waits for a lock) instead of sleeping.
/// </summary>
public sealed class EvpncProcess : IDisposable
{
    private readonly Process process;
    private readonly BlockingCollection<string> errorLines = [];
    private readonly List<string> errorSeen = [];
    private readonly Task<string>? output;

    /// <param name="drainOutput">false leaves standard output unread: a process that writes more than a pipe holds blocks there.</param>
    public EvpncProcess(string workingDirectory, IEnumerable<string> args, bool drainOutput = true)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var arg in new[] { "exec", typeof(EvpncCli).Assembly.Location }.Concat(args)) start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        process.StandardInput.Close();
        process.ErrorDataReceived += (_, e) => { if (e.Data is null) errorLines.CompleteAdding(); else errorLines.Add(e.Data); };
        process.BeginErrorReadLine();
        if (drainOutput) output = process.StandardOutput.ReadToEndAsync();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Blocks until standard error has a line containing <paramref name="text"/>; false when the process ended without one.</summary>
    /// <param name="patience">a guard against a hung test, not a measurement.</param>
    public bool WaitForErrorLine(string text, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (!errorLines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
            {
                if (errorLines.IsCompleted) return false;
                continue;
            }
            errorSeen.Add(line);
            if (line.Contains(text, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Waits for the end (guarded by <paramref name="patience"/>); the exit code, standard output and all of standard error.</summary>
    public CliRun Finish(TimeSpan patience)
    {
        if (!process.WaitForExit(patience))
        {
            process.Kill();
            Assert.Fail($"evpnc did not finish within {patience.TotalSeconds} s; stderr so far:\n{string.Join("\n", errorSeen)}");
        }
        process.WaitForExit(); // and the stream readers
        while (errorLines.TryTake(out var line)) errorSeen.Add(line);
        return new CliRun(process.ExitCode, output?.GetAwaiter().GetResult() ?? "", string.Join("", errorSeen.Select(l => l + "\n")));
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.Dispose();
    }
}
