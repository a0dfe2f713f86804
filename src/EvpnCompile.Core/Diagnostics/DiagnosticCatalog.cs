using EvpnCompile.Core.Text;

namespace EvpnCompile.Core.Diagnostics;

/// <summary>
/// Every diagnostic evpnc can report: its stable code, severity, title and message text.
/// Codes are never reused or renumbered; the README's table is this list.
/// </summary>
public static class DiagnosticCatalog
{
    public sealed record Entry(string Code, Severity Severity, string Title);

    private static readonly List<Entry> entries = [];

    private static Entry E(string code, Severity severity, string title)
    {
        var e = new Entry(code, severity, title);
        entries.Add(e);
        return e;
    }

    private static Diagnostic D(Entry e, SourceSpan at, string message) => new(e.Code, e.Severity, at, message);

    // ---- files and YAML ----
    public static readonly Entry YamlSyntaxEntry = E("EVPN001", Severity.Error, "YAML syntax error");
    public static readonly Entry UnreadableInputEntry = E("EVPN002", Severity.Error, "input path missing, unreadable or not UTF-8");
    public static readonly Entry UnsupportedYamlEntry = E("EVPN003", Severity.Error, "YAML feature evpnc does not accept (custom tags, complex keys)");
    public static readonly Entry InputLimitEntry = E("EVPN004", Severity.Error, "input exceeds a size, depth or alias-expansion limit");
    public static readonly Entry DuplicateKeyEntry = E("EVPN005", Severity.Error, "the same key twice in one mapping");
    public static readonly Entry UnwritableOutputEntry = E("EVPN006", Severity.Error, "an output file cannot be written");
    public static readonly Entry ForbiddenCharacterEntry = E("EVPN007", Severity.Error, "a key or value holds a control or invisible character");

    // ---- schema (one code per rule family) ----
    public static readonly Entry SchemaTypeEntry = E("EVPN010", Severity.Error, "value has the wrong type");
    public static readonly Entry SchemaRequiredEntry = E("EVPN011", Severity.Error, "required property missing");
    public static readonly Entry SchemaUnknownPropertyEntry = E("EVPN012", Severity.Error, "unknown property");
    public static readonly Entry SchemaEnumEntry = E("EVPN013", Severity.Error, "value is not one of the allowed values");
    public static readonly Entry SchemaPatternEntry = E("EVPN014", Severity.Error, "text does not have the required form");
    public static readonly Entry SchemaRangeEntry = E("EVPN015", Severity.Error, "number out of range");
    public static readonly Entry SchemaSizeEntry = E("EVPN016", Severity.Error, "text or list too short or too long");
    public static readonly Entry SchemaUniqueEntry = E("EVPN017", Severity.Error, "list has the same item twice");
    public static readonly Entry SchemaOtherEntry = E("EVPN018", Severity.Error, "value does not satisfy the schema");

    // ---- documents ----
    public static readonly Entry NoFabricEntry = E("EVPN020", Severity.Error, "no Fabric document");
    public static readonly Entry SecondFabricEntry = E("EVPN021", Severity.Error, "more than one Fabric document");
    public static readonly Entry DuplicateNameEntry = E("EVPN022", Severity.Error, "two documents of one kind with the same name");

    // ---- references ----
    public static readonly Entry UnknownLinkNodeEntry = E("EVPN030", Severity.Error, "link end names an unknown node");
    public static readonly Entry PortReusedEntry = E("EVPN031", Severity.Error, "a node's port is used by two links");
    public static readonly Entry SelfLinkEntry = E("EVPN032", Severity.Error, "link joins a node to itself");
    public static readonly Entry UnknownTenantNodeEntry = E("EVPN033", Severity.Error, "tenant names an unknown node");
    public static readonly Entry UnknownTenantEntry = E("EVPN034", Severity.Error, "import/export names an unknown tenant");
    public static readonly Entry TenantOnLeafEntry = E("EVPN035", Severity.Error, "tenant placed on a leaf");
    public static readonly Entry TenantWithoutHostsEntry = E("EVPN036", Severity.Warning, "tenant lands on no host");
    public static readonly Entry NodesAndSelectorEntry = E("EVPN037", Severity.Error, "both nodes and nodeSelector given");
    public static readonly Entry NetworkPolicyTooLargeEntry = E("EVPN038", Severity.Error, "a tenant's NetworkPolicies would name too many namespaces");
    public static readonly Entry ReservedNamespaceEntry = E("EVPN039", Severity.Error, "namespace belongs to Kubernetes itself");

    // ---- uniqueness ----
    public static readonly Entry DuplicateLoopbackEntry = E("EVPN040", Severity.Error, "two nodes share a loopback");
    public static readonly Entry DuplicateAsnEntry = E("EVPN041", Severity.Error, "a host shares its ASN with another node");
    public static readonly Entry DuplicateVniEntry = E("EVPN042", Severity.Error, "a VNI (and so its route target) is used twice");
    public static readonly Entry DuplicateTableEntry = E("EVPN043", Severity.Error, "two VRFs on one host share a kernel table");
    public static readonly Entry DuplicateNamespaceEntry = E("EVPN044", Severity.Error, "a Kubernetes namespace claimed by two tenants");
    public static readonly Entry InterfaceClashEntry = E("EVPN045", Severity.Error, "two interfaces of one node would share a name");
    public static readonly Entry ReservedTenantNameEntry = E("EVPN046", Severity.Error, "tenant name is reserved");
    public static readonly Entry DuplicateL2NameEntry = E("EVPN047", Severity.Error, "two L2 networks of a tenant share a name");
    public static readonly Entry DuplicateRouterMacEntry = E("EVPN048", Severity.Error, "two nodes share a router MAC");
    public static readonly Entry NetworkNameClashEntry = E("EVPN049", Severity.Error, "two tenant networks would share a network attachment name");

    // ---- Linux limits ----
    // EVPN050 is not used: every name evpnc creates is built from a VNI and fits 15 characters by
    // construction (DeviceNames, unit-tested), and link interface names are bounded by the schema (EVPN014).
    public static readonly Entry ReservedTableEntry = E("EVPN051", Severity.Error, "kernel table id is reserved");
    public static readonly Entry TableOutsideIfupdown2Entry = E("EVPN052", Severity.Error, "VRF table outside 1001..5000 on an ifupdown2 host");

    // ---- addressing ----
    public static readonly Entry OverlappingSubnetsEntry = E("EVPN060", Severity.Error, "subnets of one tenant overlap");
    public static readonly Entry BadGatewayEntry = E("EVPN061", Severity.Error, "gateway is not a usable address of its subnet");
    public static readonly Entry BlocksDoNotFitEntry = E("EVPN062", Severity.Error, "per-node blocks do not fit the subnet");
    public static readonly Entry LoopbackNotHostEntry = E("EVPN063", Severity.Error, "loopback is not a host address");
    public static readonly Entry HostBitsSetEntry = E("EVPN064", Severity.Error, "prefix has host bits set");
    public static readonly Entry MacNotUnicastEntry = E("EVPN065", Severity.Error, "MAC address is not unicast");
    public static readonly Entry MeetingSubnetsOverlapEntry = E("EVPN066", Severity.Error, "subnets of two tenants whose routes meet in one VRF overlap");
    public static readonly Entry Ipv6FormEntry = E("EVPN067", Severity.Error, "IPv6 address or prefix is malformed or not in canonical form");
    public static readonly Entry Ipv6SpaceEntry = E("EVPN068", Severity.Error, "IPv6 address or prefix outside unique local and global unicast space");

    // ---- MTU ----
    public static readonly Entry MtuEntry = E("EVPN070", Severity.Error, "overlay MTU leaves no room for VXLAN headers");

    // ---- consent ----
    public static readonly Entry ImportWithoutConsentEntry = E("EVPN080", Severity.Error, "import of a tenant that does not export to this one");
    public static readonly Entry OneWayExportEntry = E("EVPN081", Severity.Warning, "export that the other tenant does not import");
    public static readonly Entry SelfImportEntry = E("EVPN082", Severity.Error, "tenant imports or exports to itself");

    // ---- pools ----
    public static readonly Entry PoolExhaustedEntry = E("EVPN090", Severity.Error, "pool exhausted");
    public static readonly Entry BadPoolEntry = E("EVPN091", Severity.Error, "pool range is invalid");
    public static readonly Entry PoolsOverlapEntry = E("EVPN092", Severity.Error, "L2 and L3 VNI pools overlap");
    public static readonly Entry RetiredValueReusedEntry = E("EVPN093", Severity.Warning, "explicit value was retired from a deleted owner");

    // ---- lock file ----
    public static readonly Entry LockOutOfDateEntry = E("EVPN100", Severity.Error, "lock file needs a change but --locked was given");
    public static readonly Entry LockMalformedEntry = E("EVPN101", Severity.Error, "lock file cannot be read");

    // ---- model cross-checks (before rendering; each guards an invariant of the lowering) ----
    public static readonly Entry ModelMissingDeviceEntry = E("EVPN110", Severity.Error, "rendered config would reference a device the node lacks");
    public static readonly Entry ModelDeviceClashEntry = E("EVPN111", Severity.Error, "two devices of a node share a name or a VNI");
    public static readonly Entry ModelVrfVniEntry = E("EVPN112", Severity.Error, "a VRF without exactly one L3VNI");
    public static readonly Entry ModelImportWithoutConsentEntry = E("EVPN113", Severity.Error, "a VRF imports a route target without its owner's consent");
    public static readonly Entry ModelEncapEntry = E("EVPN114", Severity.Error, "a route would be sent in a VNI its VTEP does not carry");

    // ---- topology: spines, borders and tenants that reach the outside ----
    public static readonly Entry UnknownBorderEntry = E("EVPN120", Severity.Error, "external names a node that is not a border");
    public static readonly Entry UplinkVlanClashEntry = E("EVPN121", Severity.Error, "two external tenants share a VLAN on one uplink");
    public static readonly Entry TransferTooSmallEntry = E("EVPN122", Severity.Error, "transfer network too small for the tenant's uplinks");
    public static readonly Entry TransferOverlapEntry = E("EVPN123", Severity.Error, "transfer network overlaps a tenant's addresses or another transfer");
    public static readonly Entry ExternalWithoutBorderEntry = E("EVPN124", Severity.Error, "tenant has external but no border to leave through");
    public static readonly Entry RacksWithoutSpineEntry = E("EVPN125", Severity.Error, "leaves of several racks and no spine");
    public static readonly Entry UplinksNotOnBorderEntry = E("EVPN126", Severity.Error, "uplinks on a node that is not a border");

    // ---- the FRR audit of rendered frr.conf text (evpnc verify; what `vtysh -C` lets through) ----
    public static readonly Entry AuditUndefinedReferenceEntry = E("EVPN201", Severity.Error, "frr.conf uses a route-map, prefix-list or BFD profile it does not define");
    public static readonly Entry AuditUndeclaredNeighborEntry = E("EVPN202", Severity.Error, "frr.conf names a neighbor or peer-group its BGP instance has not declared");
    public static readonly Entry AuditRouteDistinguisherEntry = E("EVPN203", Severity.Error, "malformed rd in frr.conf");
    public static readonly Entry AuditRouteTargetEntry = E("EVPN204", Severity.Error, "malformed or unsupported route-target in frr.conf");
    public static readonly Entry AuditTopLevelVniEntry = E("EVPN205", Severity.Error, "a vni outside any vrf block: the default VRF's L3VNI");
    public static readonly Entry AuditAdvertiseAllVniEntry = E("EVPN206", Severity.Error, "advertise-all-vni inside a VRF's BGP instance");
    public static readonly Entry AuditVniEntry = E("EVPN207", Severity.Error, "a VNI out of range, or used twice in one frr.conf");
    public static readonly Entry AuditTrailingCommentEntry = E("EVPN208", Severity.Error, "a comment after a command on one line of frr.conf");
    public static readonly Entry AuditVrfInstanceEntry = E("EVPN209", Severity.Error, "a VRF without its BGP instance, or a BGP VRF instance without an L3VNI");
    public static readonly Entry AuditDisagreementEntry = E("EVPN210", Severity.Error, "nodes disagree on a VRF's or L2VNI's route targets or on what a VNI is");
    public static readonly Entry AuditImportExportEntry = E("EVPN211", Severity.Error, "a route target imported that nothing exports, or exported but not imported");
    public static readonly Entry AuditDuplicateRdEntry = E("EVPN212", Severity.Error, "one rd used twice in the fabric");

    /// <summary>Every entry, in code order.</summary>
    public static IReadOnlyList<Entry> All => entries;

    /// <summary>The FRR audit's entries (EVPN2nn): findings about rendered files, not input diagnostics.</summary>
    public static IReadOnlyList<Entry> Audit => entries.Where(e => e.Code.StartsWith("EVPN2", StringComparison.Ordinal)).ToList();

    /// <summary>The entries of input diagnostics (validate, build, diff): every entry but the audit's.</summary>
    public static IReadOnlyList<Entry> Input => entries.Where(e => !e.Code.StartsWith("EVPN2", StringComparison.Ordinal)).ToList();

    // ================= messages =================

    public static Diagnostic YamlSyntax(SourceSpan at, string detail) => D(YamlSyntaxEntry, at, $"YAML syntax error: {detail}");
    public static Diagnostic UnreadableInput(SourceSpan at, string detail) => D(UnreadableInputEntry, at, detail);
    public static Diagnostic UnwritableOutput(SourceSpan at, string detail) =>
        D(UnwritableOutputEntry, at, $"cannot write this file: {detail}");
    public static Diagnostic UnwritableOutputTree(SourceSpan at, string detail) =>
        D(UnwritableOutputEntry, at, $"cannot write the output folder: {detail}");
    public static Diagnostic ForbiddenCharacter(SourceSpan at, int codePoint, int position) =>
        D(ForbiddenCharacterEntry, at, $"this text holds the character U+{codePoint:X4} at position {position}; keys and values must be printable text (no line breaks, tabs, control or invisible characters)");
    public static Diagnostic UnsupportedTag(SourceSpan at, string tag) =>
        D(UnsupportedYamlEntry, at, $"the YAML tag '{tag.Replace("tag:yaml.org,2002:", "!!")}' is not supported; write a plain value");
    public static Diagnostic TabIndentation(SourceSpan at) =>
        D(YamlSyntaxEntry, at, "YAML syntax error: a tab character here; YAML indents with spaces only");
    public static Diagnostic ComplexKey(SourceSpan at) =>
        D(UnsupportedYamlEntry, at, "mapping keys must be plain text, not lists or mappings");
    public static Diagnostic TooDeep(SourceSpan at, int limit) =>
        D(InputLimitEntry, at, $"the document nests deeper than {limit} levels");
    public static Diagnostic TooLarge(SourceSpan at, string what, long limit) =>
        D(InputLimitEntry, at, $"{what} exceeds the limit of {limit} (raise it with --limit if this input is trusted)");
    public static Diagnostic TooManyNodes(SourceSpan at, int limit) =>
        D(InputLimitEntry, at, $"the document expands to more than {limit} values (aliases included); it is refused, not expanded");
    public static Diagnostic DuplicateKey(SourceSpan at, string key) =>
        D(DuplicateKeyEntry, at, $"the key '{key}' appears twice in this mapping");

    public static Diagnostic SchemaType(SourceSpan at, string property, string expected, string found) =>
        D(SchemaTypeEntry, at, $"'{property}' must be {expected}, but is {found}");
    public static Diagnostic SchemaRequired(SourceSpan at, string owner, IReadOnlyList<string> missing) =>
        D(SchemaRequiredEntry, at, missing.Count == 1
            ? $"{owner} is missing the required property '{missing[0]}'"
            : $"{owner} is missing the required properties '{string.Join("', '", missing)}'");
    public static Diagnostic SchemaUnknownProperty(SourceSpan at, string property, string owner, IReadOnlyList<string> allowed) =>
        D(SchemaUnknownPropertyEntry, at, $"unknown property '{property}' in {owner}; allowed: {string.Join(", ", allowed)}{DidYouMean.Suffix(property, allowed)}");
    public static Diagnostic SchemaEnum(SourceSpan at, string property, IEnumerable<string> allowed, string found) =>
        D(SchemaEnumEntry, at, $"'{property}' must be one of {string.Join(", ", allowed)}, but is {found}");
    public static Diagnostic SchemaPattern(SourceSpan at, string property, string expected, string found) =>
        D(SchemaPatternEntry, at, $"'{property}' must be {expected}, but is {found}");
    public static Diagnostic SchemaRange(SourceSpan at, string property, string range, string found) =>
        D(SchemaRangeEntry, at, $"'{property}' must be {range}, but is {found}");
    public static Diagnostic SchemaSize(SourceSpan at, string property, string limit, string found) =>
        D(SchemaSizeEntry, at, $"'{property}' must have {limit}, but has {found}");
    public static Diagnostic SchemaUnique(SourceSpan at, string property) =>
        D(SchemaUniqueEntry, at, $"'{property}' lists the same item more than once");
    public static Diagnostic SchemaOther(SourceSpan at, string property, string keyword, string detail) =>
        D(SchemaOtherEntry, at, $"'{property}' does not satisfy '{keyword}': {detail}");

    public static Diagnostic NoFabric(SourceSpan at) =>
        D(NoFabricEntry, at, "the inputs have no 'kind: Fabric' document; exactly one is required");
    public static Diagnostic SecondFabric(SourceSpan at, string name, SourceSpan other) =>
        D(SecondFabricEntry, at, $"a second Fabric document '{name}'; exactly one is allowed (the other is at {other})");
    public static Diagnostic DuplicateName(SourceSpan at, string kind, string name, SourceSpan other) =>
        D(DuplicateNameEntry, at, $"{kind} '{name}' is defined twice (also at {other}); documents are never merged");

    public static Diagnostic UnknownLinkNode(SourceSpan at, string node, IEnumerable<string> known) =>
        D(UnknownLinkNodeEntry, at, $"link end names node '{node}', but no Node document has that name{DidYouMean.Suffix(node, known)}");
    public static Diagnostic PortReused(SourceSpan at, string end, SourceSpan other) =>
        D(PortReusedEntry, at, $"port '{end}' is used by more than one link (also at {other})");
    public static Diagnostic SelfLink(SourceSpan at, string node) =>
        D(SelfLinkEntry, at, $"link joins node '{node}' to itself");
    public static Diagnostic UnknownTenantNode(SourceSpan at, string tenant, string node, IEnumerable<string> known) =>
        D(UnknownTenantNodeEntry, at, $"tenant '{tenant}' names node '{node}', but no Node document has that name{DidYouMean.Suffix(node, known)}");
    public static Diagnostic UnknownTenant(SourceSpan at, string field, string other, IEnumerable<string> known) =>
        D(UnknownTenantEntry, at, $"'{field}' names tenant '{other}', but no Tenant document has that name{DidYouMean.Suffix(other, known)}");
    public static Diagnostic TenantOnLeaf(SourceSpan at, string tenant, string node, string role = "leaf") =>
        D(TenantOnLeafEntry, at, $"tenant '{tenant}' names node '{node}', which is a {role}; tenants land only on hosts");
    public static Diagnostic TenantWithoutHosts(SourceSpan at, string tenant) =>
        D(TenantWithoutHostsEntry, at, $"tenant '{tenant}' lands on no host, so nothing is rendered for it");
    public static Diagnostic NodesAndSelector(SourceSpan at, string tenant) =>
        D(NodesAndSelectorEntry, at, $"tenant '{tenant}' gives both 'nodes' and 'nodeSelector'; use one of them");

    public static Diagnostic NetworkPolicyTooLarge(SourceSpan at, string tenant, long own, long fabric, long names, long max) =>
        D(NetworkPolicyTooLargeEntry, at, $"tenant '{tenant}' has {own} namespaces in a fabric of {fabric} tenant namespaces: each of its namespaces' isolation policies names its own {own} and the fabric's {fabric}, {names} names in all, more than {max}; split the tenant into smaller tenants (leaks can join them)");
    public static Diagnostic ReservedNamespace(SourceSpan at, string tenant, string ns) =>
        D(ReservedNamespaceEntry, at, $"tenant '{tenant}' claims namespace '{ns}', which belongs to the cluster itself (default and kube-*); its label, quota and isolation policy would cut other tenants off");
    public static Diagnostic DuplicateLoopback(SourceSpan at, string address, string node, string other, SourceSpan otherAt) =>
        D(DuplicateLoopbackEntry, at, $"node '{node}' uses loopback {address}, which node '{other}' also uses (at {otherAt})");
    public static Diagnostic DuplicateAsn(SourceSpan at, string node, long asn, string other, SourceSpan otherAt) =>
        D(DuplicateAsnEntry, at, $"node '{node}' uses ASN {asn}, which node '{other}' also uses (at {otherAt}); every host needs its own ASN or eBGP drops its routes as loops");
    public static Diagnostic DuplicateVni(SourceSpan at, string owner, long vni, string other, SourceSpan otherAt) =>
        D(DuplicateVniEntry, at, $"{owner} uses VNI {vni}, which {other} also uses (at {otherAt}); the two would share a route target and merge");
    public static Diagnostic DuplicateTable(SourceSpan at, string tenant, long table, string other, string node, SourceSpan otherAt) =>
        D(DuplicateTableEntry, at, $"tenant '{tenant}' uses kernel table {table} on host '{node}', which tenant '{other}' also uses there (at {otherAt})");
    public static Diagnostic DuplicateNamespace(SourceSpan at, string ns, string tenant, string other, SourceSpan otherAt) =>
        D(DuplicateNamespaceEntry, at, $"namespace '{ns}' is claimed by tenant '{tenant}' and by tenant '{other}' (at {otherAt})");
    public static Diagnostic InterfaceClash(SourceSpan at, string name, string node, string what, string otherWhat) =>
        D(InterfaceClashEntry, at, $"on node '{node}' the interface name '{name}' would be both {what} and {otherWhat}");
    public static Diagnostic ReservedTenantName(SourceSpan at, string name) =>
        D(ReservedTenantNameEntry, at, $"'{name}' cannot be a tenant name: the VRF device would clash with a name the kernel or FRR reserves");
    public static Diagnostic DuplicateL2Name(SourceSpan at, string tenant, string name, SourceSpan otherAt) =>
        D(DuplicateL2NameEntry, at, $"tenant '{tenant}' has two L2 networks named '{name}' (also at {otherAt})");
    public static Diagnostic DuplicateRouterMac(SourceSpan at, string node, string mac, string other, SourceSpan otherAt) =>
        D(DuplicateRouterMacEntry, at, $"node '{node}' uses router MAC {mac}, which node '{other}' also uses (at {otherAt})");

    public static Diagnostic NetworkNameClash(SourceSpan at, string name, string what, string otherWhat, SourceSpan otherAt) =>
        D(NetworkNameClashEntry, at, $"the network attachment name '{name}' of {what} is also the name of {otherWhat} (at {otherAt}); Multus would hand one tenant's pods the other's CNI file, and so its VRF");
    public static Diagnostic ReservedTable(SourceSpan at, string tenant, long table) =>
        D(ReservedTableEntry, at, $"tenant '{tenant}' uses kernel table {table}, which is reserved (0 and 252..255)");
    public static Diagnostic TableOutsideIfupdown2(SourceSpan at, string tenant, long table, string node) =>
        D(TableOutsideIfupdown2Entry, at, $"tenant '{tenant}' uses kernel table {table} on host '{node}', whose network is ifupdown2; ifupdown2 accepts only 1001..5000");

    public static Diagnostic OverlappingSubnets(SourceSpan at, string tenant, string a, string b, SourceSpan otherAt) =>
        D(OverlappingSubnetsEntry, at, $"tenant '{tenant}': {a} overlaps {b} (at {otherAt})");
    public static Diagnostic MeetingSubnetsOverlap(SourceSpan at, string tenant, string what, string other, string otherWhat, string where, SourceSpan otherAt) =>
        D(MeetingSubnetsOverlapEntry, at, $"tenant '{tenant}': {what} overlaps {otherWhat} of tenant '{other}' (at {otherAt}); their routes meet in {where}, which could then send one tenant's traffic to the other");
    public static Diagnostic BadGateway(SourceSpan at, string gateway, string subnet, string why) =>
        D(BadGatewayEntry, at, $"gateway {gateway} {why} of subnet {subnet}");
    public static Diagnostic BlocksDoNotFit(SourceSpan at, string what, string subnet, int prefix, long available, long needed) =>
        D(BlocksDoNotFitEntry, at, $"{what}: {subnet} holds {available} /{prefix} block(s), but {needed} host(s) need one each");
    public static Diagnostic BlockLargerThanSubnet(SourceSpan at, string what, string subnet, int prefix) =>
        D(BlocksDoNotFitEntry, at, $"{what}: per-node prefix /{prefix} is larger than the subnet {subnet}");
    public static Diagnostic LoopbackNotHost(SourceSpan at, string node, string address, string why) =>
        D(LoopbackNotHostEntry, at, $"node '{node}' loopback {address} is {why}, not a host address");
    public static Diagnostic HostBitsSet(SourceSpan at, string prefix, string network) =>
        D(HostBitsSetEntry, at, $"{prefix} has host bits set; did you mean {network}?");
    public static Diagnostic Ipv6Malformed(SourceSpan at, string text, string what) =>
        D(Ipv6FormEntry, at, $"'{text}' is not an IPv6 {what}");
    public static Diagnostic Ipv6NotCanonical(SourceSpan at, string text, string canonical) =>
        D(Ipv6FormEntry, at, $"{text} is not in canonical form (RFC 5952: lowercase, no leading zeros, the longest run of zeros as '::'); write {canonical}");
    public static Diagnostic Ipv6NotUsable(SourceSpan at, string text, string why) =>
        D(Ipv6SpaceEntry, at, $"{text} is {why}; tenant networks use unique local (fc00::/7) or global unicast addresses");
    public static Diagnostic MacNotUnicast(SourceSpan at, string mac) =>
        D(MacNotUnicastEntry, at, $"{mac} is a multicast MAC address (lowest bit of the first byte set); use a unicast address");

    public static Diagnostic Mtu(SourceSpan at, int overlay, int underlay) =>
        D(MtuEntry, at, $"overlay.mtu {overlay} must be at most underlay.mtu - 50 = {underlay - 50} (VXLAN adds 50 bytes)");

    public static Diagnostic ImportWithoutConsent(SourceSpan at, string tenant, string other) =>
        D(ImportWithoutConsentEntry, at, $"tenant '{tenant}' imports '{other}', but '{other}' does not export to '{tenant}' (add '{tenant}' or \"*\" to its export list)");
    public static Diagnostic OneWayExport(SourceSpan at, string tenant, string other) =>
        D(OneWayExportEntry, at, $"tenant '{tenant}' exports to '{other}', but '{other}' does not import '{tenant}'; no routes flow");
    public static Diagnostic SelfImport(SourceSpan at, string tenant, string field) =>
        D(SelfImportEntry, at, $"tenant '{tenant}' names itself in '{field}'");

    public static Diagnostic PoolExhausted(SourceSpan at, string pool, string owner) =>
        D(PoolExhaustedEntry, at, $"pool '{pool}' is exhausted: no free value for {owner}; retired values are never reused");
    public static Diagnostic BadPool(SourceSpan at, string pool, string text, string why) =>
        D(BadPoolEntry, at, $"pool '{pool}' range {text} {why}");
    public static Diagnostic PoolsOverlap(SourceSpan at, string a, string b) =>
        D(PoolsOverlapEntry, at, $"pool '{a}' overlaps pool '{b}'; L2 and L3 VNIs must not collide");
    public static Diagnostic RetiredValueReused(SourceSpan at, string what, string value, string formerOwner) =>
        D(RetiredValueReusedEntry, at, $"{what} {value} was retired from '{formerOwner}'; routes still in flight for it may reach this owner");

    public static Diagnostic ModelMissingDevice(SourceSpan at, string node, string what, string device) =>
        D(ModelMissingDeviceEntry, at, $"on node '{node}', {what} names device '{device}', which the node does not have");
    public static Diagnostic ModelDeviceClash(SourceSpan at, string node, string what) =>
        D(ModelDeviceClashEntry, at, $"on node '{node}', {what}");
    public static Diagnostic ModelVrfVni(SourceSpan at, string node, string vrf, string why) =>
        D(ModelVrfVniEntry, at, $"on node '{node}', VRF '{vrf}' {why}");
    public static Diagnostic ModelImportWithoutConsent(SourceSpan at, string node, string vrf, string routeTarget, string owner) =>
        D(ModelImportWithoutConsentEntry, at, $"on node '{node}', VRF '{vrf}' imports {routeTarget} of tenant '{owner}', which does not export to it");

    public static Diagnostic ModelEncap(SourceSpan at, string node, string route, string vrf, long vni) =>
        D(ModelEncapEntry, at, $"node '{node}' originates {route}, which VRF '{vrf}' imports and sends in its L3VNI {vni}, but '{node}' carries no VRF with VNI {vni}: the traffic would be dropped there");

    public static Diagnostic UplinkIsLinkPort(SourceSpan at, string end, SourceSpan other) =>
        D(PortReusedEntry, at, $"port '{end}' is both an uplink and the end of a fabric link (at {other}); an uplink faces an upstream router, not the fabric");
    public static Diagnostic UnknownBorder(SourceSpan at, string tenant, string node, IEnumerable<string> borders) =>
        D(UnknownBorderEntry, at, $"tenant '{tenant}' leaves through '{node}', but no Node document of role border has that name{DidYouMean.Suffix(node, borders)}");
    public static Diagnostic NotABorder(SourceSpan at, string tenant, string node, string role) =>
        D(UnknownBorderEntry, at, $"tenant '{tenant}' leaves through '{node}', which is a {role}; only a node of role border has uplinks");
    public static Diagnostic UplinkVlanClash(SourceSpan at, string tenant, int vlan, string border, string port, string other, SourceSpan otherAt) =>
        D(UplinkVlanClashEntry, at, $"tenant '{tenant}' uses VLAN {vlan} on uplink {border}:{port}, which tenant '{other}' also uses there (at {otherAt}); one sub-interface cannot be in two VRFs");
    public static Diagnostic TransferTooSmall(SourceSpan at, string tenant, string transfer, long available, int needed) =>
        D(TransferTooSmallEntry, at, $"tenant '{tenant}': transfer {transfer} holds {available} /31 network(s), but its borders have {needed} uplink(s) that need one each");
    public static Diagnostic TransferOverlap(SourceSpan at, string tenant, string transfer, string what, SourceSpan otherAt) =>
        D(TransferOverlapEntry, at, $"tenant '{tenant}': transfer {transfer} overlaps {what} (at {otherAt}); a transfer address must belong to one uplink only");
    public static Diagnostic ExternalWithoutBorder(SourceSpan at, string tenant) =>
        D(ExternalWithoutBorderEntry, at, $"tenant '{tenant}' has 'external', but the fabric has no node of role border with uplinks for it; add a border (role: border, uplinks) or remove 'external'");
    public static Diagnostic RacksWithoutSpine(SourceSpan at, int racks, string example) =>
        D(RacksWithoutSpineEntry, at, $"the fabric has {racks} racks of leaves ({example}) and no spine: their leaves could meet only through Kubernetes hosts, which never carry transit; add nodes of role spine linked to every leaf");
    public static Diagnostic UplinksNotOnBorder(SourceSpan at, string node, string role) =>
        D(UplinksNotOnBorderEntry, at, $"node '{node}' is a {role} and has 'uplinks'; only a node of role border has uplinks");

    public static Diagnostic LockOutOfDate(SourceSpan at, string change) =>
        D(LockOutOfDateEntry, at, $"the lock file must change ({change}), but --locked forbids it; run evpnc validate without --locked and commit evpnc.lock.yaml");
    public static Diagnostic LockMalformed(SourceSpan at, string detail) =>
        D(LockMalformedEntry, at, $"lock file: {detail}; fix it or restore it from version control");

    // ---- the FRR audit: `at` is the rendered file's line and column ----

    public static Diagnostic AuditUndefinedRouteMap(SourceSpan at, string name) =>
        D(AuditUndefinedReferenceEntry, at, $"undefined route-map '{name}': it is used here but this file has no 'route-map {name} permit|deny N'");
    public static Diagnostic AuditUndefinedPrefixList(SourceSpan at, string family, string name) =>
        D(AuditUndefinedReferenceEntry, at, $"undefined prefix-list '{name}': it is used here but this file has no '{family} prefix-list {name} ...'");
    public static Diagnostic AuditUndefinedBfdProfile(SourceSpan at, string name) =>
        D(AuditUndefinedReferenceEntry, at, $"undefined BFD profile '{name}': it is used here but this file has no 'bfd' / ' profile {name}'");
    /// <param name="later">"" or "; it is declared only later, on line N".</param>
    public static Diagnostic AuditUndefinedPeerGroup(SourceSpan at, string name, string later) =>
        D(AuditUndeclaredNeighborEntry, at, $"undefined peer-group '{name}': this BGP instance declares no 'neighbor {name} peer-group' before this line{later}");
    public static Diagnostic AuditUndefinedNeighbor(SourceSpan at, string name, string later) =>
        D(AuditUndeclaredNeighborEntry, at, $"undefined neighbor or peer-group '{name}': not an address, and this BGP instance has no 'neighbor {name} peer-group' or 'neighbor {name} interface' before this line{later}");
    public static Diagnostic AuditRdWithoutValue(SourceSpan at) => D(AuditRouteDistinguisherEntry, at, "malformed rd: no value");
    public static Diagnostic AuditRdValues(SourceSpan at, string values) =>
        D(AuditRouteDistinguisherEntry, at, $"malformed rd: one value expected, found '{values}'");
    /// <param name="error">what is wrong with the value, starting "rd ...".</param>
    public static Diagnostic AuditRdMalformed(SourceSpan at, string error) => D(AuditRouteDistinguisherEntry, at, $"malformed {error}");
    public static Diagnostic AuditRtWithoutValue(SourceSpan at, string direction) =>
        D(AuditRouteTargetEntry, at, $"malformed route-target {direction}: no value");
    public static Diagnostic AuditRtsOnOneLine(SourceSpan at, int count, string values, string direction) =>
        D(AuditRouteTargetEntry, at, $"more than one route-target on one line ({count}: {values}): FRR 8.4 takes exactly one per 'route-target {direction}' line");
    public static Diagnostic AuditRtWildcardExport(SourceSpan at, string value) =>
        D(AuditRouteTargetEntry, at, $"malformed route-target '{value}': a wildcard cannot be exported");
    public static Diagnostic AuditRtWildcardImport(SourceSpan at, string value) =>
        D(AuditRouteTargetEntry, at, $"wildcard route-target import '{value}': bgpd 8.4 has no wildcard import (8.5 adds it); import the exact route target");
    /// <param name="error">what is wrong with the value, starting "route-target ...".</param>
    public static Diagnostic AuditRtMalformed(SourceSpan at, string error) => D(AuditRouteTargetEntry, at, $"malformed {error}");
    public static Diagnostic AuditTopLevelVni(SourceSpan at, string vni) =>
        D(AuditTopLevelVniEntry, at, $"top-level 'vni {vni}' outside any 'vrf NAME' ... 'exit-vrf' block: it makes VNI {vni} the L3VNI of the default VRF");
    public static Diagnostic AuditAdvertiseAllVniInVrf(SourceSpan at, string vrf) =>
        D(AuditAdvertiseAllVniEntry, at, $"'advertise-all-vni' inside 'router bgp ... vrf {vrf}': it is only valid in the default BGP instance");
    public static Diagnostic AuditVniWithoutNumber(SourceSpan at) => D(AuditVniEntry, at, "'vni' without a number");
    public static Diagnostic AuditVniOutOfRange(SourceSpan at, string error) => D(AuditVniEntry, at, error);
    public static Diagnostic AuditL3VniOnTwoVrfs(SourceSpan at, long vni, string owner, string firstOwner, int firstLine) =>
        D(AuditVniEntry, at, $"same L3VNI {vni} on two VRFs: {owner} here and {firstOwner} on line {firstLine}");
    public static Diagnostic AuditSecondL3Vni(SourceSpan at, string owner, long vni, long had, int hadLine) =>
        D(AuditVniEntry, at, $"{owner} gets a second L3VNI {vni}; it already has {had} on line {hadLine}");
    public static Diagnostic AuditVniL2AndL3(SourceSpan at, long vni, string l3Owner, int l3Line) =>
        D(AuditVniEntry, at, $"VNI {vni} is both an L2VNI here and the L3VNI of {l3Owner} on line {l3Line}");
    public static Diagnostic AuditTrailingComment(SourceSpan at, string comment) =>
        D(AuditTrailingCommentEntry, at, $"trailing comment '{comment}' on a command line: FRR 8.4 rejects it; put comments on their own '!' line");
    public static Diagnostic AuditBgpVrfWithoutVrfBlock(SourceSpan at, string vrf) =>
        D(AuditVrfInstanceEntry, at, $"'router bgp ... vrf {vrf}' has no matching 'vrf {vrf}' block with a 'vni': the VRF has no L3VNI");
    public static Diagnostic AuditBgpVrfWithoutVni(SourceSpan at, string vrf, int blockLine) =>
        D(AuditVrfInstanceEntry, at, $"'router bgp ... vrf {vrf}' has a 'vrf {vrf}' block (line {blockLine}) without a 'vni': the VRF has no L3VNI");
    public static Diagnostic AuditVrfWithoutBgp(SourceSpan at, string vrf, string vni, int vniLine) =>
        D(AuditVrfInstanceEntry, at, $"'vrf {vrf}' has L3VNI {vni} (line {vniLine}) but no matching 'router bgp ASN vrf {vrf}': nothing advertises or imports its routes");
    public static Diagnostic AuditVrfExportsDisagree(SourceSpan at, string vrf, string value, string node, string theirs, string nodes) =>
        D(AuditDisagreementEntry, at, $"route-target disagreement: VRF '{vrf}' exports {value} on {node} but {theirs} on {nodes}");
    public static Diagnostic AuditL3VniDisagrees(SourceSpan at, string vrf, string value, string node, string theirs, string nodes) =>
        D(AuditDisagreementEntry, at, $"L3VNI disagreement: VRF '{vrf}' has L3VNI {value} on {node} but {theirs} on {nodes}");
    /// <param name="direction">imports or exports.</param>
    public static Diagnostic AuditL2VniRtsDisagree(SourceSpan at, string vni, string direction, string value, string node, string theirs, string nodes) =>
        D(AuditDisagreementEntry, at, $"route-target disagreement: L2VNI {vni} {direction} {value} on {node} but {theirs} on {nodes}");
    public static Diagnostic AuditVniMeaningDisagrees(SourceSpan at, string vni, string value, string node, string theirs, string nodes) =>
        D(AuditDisagreementEntry, at, $"VNI disagreement: VNI {vni} is {value} on {node} but {theirs} on {nodes}");
    public static Diagnostic AuditDanglingImport(SourceSpan at, string owner, string routeTarget, string kind) =>
        D(AuditImportExportEntry, at, $"dangling import: {owner} imports route target {routeTarget}, which no {kind} in the fabric exports");
    public static Diagnostic AuditExportNotImported(SourceSpan at, string owner, string routeTarget) =>
        D(AuditImportExportEntry, at, $"{owner} exports route target {routeTarget} but does not import it: it would not install its own routes from other nodes");
    public static Diagnostic AuditDuplicateRd(SourceSpan at, string rd, string owner, string node, string firstOwner, string firstNode, int firstLine) =>
        D(AuditDuplicateRdEntry, at, $"duplicate rd {rd}: {owner} on {node} reuses the rd of {firstOwner} on {firstNode} (line {firstLine})");
}
