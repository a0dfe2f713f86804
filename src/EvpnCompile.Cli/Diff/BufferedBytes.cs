using CliWrap;

namespace EvpnCompile.Cli.Diff;

/// <summary>`git show` output as bytes, so invalid UTF-8 in a committed file is reported, not mangled.</summary>
internal static class BufferedBytes
{
    public sealed record Result(int ExitCode, byte[] Bytes);

    public static async Task<Result> ExecuteBufferedBytesAsync(this Command command, CancellationToken cancellation)
    {
        using var output = new MemoryStream();
        var result = await command.WithStandardOutputPipe(PipeTarget.ToStream(output)).ExecuteAsync(cancellation);
        return new Result(result.ExitCode, output.ToArray());
    }
}
