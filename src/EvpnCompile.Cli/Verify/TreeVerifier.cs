using System.Text.Json;
using EvpnCompile.Core.Audit;
using EvpnCompile.Core.Emit;

namespace EvpnCompile.Cli.Verify;

/// <summary>
/// Runs every validator over a rendered tree: the real programs per file (in parallel, bounded by
/// the cores), the offline Kubernetes schema check, and the fabric-wide FRR audit. A validator that
/// cannot run here is reported as skipped for each file it would have read, never as passed.
/// Files are chosen by their kind as the tree's manifest.json records it, never by their path.
/// </summary>
public static class TreeVerifier
{
    public static IReadOnlyList<IFileValidator> ProgramValidators() =>
        [new VtyshValidator(), new Ifupdown2Validator(), new NetplanValidator(), new NetworkdValidator(), new SysctlValidator(), new NftablesValidator(), new SystemdUnitValidator(),
         new CniValidator("bridge"), new CniValidator("host-local")];

    /// <param name="against">a previous tree: frr.conf files present in both get the frr-reload delta.</param>
    public static Task<IReadOnlyList<VerifyReport>> VerifyAsync(string root, string? against, CancellationToken cancellation = default) =>
        VerifyAsync(root, against, ProgramValidators(), cancellation);

    /// <param name="validators">the programs to run (tests pass their own to prove a missing one is a skip).</param>
    public static async Task<IReadOnlyList<VerifyReport>> VerifyAsync(string root, string? against, IReadOnlyList<IFileValidator> validators,
        CancellationToken cancellation = default)
    {
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var reports = new List<VerifyReport>();
        var kinds = await Kinds(root, reports, cancellation);
        List<string> Of(OutputKind kind) => paths.Where(p => kinds.GetValueOrDefault(p) == kind).ToList();
        var work = new List<Func<Task<VerifyReport>>>();
        foreach (var validator in validators)
            foreach (var path in paths.Where(p => kinds.GetValueOrDefault(p) is { } k && validator.Reads(k)))
            {
                if (validator.Unavailable is { } why) reports.Add(VerifyReport.Skip(validator.Name, path, why));
                else work.Add(() => validator.CheckAsync(root, path, cancellation));
            }
        if (against is not null)
        {
            var reload = new FrrReloadDelta();
            foreach (var path in Of(OutputKind.FrrConf))
            {
                string old = Path.Combine(against, path);
                if (!File.Exists(old)) reports.Add(VerifyReport.Pass(reload.Name, path, "new node: no previous frr.conf"));
                else if (reload.Unavailable is { } why) reports.Add(VerifyReport.Skip(reload.Name, path, why));
                else work.Add(() => reload.CheckAsync(old, root, path, cancellation));
            }
        }

        using var gate = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
        var running = work.Select(async run =>
        {
            await gate.WaitAsync(cancellation);
            try { return await run(); }
            finally { gate.Release(); }
        }).ToList();
        reports.AddRange(await Task.WhenAll(running));

        foreach (var path in Of(OutputKind.Kubernetes))
            reports.Add(KubernetesManifestCheck.Check(path, await File.ReadAllTextAsync(Path.Combine(root, path), cancellation)));
        var frrConfs = new List<(string, string)>();
        foreach (var path in Of(OutputKind.FrrConf))
            frrConfs.Add((path, await File.ReadAllTextAsync(Path.Combine(root, path), cancellation)));
        reports.AddRange(FrrAudit.Check(frrConfs));

        reports.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Path, b.Path);
            return c != 0 ? c : string.CompareOrdinal(a.Validator, b.Validator);
        });
        return reports;
    }

    /// <summary>
    /// Each file's kind from the tree's manifest.json. A tree without a readable manifest is not one
    /// evpnc rendered: that is a finding (nothing else can be chosen), never a silent pass.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, OutputKind?>> Kinds(string root, List<VerifyReport> reports, CancellationToken cancellation)
    {
        const string manifest = "manifest.json";
        string? problem;
        try
        {
            return ManifestJson.Kinds(await File.ReadAllTextAsync(Path.Combine(root, manifest), cancellation));
        }
        catch (FileNotFoundException) { problem = "missing: verify reads each file's kind from it (is this a tree evpnc rendered?)"; }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = $"not a manifest evpnc wrote ({e.Message})";
        }
        reports.Add(VerifyReport.Fail("manifest", manifest, [new VerifyFinding(manifest, 1, 1, problem)]));
        return new Dictionary<string, OutputKind?>(StringComparer.Ordinal);
    }
}
