// Writes the schemas in this folder (one per Kubernetes kind that evpnc renders) from the JSON schemas
// inside the npm packages kubernetes-models@4.3.1 and @kubernetes-models/apimachinery@1.2.2 (both MIT
// License; they carry the OpenAPI schemas of Kubernetes 1.27.1), plus the NetworkAttachmentDefinition CRD
// of Multus. Later versions of those packages ship compiled validators instead of schemas. Kubernetes 1.27
// has no admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (GA in 1.30): its types are written
// below from the OpenAPI v3 document of that group in github.com/kubernetes/kubernetes.
//
//   cd /tmp && npm pack kubernetes-models@4.3.1 @kubernetes-models/apimachinery@1.2.2
//   mkdir km am && tar xzf kubernetes-models-4.3.1.tgz -C km && tar xzf kubernetes-models-apimachinery-1.2.2.tgz -C am
//   node $REPO/schemas/kubernetes/generate.cjs km/package am/package $REPO/schemas/kubernetes
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");

const [modelsDir, machineryDir, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
if (!outDir) throw new Error("usage: node generate.cjs KUBERNETES_MODELS_DIR APIMACHINERY_DIR OUT_DIR");

// The schema modules call require("@kubernetes-models/validate").register(id, schema): catch those calls.
const registry = {};
const stub = { register: (id, schema) => { registry[id] = schema; } };
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "@kubernetes-models/validate") return stub;
  if (request.startsWith("@kubernetes-models/apimachinery/"))
    request = path.join(machineryDir, request.slice("@kubernetes-models/apimachinery/".length) + ".js");
  return originalLoad.call(this, request, parent, isMain);
};
const load = (dir, file) => require(path.join(dir, "_schemas", file + ".js")).addSchema();

const NAME_DNS_LABEL = {
  type: "string", maxLength: 63, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
  "x-expected": "a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit)",
};
const NAME_DNS_SUBDOMAIN = {
  type: "string", maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
  "x-expected": "a DNS-1123 subdomain (at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit)",
};
const QUALIFIED_NAME = {
  maxLength: 317, // prefix (253) + '/' + name (63)
  pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$",
  "x-expected": "a qualified name ([DNS subdomain '/'] then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
};
const LABEL_VALUE = {
  type: "string", maxLength: 63, pattern: "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
  "x-expected": "a label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
};
// k8s.io/apimachinery/pkg/api/resource: the text form the API server parses.
const QUANTITY_PATTERN = "^[+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

const nullableDefs = new Set();
const ADMISSION = "io.k8s.api.admissionregistration.v1.";

/** One source schema in the 2020-12 dialect: local $refs, `nullable` as a "null" type, no unknown fields. */
function convert(s) {
  if (Array.isArray(s)) return s.map(convert);
  if (s === null || typeof s !== "object") return s;
  if (Array.isArray(s.oneOf) && s.oneOf.length === 2 && s.oneOf[0].$ref && s.oneOf[1].type === "null") {
    const id = s.oneOf[0].$ref.replace(/#$/, "");
    nullableDefs.add(id);
    return { $ref: "#/$defs/" + id };
  }
  const out = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "nullable" || key === "description") continue;
    if (key === "$ref") out.$ref = "#/$defs/" + value.replace(/#$/, "");
    else if (key === "properties") out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    else out[key] = convert(value);
  }
  if (s.nullable) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function refsOf(node, found) {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, found));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) found.add(v.slice("#/$defs/".length));
      else refsOf(v, found);
    }
  return found;
}

function definition(id) {
  const source = registry[id];
  if (!source) throw new Error("no schema registered for " + id);
  let d;
  if (id === "io.k8s.apimachinery.pkg.api.resource.Quantity")
    d = { type: ["string", "number"], pattern: QUANTITY_PATTERN, "x-expected": "a quantity such as \"100\", \"1.5Gi\" or 100" };
  else if (id === "io.k8s.apimachinery.pkg.util.intstr.IntOrString")
    d = { type: ["string", "integer"] };
  else d = convert(source);
  // API-server validation (k8s.io/apimachinery/pkg/util/validation) that OpenAPI does not carry.
  if (id === "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") {
    d.properties.labels.propertyNames = QUALIFIED_NAME;
    d.properties.labels.additionalProperties = LABEL_VALUE;
    d.properties.annotations.propertyNames = QUALIFIED_NAME;
    d.properties.namespace = { ...NAME_DNS_LABEL, type: ["string", "null"] };
  }
  // Item enums that kubernetes-models@4.3.1 leaves out (kubernetes-models@5.1.0 has them): PolicyType, ResourceQuotaScope.
  if (id === "io.k8s.api.networking.v1.NetworkPolicySpec") d.properties.policyTypes.items.enum = ["Egress", "Ingress"];
  if (id === "io.k8s.api.core.v1.ResourceQuotaSpec")
    d.properties.scopes.items.enum = registry["io.k8s.api.core.v1.ScopedResourceSelectorRequirement"].properties.scopeName.enum;
  if (id === "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector") {
    d.properties.matchLabels.propertyNames = QUALIFIED_NAME;
    d.properties.matchLabels.additionalProperties = LABEL_VALUE;
  }
  // admissionregistration.k8s.io/v1: the values the API server accepts (pkg/apis/admissionregistration/validation).
  if (id === ADMISSION + "ValidatingAdmissionPolicySpec") {
    d.required = ["matchConstraints"];
    d.properties.failurePolicy.enum = ["Fail", "Ignore"];
  }
  if (id === ADMISSION + "MatchResources") d.properties.matchPolicy.enum = ["Exact", "Equivalent"];
  if (id === ADMISSION + "NamedRuleWithOperations") {
    d.properties.operations.items.enum = ["*", "CREATE", "UPDATE", "DELETE", "CONNECT"];
    d.properties.scope.enum = ["*", "Cluster", "Namespaced"];
  }
  if (id === ADMISSION + "Validation") d.properties.reason.enum = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];
  if (id === ADMISSION + "Variable")
    d.properties.name = { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", "x-expected": "a CEL identifier (a letter or '_', then letters, digits or '_')" };
  if (id === ADMISSION + "ParamRef") d.properties.parameterNotFoundAction.enum = ["Allow", "Deny"];
  if (id === ADMISSION + "ValidatingAdmissionPolicyBindingSpec") {
    d.required = ["policyName", "validationActions"];
    d.properties.validationActions = { ...d.properties.validationActions, minItems: 1, uniqueItems: true };
    d.properties.validationActions.items.enum = ["Deny", "Warn", "Audit"];
  }
  if (id === "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement") {
    d.properties.key = { type: "string", ...QUALIFIED_NAME };
    d.properties.operator = { type: "string", enum: ["In", "NotIn", "Exists", "DoesNotExist"] };
  }
  return d;
}

function withDefs(root) {
  const defs = {};
  let pending = [...refsOf(root, new Set())];
  while (pending.length) {
    const id = pending.pop();
    if (defs[id]) continue;
    defs[id] = definition(id);
    pending.push(...refsOf(defs[id], new Set()));
  }
  for (const id of Object.keys(defs)) {
    if (!nullableDefs.has(id)) continue;
    const t = defs[id].type;
    if (typeof t === "string") defs[id].type = [t, "null"];
    else if (Array.isArray(t) && !t.includes("null")) defs[id].type = [...t, "null"];
  }
  return Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
}

const K8S_SOURCE = "Derived from the npm packages kubernetes-models@4.3.1 (_schemas/{FILE}.js) and @kubernetes-models/apimachinery@1.2.2 " +
  "(both MIT License, Copyright (c) 2018 Tommy Chen), which carry the OpenAPI schemas of Kubernetes 1.27.1 (Apache License 2.0). " +
  "Changes: local $defs; OpenAPI 'nullable' as a \"null\" type; additionalProperties false on every object with fixed fields " +
  "(unknown fields are errors, as with kubectl --validate=strict); Quantity as string-or-number with the API server's pattern; " +
  "from the API server's own validation: metadata and metadata.name required, object names, namespaces, label keys and values, " +
  "and LabelSelectorRequirement operators; the item enums of policyTypes and ResourceQuota scopes (kubernetes-models@5.1.0 has them). Regenerate with schemas/kubernetes/generate.cjs.";

function objectSchema(id, file, title, apiVersion, kind, nameSchema) {
  load(modelsDir, file);
  return kindSchema(id, title, apiVersion, kind, nameSchema, K8S_SOURCE.replace("{FILE}", file));
}

function kindSchema(id, title, apiVersion, kind, nameSchema, comment) {
  const src = registry[id];
  const root = convert(src);
  root.properties.apiVersion = { type: "string", const: apiVersion };
  root.properties.kind = { type: "string", const: kind };
  root.properties.metadata = { type: "object", $ref: root.properties.metadata.$ref, required: ["name"], properties: { name: nameSchema } };
  root.required = ["apiVersion", "kind", "metadata"];
  return finish(title, comment, root);
}

function finish(title, comment, root) {
  const defs = withDefs(root);
  const out = { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "", $comment: comment, title, ...root, $defs: defs };
  return out;
}

/** JSON with two-space indents; lists of plain values and objects of one plain value stay on one line. */
function format(value, indent) {
  const plain = (v) => v === null || typeof v !== "object";
  if (plain(value)) return JSON.stringify(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.every(plain)) return "[" + value.map((v) => JSON.stringify(v)).join(", ") + "]";
    return "[\n" + value.map((v) => inner + format(v, inner)).join(",\n") + "\n" + indent + "]";
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  if (entries.length <= 2 && entries.every(([, v]) => plain(v) || (Array.isArray(v) && v.every(plain))))
    return "{ " + entries.map(([k, v]) => JSON.stringify(k) + ": " + format(v, inner)).join(", ") + " }";
  return "{\n" + entries.map(([k, v]) => inner + JSON.stringify(k) + ": " + format(v, inner)).join(",\n") + "\n" + indent + "}";
}

function write(name, schema) {
  schema.$id = "https://evpnc.dev/schemas/kubernetes/" + name;
  fs.writeFileSync(path.join(outDir, name), format(schema, "") + "\n");
}

load(machineryDir, "IoK8sApimachineryPkgApisMetaV1ObjectMeta");
write("v1.Namespace.json", objectSchema("io.k8s.api.core.v1.Namespace", "IoK8sApiCoreV1Namespace",
  "Namespace (v1)", "v1", "Namespace", NAME_DNS_LABEL));
write("v1.ResourceQuota.json", objectSchema("io.k8s.api.core.v1.ResourceQuota", "IoK8sApiCoreV1ResourceQuota",
  "ResourceQuota (v1)", "v1", "ResourceQuota", NAME_DNS_SUBDOMAIN));
write("networking.k8s.io.v1.NetworkPolicy.json", objectSchema("io.k8s.api.networking.v1.NetworkPolicy", "IoK8sApiNetworkingV1NetworkPolicy",
  "NetworkPolicy (networking.k8s.io/v1)", "networking.k8s.io/v1", "NetworkPolicy", NAME_DNS_SUBDOMAIN));

// Multus: the CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io, version v1, as
// deployments/multus-daemonset.yml of github.com/k8snetworkplumbingwg/multus-cni (Apache License 2.0) declares it.
// Its openAPIV3Schema leaves metadata as `type: object`: the API server checks it as ObjectMeta.
write("k8s.cni.cncf.io.v1.NetworkAttachmentDefinition.json", finish(
  "NetworkAttachmentDefinition (k8s.cni.cncf.io/v1)",
  "Written from the CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io (group k8s.cni.cncf.io, version v1, " +
  "openAPIV3Schema) in deployments/multus-daemonset.yml of github.com/k8snetworkplumbingwg/multus-cni (Apache License 2.0): " +
  "spec is optional and spec.config is a string (a JSON CNI configuration). metadata is ObjectMeta, derived like the other files " +
  "from @kubernetes-models/apimachinery@1.2.2 (MIT License, Copyright (c) 2018 Tommy Chen; Kubernetes 1.27.1, Apache License 2.0). " +
  "Unknown fields are errors (a structural CRD prunes them; kubectl --validate=strict rejects them). Regenerate with schemas/kubernetes/generate.cjs.",
  {
    type: "object",
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      apiVersion: { type: "string", const: "k8s.cni.cncf.io/v1" },
      kind: { type: "string", const: "NetworkAttachmentDefinition" },
      metadata: { type: "object", $ref: "#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", required: ["name"], properties: { name: NAME_DNS_SUBDOMAIN } },
      spec: {
        type: "object",
        properties: { config: { type: "string", "x-expected": "text (a JSON CNI configuration)" } },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  }));

write("v1.Node.json", objectSchema("io.k8s.api.core.v1.Node", "IoK8sApiCoreV1Node",
  "Node (v1)", "v1", "Node", NAME_DNS_SUBDOMAIN));

// admissionregistration.k8s.io/v1 (Kubernetes 1.30+), in the OpenAPI form of the registry above: the properties,
// types and required fields of api/openapi-spec/v3/apis__admissionregistration.k8s.io__v1_openapi.json of
// github.com/kubernetes/kubernetes (commit 384f8f791718ef05caf20c4107f97cb1fe36c81d), without descriptions.
// ObjectMeta, LabelSelector and Condition come from @kubernetes-models/apimachinery@1.2.2 like everywhere else.
load(machineryDir, "IoK8sApimachineryPkgApisMetaV1LabelSelector");
load(machineryDir, "IoK8sApimachineryPkgApisMetaV1Condition");
{
  const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  const ref = (id) => ({ $ref: id + "#" });
  const text = { type: "string" };
  const texts = { type: "array", items: { type: "string" } };
  const list = (id) => ({ type: "array", items: ref(id) });
  const object = (properties, required) => ({ type: "object", properties, ...(required ? { required } : {}) });
  const top = (spec, status) => object({ apiVersion: text, kind: text, metadata: ref(META + "ObjectMeta"), spec, ...(status ? { status } : {}) });
  Object.assign(registry, {
    [ADMISSION + "ValidatingAdmissionPolicy"]: top(ref(ADMISSION + "ValidatingAdmissionPolicySpec"), ref(ADMISSION + "ValidatingAdmissionPolicyStatus")),
    [ADMISSION + "ValidatingAdmissionPolicySpec"]: object({
      auditAnnotations: list(ADMISSION + "AuditAnnotation"), failurePolicy: text, matchConditions: list(ADMISSION + "MatchCondition"),
      matchConstraints: ref(ADMISSION + "MatchResources"), paramKind: ref(ADMISSION + "ParamKind"),
      validations: list(ADMISSION + "Validation"), variables: list(ADMISSION + "Variable") }),
    [ADMISSION + "ValidatingAdmissionPolicyStatus"]: object({
      conditions: list(META + "Condition"), observedGeneration: { type: "integer", format: "int64" }, typeChecking: ref(ADMISSION + "TypeChecking") }),
    [ADMISSION + "TypeChecking"]: object({ expressionWarnings: list(ADMISSION + "ExpressionWarning") }),
    [ADMISSION + "ExpressionWarning"]: object({ fieldRef: text, warning: text }, ["fieldRef", "warning"]),
    [ADMISSION + "AuditAnnotation"]: object({ key: text, valueExpression: text }, ["key", "valueExpression"]),
    [ADMISSION + "MatchCondition"]: object({ expression: text, name: text }, ["name", "expression"]),
    [ADMISSION + "MatchResources"]: object({
      excludeResourceRules: list(ADMISSION + "NamedRuleWithOperations"), matchPolicy: text,
      namespaceSelector: ref(META + "LabelSelector"), objectSelector: ref(META + "LabelSelector"),
      resourceRules: list(ADMISSION + "NamedRuleWithOperations") }),
    [ADMISSION + "NamedRuleWithOperations"]: object({
      apiGroups: texts, apiVersions: texts, operations: texts, resourceNames: texts, resources: texts, scope: text }),
    [ADMISSION + "ParamKind"]: object({ apiVersion: text, kind: text }),
    [ADMISSION + "ParamRef"]: object({ name: text, namespace: text, parameterNotFoundAction: text, selector: ref(META + "LabelSelector") }),
    [ADMISSION + "Validation"]: object({ expression: text, message: text, messageExpression: text, reason: text }, ["expression"]),
    [ADMISSION + "Variable"]: object({ expression: text, name: text }, ["name", "expression"]),
    [ADMISSION + "ValidatingAdmissionPolicyBinding"]: top(ref(ADMISSION + "ValidatingAdmissionPolicyBindingSpec")),
    [ADMISSION + "ValidatingAdmissionPolicyBindingSpec"]: object({
      matchResources: ref(ADMISSION + "MatchResources"), paramRef: ref(ADMISSION + "ParamRef"), policyName: text, validationActions: texts }),
  });
  const source = (kind) => "Written from the OpenAPI v3 schema of " + kind + " (admissionregistration.k8s.io/v1, Kubernetes 1.30 and later) in " +
    "api/openapi-spec/v3/apis__admissionregistration.k8s.io__v1_openapi.json of github.com/kubernetes/kubernetes " +
    "(commit 384f8f791718ef05caf20c4107f97cb1fe36c81d, Apache License 2.0), without descriptions; metadata, label selectors and " +
    "conditions derived like the other files from @kubernetes-models/apimachinery@1.2.2 (MIT License, Copyright (c) 2018 Tommy Chen; " +
    "Kubernetes 1.27.1, Apache License 2.0). From the API server's own validation: metadata.name, the enums of failurePolicy, " +
    "matchPolicy, operations, scope, reason, parameterNotFoundAction and validationActions, CEL identifiers as variable names, and the " +
    "required matchConstraints, policyName and validationActions. Unknown fields are errors. Regenerate with schemas/kubernetes/generate.cjs.";
  write("admissionregistration.k8s.io.v1.ValidatingAdmissionPolicy.json", kindSchema(ADMISSION + "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1)", "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy",
    NAME_DNS_SUBDOMAIN, source("ValidatingAdmissionPolicy")));
  write("admissionregistration.k8s.io.v1.ValidatingAdmissionPolicyBinding.json", kindSchema(ADMISSION + "ValidatingAdmissionPolicyBinding",
    "ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1)", "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding",
    NAME_DNS_SUBDOMAIN, source("ValidatingAdmissionPolicyBinding")));
}
