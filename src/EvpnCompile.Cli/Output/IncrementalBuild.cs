using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using EvpnCompile.Core.Emit;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// `evpnc build` without --check/--verify: renders only the files whose fingerprint changed, one at a
/// time, and streams them to a staging folder beside OUT; never holds the tree. Files whose bytes did not
/// change are hard links to the old ones; the staged tree is swapped with OUT in one step (OutputTree), so a
/// killed build leaves the previous tree whole. When nothing changed, nothing is staged or written.
/// The result is the same tree, byte for byte, as <see cref="OutputPlan.Render"/> at any thread count.
/// </summary>
public static class IncrementalBuild
{
    private static readonly UTF8Encoding utf8 = new(false);

    private enum Outcome : byte { Same, Added, Changed }

    private readonly record struct FileResult(Outcome Outcome, BuildState.Entry Entry);

    private readonly record struct OldFile(long Size, long MtimeTicks);

    /// <summary>
    /// Where the planned files come from: <paramref name="Groups"/> groups (a node each) planned on demand from any thread and
    /// dropped once dealt with, then the rest (the fabric-wide files, planned once every group is done). Each list of files is
    /// fingerprinted by <paramref name="Fingerprint"/> (its inputs are the boundaries: a node's files share the node's digest).
    /// </summary>
    public sealed record PlanSource(int Groups, Func<int, IReadOnlyList<PlannedFile>> Group, Func<IReadOnlyList<PlannedFile>> Rest,
        Func<IReadOnlyList<PlannedFile>, RenderFingerprint> Fingerprint)
    {
        /// <summary>A plan held whole (tests, small trees): no groups, one fingerprint over every file.</summary>
        public static PlanSource Whole(IReadOnlyList<PlannedFile> plan, RenderFingerprint fingerprint) => new(0, _ => [], () => plan, _ => fingerprint);

        /// <summary>`evpnc build`: a node at a time (<see cref="NodeByNodePlan"/>), each node's files fingerprinted on their own.</summary>
        public static PlanSource NodeByNode(NodeByNodePlan plan, Func<PlannedFile, PlannedFile>? edit = null)
        {
            IReadOnlyList<PlannedFile> Edited(IReadOnlyList<PlannedFile> files) => edit is null ? files : files.Select(edit).ToList();
            return new(plan.NodeCount, i => Edited(plan.Node(i)), () => Edited(plan.Rest()), files => new RenderFingerprint(files));
        }
    }

    /// <param name="fingerprint">what each planned file is rendered from (built over <paramref name="plan"/>).</param>
    /// <param name="inputs">the hash of what the tree is built from (<see cref="InputsHash"/>), kept in the state.</param>
    public static TreeComparison Run(string outDir, IReadOnlyList<PlannedFile> plan, RenderFingerprint fingerprint,
        int maxParallelism = -1, BuildProgress? progress = null, string? inputs = null) =>
        Run(outDir, PlanSource.Whole(plan, fingerprint), maxParallelism, progress, inputs, commit: null)!;

    /// <param name="commit">called once every file is rendered and staged, before OUT changes: false stops the build (OUT, its
    /// state and staging are left as they were before; returns null). `evpnc build` reports the model checks' errors there, and
    /// writes the lock file when there are none.</param>
    public static TreeComparison? Run(string outDir, PlanSource source, int maxParallelism, BuildProgress? progress, string? inputs, Func<bool>? commit)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        string parent = Path.GetDirectoryName(outDir)!;
        string statePath = BuildState.PathFor(outDir);
        Directory.CreateDirectory(parent);
        OutputTree.RemoveAbandonedStaging(parent, Path.GetFileName(outDir));

        var heap = new HeapBound();
        if (source.Groups > 0) heap.Collect();
        // The walk of OUT and the state (half a million entries each at 1000 hosts) are read side by side.
        var reading = Task.Run(() => BuildState.Read(statePath));
        var existing = ReadTree(outDir);
        var read = reading.GetAwaiter().GetResult();
        var state = read.Files;
        var staging = new Staging(OutputTree.StagingPath(outDir));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism };
        try
        {
            // Nodes one at a time per thread: planned, fingerprinted, rendered where needed and dropped; only what the
            // manifest and the state need of each file is kept.
            var grouped = new Done[source.Groups][];
            if (source.Groups > 0) progress?.Phase("render", source.Groups, "nodes");
            Parallel.For(0, source.Groups, parallel, g =>
            {
                heap.Check();
                var files = source.Group(g);
                var fingerprint = source.Fingerprint(files);
                var done = new Done[files.Count];
                int wrote = 0;
                for (int k = 0; k < files.Count; k++)
                {
                    done[k] = Process(files[k], fingerprint, outDir, existing, state, staging);
                    if (done[k].Result.Outcome != Outcome.Same) wrote++;
                }
                grouped[g] = done;
                progress?.Done(files.Count, wrote);
            });
            heap.Check();
            var restDone = RenderRest(source, parallel, progress, outDir, existing, state, staging);
            heap.Check();
            var files = new List<Done>(grouped.Sum(g => g.Length) + restDone.Length + 1);
            for (int g = 0; g < grouped.Length; g++) { files.AddRange(grouped[g]); grouped[g] = []; }
            files.AddRange(restDone);
            var byPath = Comparer<Done>.Create((a, b) => string.CompareOrdinal(a.Path, b.Path));
            files.Sort(byPath);

            // The manifest lists every other file's hash: it is made from the results (streamed to staging, hashed as it
            // is written), and its fingerprint is its own hash.
            var manifestResult = One(OutputPlan.ManifestFile, null, null,
                stream => ManifestJson.WriteTo(files.Select(f => f.Manifest()), stream),
                outDir, existing, state, staging);
            progress?.Done(manifestResult.Outcome != Outcome.Same);
            if (commit is not null && !commit()) return null;

            // Every file of the tree, the manifest included, sorted by path: one list for the comparison and the state.
            var manifestDone = new Done(OutputPlan.ManifestFile, OutputKind.Manifest, null, null, false, null, null, manifestResult);
            files.Insert(~files.BinarySearch(manifestDone, byPath), manifestDone);
            var all = files;
            var produced = all.Select(x => x.Path).ToHashSet(StringComparer.Ordinal);
            var removed = existing.Keys.Where(p => !produced.Contains(p)).Order(StringComparer.Ordinal).ToList();
            var added = all.Where(x => x.Result.Outcome == Outcome.Added).Select(x => x.Path).ToList();
            var changed = all.Where(x => x.Result.Outcome == Outcome.Changed).Select(x => x.Path).ToList();
            var same = all.Where(x => x.Result.Outcome == Outcome.Same).Select(x => x.Path).ToHashSet(StringComparer.Ordinal);
            var comparison = new TreeComparison(outDir, added, changed, removed, same);

            if (!comparison.IsUnchanged)
            {
                progress?.Phase("link", same.Count);
                Parallel.ForEach(same, parallel, path =>
                {
                    staging.Link(Path.Combine(outDir, path), path);
                    progress?.Done(false);
                });
                progress?.Phase("swap", 1);
                OutputTree.SwapIn(staging.Root, outDir);
            }
            bool stale = read.Inputs != inputs || state.Count != all.Count
                || all.Any(x => !state.TryGetValue(x.Path, out var was) || was != x.Result.Entry);
            if (stale) BuildState.Write(statePath, inputs, all.Select(x => (x.Path, x.Result.Entry)));
            progress?.Finish();
            return comparison;
        }
        catch (AggregateException parallelFailure) when (parallelFailure.InnerExceptions.Count > 0)
        {
            // A failed write in a parallel loop: the caller reports the first I/O error (a full disk) as such.
            try { BuildState.Delete(statePath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(
                parallelFailure.Flatten().InnerExceptions.FirstOrDefault(e => e is IOException or UnauthorizedAccessException) ?? parallelFailure.InnerExceptions[0]).Throw();
            throw;
        }
        catch
        {
            // The new tree is not OUT: forget what the state says about files this build may have half replaced.
            try { BuildState.Delete(statePath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        finally
        {
            if (Directory.Exists(staging.Root)) OutputTree.DeleteTree(staging.Root);
        }
    }

    /// <summary>The fabric-wide files, once every node is done; what they read (routes, the page, its fingerprints) is dropped on return.</summary>
    private static Done[] RenderRest(PlanSource source, ParallelOptions parallel, BuildProgress? progress, string outDir,
        IReadOnlyDictionary<string, OldFile> existing, IReadOnlyDictionary<string, BuildState.Entry> state, Staging staging)
    {
        var rest = source.Rest();
        var print = source.Fingerprint(rest);
        progress?.Phase("render", rest.Count + 1);
        var done = new Done[rest.Count];
        Parallel.For(0, rest.Count, parallel, i =>
        {
            done[i] = Process(rest[i], print, outDir, existing, state, staging);
            progress?.Done(done[i].Result.Outcome != Outcome.Same);
        });
        return done;
    }

    /// <summary>
    /// What is kept of a file once it is dealt with: its manifest fields and its outcome, not its model. Held in place for
    /// every file of the tree, so a node file's target, the end of its path, is not kept twice (<see cref="TargetInPath"/>).
    /// </summary>
    private readonly record struct Done(string Path, OutputKind Kind, string? Node, string? Target, bool TargetInPath, string? Mode, string? Apply,
        FileResult Result)
    {
        public static Done Of(PlannedFile f, FileResult result)
        {
            // nodes/NODE + TARGET: the path of every node file (OutputPlan).
            bool inPath = f.Node is not null && f.Target is not null && f.Path.Length == "nodes/".Length + f.Node.Length + f.Target.Length
                && f.Path.EndsWith(f.Target, StringComparison.Ordinal) && f.Path.StartsWith("nodes/", StringComparison.Ordinal);
            return new(f.Path, f.Kind, f.Node, inPath ? null : f.Target, inPath, f.Mode, f.Apply, result);
        }

        public ManifestEntry Manifest() => new(Path, Kind, Node, TargetInPath ? Path[("nodes/".Length + Node!.Length)..] : Target,
            Result.Entry.Sha256.ToHex(), Mode, Apply);
    }

    private static Done Process(PlannedFile f, RenderFingerprint fingerprint, string outDir,
        IReadOnlyDictionary<string, OldFile> existing, IReadOnlyDictionary<string, BuildState.Entry> state, Staging staging) =>
        Done.Of(f, One(f.Path, Hash32.From(fingerprint.Of(f)), f.Render, f.WriteTo, outDir, existing, state, staging));

    /// <summary>
    /// The hash of everything a tree is built from: this evpnc (code and templates), every input file by
    /// path and text, and the lock file as this build leaves it. Same hash: same model, same tree.
    /// </summary>
    public static string InputsHash(IEnumerable<SourceFile> inputs, string? lockText)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(RenderFingerprint.Identity);
        void Add(string? s)
        {
            byte[] bytes = s is null ? [] : utf8.GetBytes(s);
            hash.AppendData(BitConverter.GetBytes((long)(s is null ? -1 : bytes.Length)));
            hash.AppendData(bytes);
        }
        foreach (var f in inputs.OrderBy(f => f.Path, StringComparer.Ordinal)) { Add(f.Path); Add(f.Text); }
        Add(lockText);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// What OUT and its state held when a build started: the state's header (read before the walk) and the
    /// digest of a walk of OUT. Taken while the inputs are read and compiled (the walk runs beside the
    /// compiler on another core); <see cref="UpToDate(string, string, TreeProbe?)"/> trusts it only while the
    /// state's header is still the one read before the walk.
    /// </summary>
    public sealed record TreeProbe(string? Inputs, string? RecordedTree, string Tree);

    /// <param name="threads">at most this many threads walk OUT (-1: as many as the runtime likes).</param>
    public static TreeProbe Probe(string outDir, int threads = -1)
    {
        var (inputs, recorded) = BuildState.ReadHeader(BuildState.PathFor(outDir));
        return new TreeProbe(inputs, recorded, recorded is null ? "" : TreeDigest.OfTree(outDir, threads).ToString());
    }

    /// <summary>
    /// Whether OUT is exactly what the state says the last build wrote from these same inputs: every
    /// file there, with its recorded size and mtime, and no other file (equal tree digests). Then there is
    /// nothing to lower, render or compare. Returns the number of files, or null when anything differs.
    /// </summary>
    /// <param name="probe">a walk taken earlier in this build (null: walk now). Call under the output lock.</param>
    public static long? UpToDate(string outDir, string inputs, TreeProbe? probe = null)
    {
        outDir = Path.GetFullPath(outDir).TrimEnd('/');
        var (nowInputs, nowTree) = BuildState.ReadHeader(BuildState.PathFor(outDir));
        if (nowInputs != inputs || nowTree is null) return null;
        // A build that finished between the probe and now rewrote the state (every build that changes OUT does,
        // under the lock this build now holds): then the probe says nothing about OUT, and the full path runs.
        probe ??= Probe(outDir);
        if (probe.Inputs != nowInputs || probe.RecordedTree != nowTree || probe.Tree != nowTree) return null;
        long count = long.Parse(nowTree[(nowTree.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return count == 0 ? null : count;
    }

    /// <summary>
    /// One file: skipped when its fingerprint and its file on disk are what the state recorded; else
    /// rendered, and written to staging unless its bytes equal the file in OUT. A streamed file
    /// (<paramref name="writeTo"/>) is written to staging as it is rendered, hashed on the way, and dropped
    /// from staging when its bytes equal the file in OUT.
    /// </summary>
    /// <param name="print">the fingerprint; null: the file's own sha256 (manifest.json), so it is never skipped unrendered.</param>
    private static FileResult One(string path, Hash32? print, Func<string>? render, Action<Stream>? writeTo, string outDir,
        IReadOnlyDictionary<string, OldFile> existing, IReadOnlyDictionary<string, BuildState.Entry> state, Staging staging)
    {
        bool onDisk = existing.TryGetValue(path, out var now);
        // Trusted: the file is still the one the state describes (same size and mtime as when it was written).
        BuildState.Entry? was = null;
        if (onDisk && state.TryGetValue(path, out var recorded) && recorded.Size == now!.Size && recorded.MtimeTicks == now.MtimeTicks) was = recorded;
        if (print is { } p && was is { } trusted && trusted.Fingerprint == p)
            return new FileResult(Outcome.Same, trusted);

        if (writeTo is not null)
        {
            var (sha, size, mtime) = staging.Stream(path, writeTo);
            var fingerprint = print ?? sha;
            if (onDisk && (was is { } w ? w.Sha256 == sha : now!.Size == size && Sha256Of(Path.Combine(outDir, path)) == sha))
            {
                staging.Discard(path);
                return new FileResult(Outcome.Same, new BuildState.Entry(fingerprint, sha, now!.Size, now.MtimeTicks));
            }
            return new FileResult(onDisk ? Outcome.Changed : Outcome.Added, new BuildState.Entry(fingerprint, sha, size, mtime));
        }

        byte[] bytes = utf8.GetBytes(render!());
        var hash = Hash32.From(SHA256.HashData(bytes));
        var fingerprintOrHash = print ?? hash;
        if (onDisk && (was is { } old ? old.Sha256 == hash : File.ReadAllBytes(Path.Combine(outDir, path)).AsSpan().SequenceEqual(bytes)))
            return new FileResult(Outcome.Same, new BuildState.Entry(fingerprintOrHash, hash, now!.Size, now.MtimeTicks));
        var (written, time) = staging.Write(path, bytes);
        return new FileResult(onDisk ? Outcome.Changed : Outcome.Added, new BuildState.Entry(fingerprintOrHash, hash, written, time));
    }

    private static Hash32 Sha256Of(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Hash32.From(SHA256.HashData(stream));
    }

    /// <summary>Every file under OUT with its size and mtime, from one walk of the tree (node folders in parallel).</summary>
    private static Dictionary<string, OldFile> ReadTree(string outDir)
    {
        var parts = TreeWalk.Parts(outDir, () => new List<(string, OldFile)>(), (list, path, size, mtime) => list.Add((path, new OldFile(size, mtime))));
        var files = new Dictionary<string, OldFile>(parts.Sum(p => p.Count), StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (path, file) in part) files[path] = file;
        return files;
    }

    /// <summary>The staging folder, created when the first file is written to it.</summary>
    private sealed class Staging(string root)
    {
        private readonly ConcurrentDictionary<string, bool> folders = new(StringComparer.Ordinal);

        public string Root { get; } = root;

        private string Prepare(string path)
        {
            string target = Path.Combine(Root, path);
            string dir = Path.GetDirectoryName(target)!;
            if (!folders.ContainsKey(dir)) { Directory.CreateDirectory(dir); folders[dir] = true; }
            return target;
        }

        public (long Size, long MtimeTicks) Write(string path, byte[] bytes)
        {
            string target = Prepare(path);
            File.WriteAllBytes(target, bytes);
            return (bytes.Length, File.GetLastWriteTimeUtc(target).Ticks);
        }

        /// <summary>A streamed file: written to staging as <paramref name="writeTo"/> produces it, hashed on the way.</summary>
        public (Hash32 Sha256, long Size, long MtimeTicks) Stream(string path, Action<Stream> writeTo)
        {
            string target = Prepare(path);
            Hash32 sha;
            long size;
            long mtime;
            // No buffer of its own: the writers buffer (a template's StreamWriter, routes.json's Utf8JsonWriter drained every 64 KiB).
            using (var file = NativeFiles.CreateForWriting(target))
            using (var hashing = new HashingStream(file))
            {
                writeTo(hashing);
                sha = hashing.Sha256();
                size = hashing.Length;
                mtime = File.GetLastWriteTimeUtc(file).Ticks;   // the last write is done: close(2) does not change it
            }
            return (sha, size, mtime);
        }

        /// <summary>A streamed file whose bytes turned out to equal OUT's: not part of the staged tree.</summary>
        public void Discard(string path) => File.Delete(Path.Combine(Root, path));

        /// <summary>An unchanged file: a hard link to the old one (a copy with its mtime where links are impossible).</summary>
        public void Link(string old, string path)
        {
            string target = Prepare(path);
            if (NativeFiles.TryHardLink(old, target)) return;
            File.Copy(old, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(old));
        }
    }
}
