using System.Text.Json;
using System.Text.Json.Nodes;
using EvpnCompile.Core.Diagnostics;
using EvpnCompile.Core.Loading;
using EvpnCompile.Core.Text;

namespace EvpnCompile.Tests.Support;

/// <summary>
/// Runs a rendered ValidatingAdmissionPolicy the way the API server does, with the CEL of the NuGet package Cel
/// (0.3.3, with its string extensions split/trim, which Kubernetes also has): every variable in order (eagerly:
/// one that fails for any request fails the test, where the API server, evaluating lazily, might not notice),
/// then every validation; a validation that is false is a denial with its messageExpression's text.
/// The expressions are read from the rendered YAML, so what is tested is exactly what is applied.
/// </summary>
public sealed class AdmissionPolicyEvaluator
{
    private readonly Cel.CelEnvironment environment = new([], "");
    private readonly List<(string Name, Cel.CelProgramDelegate Program)> variables = [];
    private readonly List<(Cel.CelProgramDelegate Expression, Cel.CelProgramDelegate Message)> validations = [];

    public IReadOnlyList<string> VariableNames => variables.Select(v => v.Name).ToList();
    public int ValidationCount => validations.Count;

    /// <summary>The policy document of a rendered kubernetes/00-admission-policy.yaml.</summary>
    public JsonObject Policy { get; }

    public AdmissionPolicyEvaluator(string renderedYaml)
    {
        Cel.Internal.CelStringHandlingFunctions.RegisterStringExtensionFunctions(environment);
        var sink = new DiagnosticSink();
        var documents = YamlLoader.Load(new SourceFile("00-admission-policy.yaml", renderedYaml),
            Core.Audit.KubernetesManifestCheck.Limits, sink);
        Assert.Empty(sink.Sorted());
        Policy = Assert.Single(documents.Select(d => d.Root).OfType<JsonObject>(), d => (string?)d["kind"] == "ValidatingAdmissionPolicy");
        foreach (var v in Policy["spec"]!["variables"]!.AsArray())
            variables.Add(((string)v!["name"]!, environment.Compile((string)v["expression"]!)));
        foreach (var v in Policy["spec"]!["validations"]!.AsArray())
            validations.Add((environment.Compile((string)v!["expression"]!), environment.Compile((string)v["messageExpression"]!)));
    }

    /// <summary>The messages of every validation that denies the request; empty when it is admitted.</summary>
    public IReadOnlyList<string> Denials(AdmissionRequest request)
    {
        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = ToCel(request.Object),
            ["oldObject"] = ToCel(request.OldObject),
            ["request"] = ToCel(request.Request),
            ["variables"] = vars,
        };
        foreach (var (name, program) in variables) vars[name] = program.Invoke(context);
        var denials = new List<string>();
        foreach (var (expression, message) in validations)
        {
            var result = expression.Invoke(context);
            if (result is not bool allowed) throw new InvalidOperationException($"a validation returned {result?.GetType().Name ?? "null"}, not bool");
            if (!allowed) denials.Add((string)message.Invoke(context)!);
        }
        return denials;
    }

    /// <summary>JSON as CEL values: objects as maps, arrays as lists, numbers as int64.</summary>
    private static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToCel(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToCel).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<long>(),
        _ => throw new ArgumentException($"no CEL value for {node.ToJsonString()}"),
    };
}

/// <summary>What the API server hands a validating admission policy: the object, the old one, and the request.</summary>
public sealed record AdmissionRequest(JsonObject? Object, JsonObject? OldObject, JsonObject Request)
{
    public const string User = "alice";

    private static JsonObject Req(string operation, string group, string resource, string? ns, string name, string user) => new()
    {
        ["operation"] = operation,
        ["namespace"] = ns ?? "",
        ["name"] = name,
        ["resource"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["resource"] = resource },
        ["subResource"] = "",
        ["userInfo"] = new JsonObject { ["username"] = user },
    };

    private static JsonObject Meta(string name, string? ns, IReadOnlyDictionary<string, string>? annotations, IReadOnlyDictionary<string, string>? labels)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null) meta["namespace"] = ns;
        if (annotations is not null) meta["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        if (labels is not null) meta["labels"] = new JsonObject(labels.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        return meta;
    }

    private static JsonObject PodObject(string ns, IReadOnlyDictionary<string, string>? annotations) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = Meta("app", ns, annotations, null),
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox" }) },
    };

    /// <summary>A pod created in <paramref name="ns"/> with these annotations (none when null).</summary>
    public static AdmissionRequest Pod(string ns, IReadOnlyDictionary<string, string>? annotations = null, string user = User) =>
        new(PodObject(ns, annotations), null, Req("CREATE", "", "pods", ns, "app", user));

    /// <summary>A pod created with k8s.v1.cni.cncf.io/networks set to <paramref name="networks"/>.</summary>
    public static AdmissionRequest PodWithNetworks(string ns, string networks) =>
        Pod(ns, new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/networks"] = networks });

    /// <summary>An update of a pod (by the kubelet, through pods/status, or a user) from one set of annotations to another.</summary>
    public static AdmissionRequest PodUpdate(string ns, IReadOnlyDictionary<string, string>? before, IReadOnlyDictionary<string, string>? after,
        string user = "system:node:host1", string subResource = "status")
    {
        var request = Req("UPDATE", "", "pods", ns, "app", user);
        request["subResource"] = subResource;
        return new(PodObject(ns, after), PodObject(ns, before), request);
    }

    private static JsonObject AttachmentObject(string ns, string name, string? config)
    {
        var nad = new JsonObject
        {
            ["apiVersion"] = "k8s.cni.cncf.io/v1",
            ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = Meta(name, ns, null, null),
        };
        if (config is not null) nad["spec"] = new JsonObject { ["config"] = config };
        return nad;
    }

    /// <summary>A NetworkAttachmentDefinition created in <paramref name="ns"/>, with spec.config when given.</summary>
    public static AdmissionRequest Attachment(string ns, string name, string? config = null, string user = User, string operation = "CREATE") =>
        new(AttachmentObject(ns, name, config), operation == "UPDATE" ? AttachmentObject(ns, name, null) : null,
            Req(operation, "k8s.cni.cncf.io", "network-attachment-definitions", ns, name, user));

    private static JsonObject NamespaceObject(string name, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? annotations) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = Meta(name, null, annotations, labels),
    };

    /// <summary>A namespace created with these labels and annotations.</summary>
    public static AdmissionRequest NamespaceCreate(string name, IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyDictionary<string, string>? annotations = null, string user = User) =>
        new(NamespaceObject(name, labels, annotations), null, Req("CREATE", "", "namespaces", null, name, user));

    /// <summary>A namespace updated from one set of labels and annotations to another.</summary>
    public static AdmissionRequest NamespaceUpdate(string name,
        IReadOnlyDictionary<string, string>? labelsBefore, IReadOnlyDictionary<string, string>? labelsAfter, string user = User,
        IReadOnlyDictionary<string, string>? annotationsBefore = null, IReadOnlyDictionary<string, string>? annotationsAfter = null) =>
        new(NamespaceObject(name, labelsAfter, annotationsAfter), NamespaceObject(name, labelsBefore, annotationsBefore),
            Req("UPDATE", "", "namespaces", null, name, user));
}
