using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Linq.Expressions;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EvpnCompile.Core.Emit;

/// <summary>
/// What a file was rendered from, as a sha256: this evpnc's code and templates (<see cref="Identity"/>),
/// the file's path and manifest fields, its renderer and everything reachable from its input through
/// public properties and fields. Generic over the model: it walks whatever records the model holds
/// (new model parts are covered without being listed here), so a file whose fingerprint did not change
/// renders to the same bytes, and an incremental build may skip it.
/// </summary>
/// <remarks>
/// The inputs of all planned files are boundaries: inside another input (a node inside the whole model)
/// a boundary is hashed as its own digest, computed once. So the whole model's digest reuses every node's,
/// and the bytes hashed never depend on which file asked first (the set of boundaries is fixed by the plan).
/// </remarks>
public sealed class RenderFingerprint
{
    private readonly byte[] identity;
    private readonly HashSet<object> boundaries = new(ReferenceEqualityComparer.Instance);

    // The types of the boundaries: most objects of a walk (prefix-list entries, ranges) are of no such type, and a
    // type lookup spares them the identity-hash lookup (5 s CPU of a 200 x 250 edit build before).
    private readonly HashSet<Type> boundaryTypes = [];
    private readonly ConcurrentDictionary<object, Lazy<byte[]>> digests = new(ReferenceEqualityComparer.Instance);

    public RenderFingerprint(IEnumerable<PlannedFile> plan, byte[]? identityOverride = null)
    {
        identity = identityOverride ?? Identity;
        foreach (var f in plan)
            if (f.Input.GetType() is { IsValueType: false } t && t != typeof(string)) { boundaries.Add(f.Input); boundaryTypes.Add(t); }
    }

    /// <summary>This build of evpnc: the core assembly (its code, with the templates embedded in it) and every template's text.</summary>
    public static byte[] Identity { get; } = ComputeIdentity();

    private static byte[] ComputeIdentity()
    {
        var assembly = typeof(RenderFingerprint).Assembly;
        var sb = new StringBuilder();
        sb.Append(assembly.ManifestModule.ModuleVersionId.ToString("N")).Append('\n');
        sb.Append(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion).Append('\n');
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(EmbeddedTemplateLoader.Root, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            sb.Append(name).Append('\n').Append(EmbeddedTemplateLoader.Read(name)).Append('\0');
        return SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>The fingerprint of one planned file (32 bytes).</summary>
    public byte[] Of(PlannedFile file)
    {
        var w = new Writer(this);
        w.Bytes(identity);
        foreach (var s in new[] { file.Path, file.Kind.ToString(), file.Node, file.Target, file.Mode, file.Apply, file.Renderer }) w.String(s);
        w.Bytes(Digest(file.Input));
        return w.Hash();
    }

    /// <summary>The digest of everything reachable from <paramref name="value"/>; memoised for boundaries.</summary>
    public byte[] Digest(object value)
    {
        if (!boundaryTypes.Contains(value.GetType()) || !boundaries.Contains(value)) return Compute(value);
        return digests.GetOrAdd(value, v => new Lazy<byte[]>(() => Compute(v))).Value;
    }

    private byte[] Compute(object value)
    {
        var w = new Writer(this);
        w.Object(value, 0, root: true);
        return w.Hash();
    }

    /// <summary>Hashes as it goes: a 64 KiB buffer flushed into the hash, so a large input (every route of the
    /// fabric) never sits in memory as one serialisation. The buffer is rented (a writer per file would otherwise
    /// allocate and zero 64 KiB: 6 GB for the 100,000 files of 200 hosts x 250 tenants), and an input that fits it,
    /// most of them, is hashed in one call without an incremental hash.</summary>
    private sealed class Writer(RenderFingerprint owner)
    {
        private const int MaxDepth = 64;
        private const int Chunk = 1 << 16;
        private byte[] buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        private int written;
        private IncrementalHash? hash;

        public byte[] Hash()
        {
            byte[] digest;
            if (hash is null) digest = SHA256.HashData(buffer.AsSpan(0, written));
            else
            {
                hash.AppendData(buffer, 0, written);
                digest = hash.GetHashAndReset();
                hash.Dispose();
                hash = null;
            }
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            written = 0;
            return digest;
        }

        private void Drain()
        {
            hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(buffer, 0, written);
            written = 0;
        }

        private void Flush()
        {
            if (written >= Chunk - 64) Drain();
        }

        private Span<byte> Take(int n) => buffer.AsSpan(written, n);

        private void Tag(byte tag) { buffer[written++] = tag; Flush(); }

        public void Long(long v) { BinaryPrimitives.WriteInt64LittleEndian(Take(8), v); written += 8; Flush(); }

        public void Bool(bool v) => Tag(v ? (byte)3 : (byte)2);

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Long(bytes.Length);
            if (bytes.Length > Chunk - 64 - written)
            {
                Drain();
                if (bytes.Length > Chunk - 64) { hash!.AppendData(bytes); return; }
            }
            bytes.CopyTo(Take(bytes.Length));
            written += bytes.Length;
            Flush();
        }

        public void String(string? s)
        {
            if (s is null) { Tag(0); return; }
            Tag(1);
            Bytes(MemoryMarshal.AsBytes(s.AsSpan()));
        }

        public void Object(object? value, int depth, bool root = false)
        {
            if (depth > MaxDepth) throw new InvalidOperationException($"the render model nests deeper than {MaxDepth} levels (a cycle?)");
            switch (value)
            {
                case null: Tag(0); return;
                case string s: String(s); return;
                case bool b: Bool(b); return;
                case Enum e: Tag(4); Long(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)); return;
                case double d: Tag(5); Long(BitConverter.DoubleToInt64Bits(d)); return;
                case float f: Tag(5); Long(BitConverter.DoubleToInt64Bits(f)); return;
                case decimal m: Tag(6); String(m.ToString(System.Globalization.CultureInfo.InvariantCulture)); return;
                case ulong u: Tag(7); Long(unchecked((long)u)); return;
                case IConvertible c when value.GetType().IsPrimitive: Tag(7); Long(c.ToInt64(System.Globalization.CultureInfo.InvariantCulture)); return;
            }
            if (!root && owner.boundaryTypes.Contains(value.GetType()) && owner.boundaries.Contains(value)) { Tag(8); Bytes(owner.Digest(value)); return; }
            if (value is IEnumerable items)
            {
                Tag(9);
                foreach (var item in items) { Tag(10); Object(item, depth + 1); }
                Tag(11);
                return;
            }
            var shape = Shape.Of(value.GetType());
            Tag(12);
            Long(shape.TypeId);
            if (shape.Write is null) String(value.ToString());   // an opaque value (no public state): its text
            else shape.Write(this, value, depth + 1);
        }
    }

    /// <summary>
    /// How to hash one type: its public instance properties (no indexers) and fields in declaration order,
    /// read by a compiled delegate (reflection per value would cost more than rendering).
    /// </summary>
    private sealed class Shape
    {
        private static readonly ConcurrentDictionary<Type, Shape> cache = new();

        /// <summary>The type's full name, hashed: stable across runs, unlike a Type's runtime handle.</summary>
        public long TypeId { get; private init; }

        public Action<Writer, object, int>? Write { get; private init; }

        public static Shape Of(Type type) => cache.GetOrAdd(type, Build);

        private static Shape Build(Type type)
        {
            long id = BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(type.FullName ?? type.Name)));
            var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic).Select(p => (MemberInfo)p)
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance))
                .OrderBy(m => m.MetadataToken).ToList();
            if (members.Count == 0) return new Shape { TypeId = id };
            var writer = Expression.Parameter(typeof(Writer), "w");
            var boxed = Expression.Parameter(typeof(object), "o");
            var depth = Expression.Parameter(typeof(int), "d");
            var typed = Expression.Variable(type, "v");
            var body = new List<Expression> { Expression.Assign(typed, Expression.Convert(boxed, type)) };
            foreach (var m in members)
            {
                Expression access = m is PropertyInfo p ? Expression.Property(typed, p) : Expression.Field(typed, (FieldInfo)m);
                var t = access.Type;
                if (t == typeof(string)) body.Add(Expression.Call(writer, nameof(Writer.String), null, access));
                else if (t == typeof(bool)) body.Add(Expression.Call(writer, nameof(Writer.Bool), null, access));
                else if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ushort) || t == typeof(sbyte))
                    body.Add(Expression.Call(writer, nameof(Writer.Long), null, Expression.Convert(access, typeof(long))));
                else body.Add(Expression.Call(writer, nameof(Writer.Object), null, Expression.Convert(access, typeof(object)), depth, Expression.Constant(false)));
            }
            var lambda = Expression.Lambda<Action<Writer, object, int>>(Expression.Block([typed], body), writer, boxed, depth);
            return new Shape { TypeId = id, Write = lambda.Compile() };
        }
    }
}
