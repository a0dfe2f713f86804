using EvpnCompile.Core;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// The one reader of a compiling command's inputs, whatever the source: expands PATHS into files,
/// decodes them (strict UTF-8, a BOM dropped, the size limit), finds and reads the lock file, and
/// turns every problem into a diagnostic (EVPN002, EVPN004) at the file's start. A file found by
/// walking a folder is an input only when it claims to be evpnc (<see cref="InputClaim"/>); the others
/// are skipped and listed in <see cref="CompileInputs.Skipped"/>.
/// The lock lives at --lock, else in the first PATH when it is a folder, else beside the first PATH;
/// when the first PATH is `-` (standard input) there is no lock file unless --lock names one.
/// </summary>
public sealed class InputReader(InputSource source, InputPaths paths, LoadLimits limits)
{
    /// <summary>The working tree, with `-` as standard input; a build's output folder is never read as input.</summary>
    public static InputReader WorkingTree(CliContext context, LoadLimits limits, string? outputFolder = null) =>
        new(new StandardInputSource(context.In, new WorkingTreeSource(outputFolder is null ? [] : [outputFolder])),
            new InputPaths(context.WorkingDirectory), limits);

    /// <summary>Shown as the lock's path when there is none (standard input without --lock).</summary>
    public const string NoLockFile = "(no lock file)";

    /// <returns>a usage problem of these options, or null.</returns>
    public static string? UsageProblem(IReadOnlyList<string> args, string? lockOption, bool locked) =>
        locked && lockOption is null && args.Count > 0 && args[0] == InputPaths.StdinArgument
            ? "--locked and --check need --lock FILE when the input is standard input ('-'): there is no lock file to compare with"
            : null;

    public async Task<CompileInputs> ReadAsync(IReadOnlyList<string> args, string? lockOption, bool locked, CancellationToken cancellation)
    {
        var files = new List<SourceFile>();
        var failures = new List<Diagnostic>();
        var skipped = new List<string>();
        foreach (var arg in args)
        {
            string full = paths.FullPath(arg);
            var listing = await source.ListAsync(full, cancellation);
            if (listing.Problem is not null)
                failures.Add(DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(paths.DisplayPath(full)), listing.Problem));
            foreach (var file in listing.Files)
            {
                string shown = paths.DisplayPath(file);
                if (files.Any(f => f.Path == shown) || skipped.Contains(shown)) continue; // named twice on the command line
                var (text, failure) = await ReadTextAsync(file, shown, cancellation);
                bool named = file == full; // named on the command line (or standard input), not found in a folder
                if (failure is not null) failures.Add(failure);
                else if (!named && !InputClaim.Claims(text ?? "")) skipped.Add(shown);
                else files.Add(new SourceFile(shown, text ?? ""));
            }
            if (listing.Problem is null && listing.Files.Count > 0 && listing.Files.All(f => skipped.Contains(paths.DisplayPath(f))))
                failures.Add(DiagnosticCatalog.UnreadableInput(SourceSpan.FileStart(paths.DisplayPath(full)),
                    $"the folder holds no evpnc input: its {listing.Files.Count} YAML file(s) were skipped ({InputClaim.SkipReason}; -v lists them)"));
        }

        string? lockFull = LockPath(args, lockOption);
        string lockShown = lockFull is null ? NoLockFile : paths.DisplayPath(lockFull);
        SourceFile? lockFile = null;
        if (lockFull is not null)
        {
            var (text, failure) = await ReadTextAsync(lockFull, lockShown, cancellation, absentIsFine: true);
            if (failure is not null) failures.Add(failure);
            else if (text is not null) lockFile = new SourceFile(lockShown, text);
        }
        return new CompileInputs(new CompileRequest(files, lockFile, lockShown, locked, failures, limits), lockFull, files.Count,
            args.Contains(InputPaths.StdinArgument), skipped);
    }

    /// <summary>Whether the lock file still holds what <paramref name="read"/> compiled with (a build asks again under its output lock).</summary>
    public async Task<bool> LockUnchangedAsync(CompileInputs read, CancellationToken cancellation)
    {
        if (read.LockFullPath is null) return true;
        var (text, failure) = await ReadTextAsync(read.LockFullPath, read.LockDisplayPath, cancellation, absentIsFine: true);
        return failure is null && text == read.Request.Lock?.Text;
    }

    private string? LockPath(IReadOnlyList<string> args, string? lockOption)
    {
        if (lockOption is not null) return Path.GetFullPath(lockOption, paths.WorkingDirectory);
        if (args[0] == InputPaths.StdinArgument) return null;
        string first = paths.FullPath(args[0]);
        return Path.Combine(Directory.Exists(first) ? first : Path.GetDirectoryName(first)!, InputRule.LockFileName);
    }

    /// <returns>the text, or the failure; both null when the file is absent and <paramref name="absentIsFine"/>.</returns>
    private async Task<(string? Text, Diagnostic? Failure)> ReadTextAsync(string full, string shown, CancellationToken cancellation,
        bool absentIsFine = false)
    {
        var at = SourceSpan.FileStart(shown);
        var read = await source.ReadAsync(full, limits.MaxFileSize, cancellation);
        if (read.TooLarge) return (null, DiagnosticCatalog.TooLarge(at, "the file's size", limits.MaxFileSize));
        if (read.Error is not null) return (null, DiagnosticCatalog.UnreadableInput(at, $"cannot read the file: {read.Error}"));
        if (read.Bytes is null) return (null, absentIsFine ? null : DiagnosticCatalog.UnreadableInput(at, "no such file or folder"));
        return Decode(read.Bytes) is { } text ? (text, null) : (null, DiagnosticCatalog.UnreadableInput(at, $"the file is not valid UTF-8{source.Where}"));
    }

    private static readonly System.Text.UTF8Encoding strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Input bytes as text: strict UTF-8, a leading BOM dropped; null when the bytes are not UTF-8.</summary>
    public static string? Decode(byte[] bytes)
    {
        int skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try { return strictUtf8.GetString(bytes, skip, bytes.Length - skip); }
        catch (System.Text.DecoderFallbackException) { return null; }
    }
}
