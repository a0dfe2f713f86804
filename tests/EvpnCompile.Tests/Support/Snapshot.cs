using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Compares text with a committed, verified file byte for byte. On a mismatch it writes
/// NAME.received.EXT next to it and fails with a line diff. To accept new output on purpose, run
/// the tests with EVPNC_ACCEPT=1 (README: "Accepting new output") and review the git diff.
/// </summary>
public static class Snapshot
{
    public static bool Accepting => Environment.GetEnvironmentVariable("EVPNC_ACCEPT") == "1";

    public static void Match(string verifiedPath, string actual)
    {
        string received = ReceivedPath(verifiedPath);
        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
            File.WriteAllBytes(verifiedPath, new UTF8Encoding(false).GetBytes(actual));
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        string? expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath, new UTF8Encoding(false)) : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllBytes(received, new UTF8Encoding(false).GetBytes(actual));
        Assert.Fail(expected is null
            ? $"No verified file {verifiedPath}; wrote {received}. Review it and run with EVPNC_ACCEPT=1 to accept."
            : $"{verifiedPath} differs from the output (written to {received}):\n{Diff(expected, actual)}\nRun with EVPNC_ACCEPT=1 to accept, then review the git diff.");
    }

    public static string Diff(string expected, string actual)
    {
        var model = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var sb = new StringBuilder();
        foreach (var line in model.Lines)
        {
            string prefix = line.Type switch { ChangeType.Inserted => "+ ", ChangeType.Deleted => "- ", _ => "  " };
            if (line.Type != ChangeType.Unchanged) sb.Append(prefix).Append(line.Text).Append('\n');
        }
        return sb.ToString();
    }

    private static string ReceivedPath(string verified)
    {
        string ext = Path.GetExtension(verified);
        return Path.Combine(Path.GetDirectoryName(verified)!, Path.GetFileNameWithoutExtension(verified) + ".received" + ext);
    }
}
