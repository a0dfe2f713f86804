using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Input;
using C = EvpnCompile.Core.Diagnostics.DiagnosticCatalog;

namespace EvpnCompile.Core.Semantics;

/// <summary>VXLAN adds 50 bytes (outer Ethernet 14, IP 20, UDP 8, VXLAN 8) to every tenant frame.</summary>
public static class MtuCheck
{
    public static void Check(InputSet input, DiagnosticSink sink)
    {
        if (input.Fabric is not { } f) return;
        if (f.OverlayMtu > f.UnderlayMtu - Limits.VxlanOverhead)
            sink.Add(C.Mtu(f.Doc.Value("/spec/overlay/mtu"), f.OverlayMtu, f.UnderlayMtu));
    }
}
