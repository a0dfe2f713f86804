using System.Globalization;

namespace EvpnCompile.Core.Loading;

/// <summary>
/// Characters no key or value may hold. Checked before the schema because the schema's patterns are
/// .NET regexes, where `$` also matches before a final line break: "red\n" would pass `^[a-z]+$` and
/// carry a line break into frr.conf. Invisible and direction-changing characters are refused too, so
/// what a reviewer sees in a pull request is what evpnc reads.
/// </summary>
public static class ForbiddenCharacters
{
    public static (int Index, int CodePoint)? Find(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int cp = char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text, i) : text[i];
            if (IsForbidden(cp)) return (i, cp);
            if (cp > 0xFFFF) i++;
        }
        return null;
    }

    public static bool IsForbidden(int cp) =>
        cp < 0x20 || cp == 0x7F                                  // C0 controls (line breaks, tab, NUL), DEL
        || (cp >= 0x80 && cp <= 0x9F)                            // C1 controls
        || cp is 0x2028 or 0x2029                                // line and paragraph separators
        || (cp >= 0x200B && cp <= 0x200F)                        // zero-width spaces, joiners, direction marks
        || (cp >= 0x202A && cp <= 0x202E)                        // bidirectional embeddings and overrides
        || (cp >= 0x2066 && cp <= 0x2069)                        // bidirectional isolates
        || cp == 0xFEFF                                          // zero-width no-break space inside text
        || CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
}
