using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// A write-only stream that hashes (sha256) and counts what passes through it on its way to a file: a large
/// file (routes.json, manifest.json) is written and hashed in one pass, never held. It writes at its own offset
/// (pwrite(2)), with no buffer: the writers in front of it buffer.
/// </summary>
internal sealed class HashingStream(SafeFileHandle file) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => written;
    public override long Position { get => written; set => throw new NotSupportedException(); }

    /// <summary>The sha256 of everything written.</summary>
    public Hash32 Sha256()
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetCurrentHash(digest);
        return Hash32.From(digest);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        RandomAccess.Write(file, buffer, written);
        written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() { }   // nothing is buffered here
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}
