using EvpnCompile.Core;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Inputs;

/// <summary>
/// Everything a compiling command shares: read PATHS, find and read the lock file, compile.
/// The lock lives in the first PATH when it is a folder, else beside the first PATH (or at --lock).
/// </summary>
public sealed class CompileInputs
{
    public required CompileResult Result { get; init; }

    /// <summary>Set by <see cref="Build"/>: the rendered tree (or why there is none).</summary>
    public BuildResult? Built { get; init; }
    public required string LockFullPath { get; init; }
    public required string LockDisplayPath { get; init; }
    public required int FileCount { get; init; }

    public static CompileInputs Compile(string workingDirectory, IReadOnlyList<string> paths, string? lockOption, bool locked,
        LoadLimits? limits = null) =>
        Run(workingDirectory, paths, lockOption, locked, outputFolder: null, limits ?? LoadLimits.Default);

    /// <param name="outputFolder">the build's output folder, which is never read as input.</param>
    public static CompileInputs Build(string workingDirectory, IReadOnlyList<string> paths, string? lockOption, bool locked, string outputFolder,
        LoadLimits? limits = null) =>
        Run(workingDirectory, paths, lockOption, locked, outputFolder, limits ?? LoadLimits.Default, build: true);

    /// <summary>Build in memory only (diff, explain): nothing is excluded from the inputs, nothing is written.</summary>
    public static CompileInputs BuildInMemory(string workingDirectory, IReadOnlyList<string> paths, string? lockOption, LoadLimits? limits = null,
        bool locked = false) =>
        Run(workingDirectory, paths, lockOption, locked, outputFolder: null, limits ?? LoadLimits.Default, build: true);

    /// <summary>Where the lock of these PATHS lives: --lock, else the first PATH if it is a folder, else beside it.</summary>
    public static string LockPath(InputCollector collector, IReadOnlyList<string> paths, string? lockOption) =>
        lockOption is not null
            ? collector.FullPath(lockOption)
            : Path.Combine(DefaultLockFolder(collector, paths[0]), InputCollector.LockFileName);

    private static CompileInputs Run(string workingDirectory, IReadOnlyList<string> paths, string? lockOption, bool locked, string? outputFolder,
        LoadLimits limits, bool build = false)
    {
        var collector = new InputCollector(workingDirectory, outputFolder is null ? [] : [outputFolder], limits.MaxFileSize);
        foreach (var path in paths) collector.Add(path);

        string lockFull = LockPath(collector, paths, lockOption);
        string lockShown = collector.DisplayPath(lockFull);

        SourceFile? lockFile = null;
        var failures = new List<Diagnostic>(collector.Failures);
        if (File.Exists(lockFull))
        {
            if (InputCollector.TryReadText(lockFull, lockShown, limits.MaxFileSize, out var text, out var failure)) lockFile = new SourceFile(lockShown, text);
            else failures.Add(failure!);
        }

        var request = new CompileRequest(collector.Files, lockFile, lockShown, locked, failures, limits);
        var built = build ? Compiler.Build(request) : null;
        var result = built?.Compile ?? Compiler.Compile(request);
        return new CompileInputs { Result = result, Built = built, LockFullPath = lockFull, LockDisplayPath = lockShown, FileCount = collector.Files.Count };
    }

    private static string DefaultLockFolder(InputCollector collector, string firstPath)
    {
        string full = collector.FullPath(firstPath);
        return Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
    }
}
