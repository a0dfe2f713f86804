using System.Diagnostics;

namespace EvpnCompile.Tests.Support;

/// <summary>A throwaway git repository for tests of `evpnc diff`.</summary>
public static class GitRepo
{
    public static void Run(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.email=test@evpnc.invalid", "-c", "user.name=evpnc test", "-c", "commit.gpgsign=false" }.Concat(args))
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {err}");
    }

    /// <summary>Makes <paramref name="dir"/> a repository with everything in it committed.</summary>
    public static void InitAndCommit(string dir)
    {
        Run(dir, "init", "-q");
        Run(dir, "add", "-A");
        Run(dir, "commit", "-q", "-m", "initial");
    }
}
