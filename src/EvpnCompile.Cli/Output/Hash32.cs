using System.Buffers.Binary;

namespace EvpnCompile.Cli.Output;

/// <summary>
/// A sha256 held in place (four longs), not as an array or as hex text: a build keeps two per file of the tree (the
/// fingerprint and the hash of the bytes), 505,000 files at 1000 hosts x 250 tenants, where an array and a hex string
/// each cost an object of their own (issue 14: bounded memory).
/// </summary>
public readonly record struct Hash32(long A, long B, long C, long D)
{
    public static Hash32 From(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) throw new ArgumentException("a sha256 is 32 bytes", nameof(bytes));
        return new(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]));
    }

    /// <exception cref="FormatException">not 64 hex digits.</exception>
    public static Hash32 FromHex(string hex)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32)
            throw new FormatException("a sha256 is 64 hex digits");
        return From(bytes);
    }

    public void CopyTo(Span<byte> bytes)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes, A);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], B);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], C);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[24..], D);
    }

    /// <summary>Lower-case hex, manifest.json's form.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[32];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public override string ToString() => ToHex();
}
