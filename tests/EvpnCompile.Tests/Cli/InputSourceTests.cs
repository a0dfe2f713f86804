using EvpnCompile.Cli.Inputs;
using EvpnCompile.Cli.Verify;
using EvpnCompile.Tests.Support;

namespace EvpnCompile.Tests.Cli;

/// <summary>
/// The working tree and a git revision are two sources of one reader: for the same committed folder
/// they list the same input files by the same rule and give the same bytes; only a missing PATH
/// differs (an error now, a path added since at a revision).
/// </summary>
public class InputSourceTests
{
    [Fact]
    public async Task Working_tree_and_git_revision_list_and_read_the_same_inputs()
    {
        Assert.NotNull(ToolRunner.Find("git"));
        using var work = new TempDir();
        foreach (var (path, text) in new[]
        {
            ("a.yaml", "a: 1\n"), ("b.yml", "b: 2\n"), ("notes.txt", "not yaml\n"), (".hidden.yaml", "h: 1\n"),
            (".cache/x.yaml", "x: 1\n"), ("sub/d.yaml", "d: 4\n"), ("sub/.h/e.yaml", "e: 5\n"), ("evpnc.lock.yaml", "nodes: {}\n"),
            ("sub/evpnc.lock.yaml", "nodes: {}\n"),
        })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(work.File(path))!);
            File.WriteAllText(work.File(path), text);
        }
        GitRepo.InitAndCommit(work.Path);
        string root = (await GitRevisionSource.FindRootAsync(ToolRunner.Find("git")!, work.Path, default))!;
        InputSource now = new WorkingTreeSource();
        InputSource atHead = new GitRevisionSource(ToolRunner.Find("git")!, root, "HEAD");
        var listedNow = await now.ListAsync(root, default);
        var listedAtHead = await atHead.ListAsync(root, default);
        Assert.Null(listedNow.Problem);
        Assert.Equal(["a.yaml", "b.yml", "sub/d.yaml"], listedNow.Files.Select(f => Path.GetRelativePath(root, f)));
        Assert.Equal(listedNow.Files, listedAtHead.Files);

        // A file named as PATH is read as given, whatever its name.
        string notes = Path.Combine(root, "notes.txt");
        Assert.Equal([notes], (await now.ListAsync(notes, default)).Files);
        Assert.Equal([notes], (await atHead.ListAsync(notes, default)).Files);
        foreach (var file in listedNow.Files.Append(notes))
            Assert.Equal((await now.ReadAsync(file, 1 << 20, default)).Bytes, (await atHead.ReadAsync(file, 1 << 20, default)).Bytes);

        // Too large is said, not read whole, by both.
        Assert.True((await now.ReadAsync(notes, 4, default)).TooLarge);
        Assert.True((await atHead.ReadAsync(notes, 4, default)).TooLarge);

        // A missing PATH: an error in the working tree, nothing at a revision (added since).
        string missing = Path.Combine(root, "tenants");
        Assert.Equal("no such file or folder", (await now.ListAsync(missing, default)).Problem);
        var atRevision = await atHead.ListAsync(missing, default);
        Assert.Null(atRevision.Problem);
        Assert.Empty(atRevision.Files);
    }
}
