using System.Diagnostics;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// `--progress`: one line on stderr (never stdout) with the phase, files done of the total, files
/// written, the rate and the time left. On a terminal the line is redrawn in place (at most every
/// 250 ms); elsewhere (always, with stderr redirected) a line is printed at most every 2 s and when a phase ends.
/// </summary>
public sealed class BuildProgress
{
    private readonly TextWriter error;
    private readonly bool terminal;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private string phase = "", unit = "files";
    private long total, done, files, written, phaseStartMs, lastMs = -1_000_000;

    public BuildProgress(TextWriter error, bool terminal)
    {
        this.error = error;
        this.terminal = terminal;
    }

    /// <summary>Whether `--progress` shows progress: always, never, or (auto) when stderr is a terminal outside CI and the work is large.</summary>
    public static bool Enabled(string mode, bool stderrIsTerminal, int files) => mode switch
    {
        "always" => true,
        "never" => false,
        _ => stderrIsTerminal && files >= LargeWork && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
             && Environment.GetEnvironmentVariable("TERM") != "dumb",
    };

    /// <summary>Below this many files a build takes a few seconds at most: no progress line in auto mode.</summary>
    public const int LargeWork = 20_000;

    /// <param name="unit">what <paramref name="count"/> counts: files, or nodes (each a group of files, see <see cref="Done(int, int)"/>).</param>
    public void Phase(string name, long count, string unit = "files")
    {
        lock (gate)
        {
            if (phase.Length > 0) Print(force: true);
            phase = name;
            this.unit = unit;
            total = count;
            done = 0;
            files = 0;
            phaseStartMs = clock.ElapsedMilliseconds;
        }
    }

    public void Done(bool wrote) => Done(1, wrote ? 1 : 0);

    /// <summary>One unit done (a file, or a node of <paramref name="groupFiles"/> files of which <paramref name="wrote"/> were written).</summary>
    public void Done(int groupFiles, int wrote)
    {
        Interlocked.Increment(ref done);
        Interlocked.Add(ref files, groupFiles);
        Interlocked.Add(ref written, wrote);
        long now = clock.ElapsedMilliseconds;
        if (now - Interlocked.Read(ref lastMs) < (terminal ? 250 : 2000)) return;
        lock (gate) Print(force: false);
    }

    public void Finish()
    {
        lock (gate)
        {
            if (phase.Length > 0) Print(force: true);
            if (terminal) error.Write("\n");
            phase = "";
        }
    }

    private void Print(bool force)
    {
        long now = clock.ElapsedMilliseconds;
        if (!force && now - lastMs < (terminal ? 250 : 2000)) return;
        lastMs = now;
        long d = Interlocked.Read(ref done);
        double seconds = Math.Max(0.001, (now - phaseStartMs) / 1000.0);
        double rate = d / seconds;
        string eta = d >= total || rate <= 0 ? "0s" : $"{Math.Ceiling((total - d) / rate):0}s";
        string count = unit == "files" ? $"{d}/{total} files" : $"{d}/{total} {unit}, {Interlocked.Read(ref files)} files";
        string line = $"evpnc: {phase} {count}, {Interlocked.Read(ref written)} written, {rate:0}/s, ETA {eta}";
        error.Write(terminal ? $"\r\u001b[K{line}" : line + "\n");
        error.Flush();
    }
}
