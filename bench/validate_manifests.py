"""Checks what `tusk export k8s` wrote against the real schemas of the engines it targets.

    python3 bench/validate_manifests.py EXPORT_DIR SCHEMA_DIR

SCHEMA_DIR holds the schemas described in ../shared/schemas/README.md:
`pachyderm-CreatePipelineRequest.schema.json` (what `pachctl create pipeline -f` reads) and the
Seldon Core 2 CustomResourceDefinitions `seldon-core-2-*.crd.yaml`, whose
`spec.versions[].schema.openAPIV3Schema` is the JSON Schema of a resource.

- `EXPORT_DIR/pipelines/*.json`: each against the Pachyderm schema, and Pachyderm's name rule.
- `EXPORT_DIR/rbac/*.yaml`: ServiceAccount, Role and RoleBinding against Kubernetes' own
  definitions (bench/schemas/kubernetes-rbac-v1.schema.json, with its source), the metadata
  checks below, and the rule a deploy step needs: a RoleBinding's Role defined beside it, and
  that Role granting only `models` and `experiments` of `mlops.seldon.io`.
- `EXPORT_DIR/seldon/*.yaml`: each YAML document against the CRD of its `apiVersion` and
  `kind`; then what the Kubernetes API server checks beyond the CRD (metadata names, label
  and annotation keys and string values) and what Seldon needs of an Experiment (its models
  defined, the default among the candidates); each `storageUri` must name a folder of
  `EXPORT_DIR/models/` holding a `model.json`.

Before any of that it checks itself: hand-made manifests, one valid and several broken ones,
must pass and fail as expected, so a validator that accepts everything cannot go unnoticed.

Exit status: 0 every file is valid; 1 a file is invalid, or there is nothing to check; 2 bad
usage, or the self-check failed; 77 skipped (PyYAML or jsonschema missing, or no SCHEMA_DIR),
the automake convention for a test that could not run.
"""
import json
import os
import re
import sys

SKIPPED = 77

try:
    import jsonschema
    import yaml
except ImportError as error:
    print(f"skipped: the Python module '{error.name}' is not installed (pip install jsonschema pyyaml)")
    sys.exit(SKIPPED)

PACHYDERM_SCHEMA = "pachyderm-CreatePipelineRequest.schema.json"
PACHYDERM_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,63}$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
QUALIFIED_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


def where(error):
    """`spec.candidates[1]` for a jsonschema error."""
    text = ""
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


RBAC_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", "kubernetes-rbac-v1.schema.json")
RBAC_KINDS = {("v1", "ServiceAccount"), ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding")}


class Schemas:
    def __init__(self, directory):
        with open(RBAC_SCHEMA) as file:
            rbac = json.load(file)
        # (apiVersion, kind) -> validator, for the Kubernetes objects of rbac/.
        self.kubernetes = {
            (api_version, kind): jsonschema.Draft4Validator(dict(rbac["definitions"][kind], definitions=rbac["definitions"]))
            for api_version, kind in RBAC_KINDS
        }
        with open(os.path.join(directory, PACHYDERM_SCHEMA)) as file:
            self.pachyderm = jsonschema.Draft4Validator(json.load(file))
        # (apiVersion, kind) -> validator, from every CRD in the directory.
        self.resources = {}
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".crd.yaml"):
                continue
            with open(os.path.join(directory, name)) as file:
                for crd in yaml.safe_load_all(file):
                    if not crd or crd.get("kind") != "CustomResourceDefinition":
                        continue
                    spec = crd["spec"]
                    for version in spec["versions"]:
                        if not version.get("served", False):
                            continue
                        key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                        self.resources[key] = jsonschema.Draft4Validator(version["schema"]["openAPIV3Schema"])
        if not self.resources:
            raise SystemExit(f"no CustomResourceDefinition found in {directory}")


def check_pipeline(schemas, spec):
    """The problems of one Pachyderm pipeline spec, as lines."""
    problems = [f"{where(e)}: {e.message}" for e in schemas.pachyderm.iter_errors(spec)]
    if problems:
        return problems
    name = (spec.get("pipeline") or {}).get("name")
    if not isinstance(name, str) or not PACHYDERM_NAME.match(name):
        problems.append(f"pipeline.name: {name!r} is not a Pachyderm name (letters, digits, '_', '-')")
    if not spec.get("input"):
        problems.append("input: missing (pachctl requires it of every pipeline but a spout)")
    if not (spec.get("transform") or {}).get("cmd"):
        problems.append("transform.cmd: missing")
    return problems


def check_metadata(metadata):
    """What the API server checks of every object's metadata (a CRD says only 'object')."""
    problems = []
    name = metadata.get("name")
    if not isinstance(name, str) or len(name) > 253 or not DNS_SUBDOMAIN.match(name):
        problems.append(f"metadata.name: {name!r} is not a DNS-1123 subdomain")
    for field in ("labels", "annotations"):
        for key, value in (metadata.get(field) or {}).items():
            prefix, _, local = key.rpartition("/")
            if (prefix and not DNS_SUBDOMAIN.match(prefix)) or len(local) > 63 or not QUALIFIED_NAME.match(local):
                problems.append(f"metadata.{field}: key {key!r} is not a qualified name")
            if not isinstance(value, str):
                problems.append(f"metadata.{field}.{key}: {value!r} is not a string")
            elif field == "labels" and (len(value) > 63 or not LABEL_VALUE.match(value)):
                problems.append(f"metadata.labels.{key}: {value!r} is not a label value")
    return problems


def check_resources(schemas, documents, export_dir):
    """The problems of the documents of one YAML stream, as lines."""
    problems = []
    models = {}
    for index, document in enumerate(documents, start=1):
        if document is None:
            continue
        label = f"document {index} ({document.get('kind', '?')})" if isinstance(document, dict) else f"document {index}"
        if not isinstance(document, dict):
            problems.append(f"{label}: not a mapping")
            continue
        key = (document.get("apiVersion"), document.get("kind"))
        validator = schemas.resources.get(key) or schemas.kubernetes.get(key)
        if validator is None:
            problems.append(f"{label}: no schema for apiVersion {document.get('apiVersion')!r}, kind {document.get('kind')!r}")
            continue
        errors = [f"{label} {where(e)}: {e.message}" for e in validator.iter_errors(document)]
        if errors:
            problems += errors
            continue
        problems += [f"{label} {p}" for p in check_metadata(document.get("metadata") or {})]
        spec = document.get("spec") or {}
        if document["kind"] == "Model":
            models[document["metadata"].get("name")] = spec
            if export_dir is not None:
                folder = spec["storageUri"].rstrip("/").rsplit("/", 1)[-1]
                if not os.path.isfile(os.path.join(export_dir, "models", folder, "model.json")):
                    problems.append(f"{label} spec.storageUri: no models/{folder}/model.json beside it")
    for index, document in enumerate(documents, start=1):
        if not isinstance(document, dict) or document.get("kind") != "Experiment":
            continue
        label = f"document {index} (Experiment)"
        spec = document.get("spec") or {}
        names = [c.get("name") for c in spec.get("candidates", [])]
        referenced = names + [spec.get("default")] + [(spec.get("mirror") or {}).get("name")]
        for name in referenced:
            if name is not None and name not in models:
                problems.append(f"{label}: model {name!r} is not defined in this file")
        if spec.get("default") is not None and spec["default"] not in names:
            problems.append(f"{label} spec.default: {spec['default']!r} is not among the candidates")
        weights = [c.get("weight", 0) for c in spec.get("candidates", [])]
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            problems.append(f"{label} spec.candidates: weights {weights} do not split any traffic")
    roles = {(d["metadata"].get("namespace"), d["metadata"].get("name")): d for d in documents
             if isinstance(d, dict) and d.get("kind") == "Role" and isinstance(d.get("metadata"), dict)}
    accounts = {(d["metadata"].get("namespace"), d["metadata"].get("name")) for d in documents
                if isinstance(d, dict) and d.get("kind") == "ServiceAccount" and isinstance(d.get("metadata"), dict)}
    for index, document in enumerate(documents, start=1):
        if not isinstance(document, dict) or document.get("kind") != "RoleBinding":
            continue
        label = f"document {index} (RoleBinding)"
        namespace = (document.get("metadata") or {}).get("namespace")
        ref = document.get("roleRef") or {}
        role = roles.get((namespace, ref.get("name"))) if ref.get("kind") == "Role" else None
        if role is None:
            problems.append(f"{label} roleRef: no Role {ref.get('name')!r} in namespace {namespace!r} in this file")
        else:
            for rule in role.get("rules") or []:
                if rule.get("apiGroups") != ["mlops.seldon.io"] or sorted(rule.get("resources") or []) != ["experiments", "models"]:
                    problems.append(f"{label} roleRef: Role {ref.get('name')!r} grants more than Seldon's models and experiments: {rule}")
        for subject in document.get("subjects") or []:
            if subject.get("kind") == "ServiceAccount" and (subject.get("namespace"), subject.get("name")) not in accounts:
                problems.append(f"{label} subjects: no ServiceAccount {subject.get('name')!r} in namespace {subject.get('namespace')!r} in this file")
    return problems


def self_check(schemas):
    """Valid and broken manifests made here must pass and fail; returns what went wrong, and of how many."""
    pipeline = {
        "pipeline": {"name": "train"},
        "input": {"pfs": {"repo": "data", "branch": "master", "glob": "/"}},
        "transform": {"image": "tusk:latest", "cmd": ["tusk", "train"]},
        "reprocessSpec": "every_job",
    }
    model = {
        "apiVersion": "mlops.seldon.io/v1alpha1",
        "kind": "Model",
        "metadata": {"name": "production", "annotations": {"tusk/release": "3"}},
        "spec": {"storageUri": "gs://b/m", "requirements": ["tusk"]},
    }
    experiment = {
        "apiVersion": "mlops.seldon.io/v1alpha1",
        "kind": "Experiment",
        "metadata": {"name": "production-experiment"},
        "spec": {"default": "production", "candidates": [{"name": "production", "weight": 100}]},
    }

    def changed(document, path, value):
        copy = json.loads(json.dumps(document))
        target = copy
        for key in path[:-1]:
            target = target[key]
        if value is None:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return copy

    snake = changed(pipeline, ["reprocessSpec"], None)
    snake["reprocess_spec"] = "every_job"
    cases = [
        ("a valid pipeline", check_pipeline(schemas, pipeline), False),
        ("'reprocess_spec' (not protojson)", check_pipeline(schemas, snake), True),
        ("pfs.emptyFiles as a string", check_pipeline(schemas, changed(pipeline, ["input", "pfs", "emptyFiles"], "yes")), True),
        ("a pipeline name with '.'", check_pipeline(schemas, changed(pipeline, ["pipeline", "name"], "a.b")), True),
        ("a valid Model and Experiment", check_resources(schemas, [model, experiment], None), False),
        ("a Model without storageUri", check_resources(schemas, [changed(model, ["spec", "storageUri"], None)], None), True),
        ("replicas as a string", check_resources(schemas, [changed(model, ["spec", "replicas"], "2")], None), True),
        ("an annotation value that is a number", check_resources(schemas, [changed(model, ["metadata", "annotations", "tusk/release"], 3)], None), True),
        ("a Model named with '_'", check_resources(schemas, [changed(model, ["metadata", "name"], "income_model")], None), True),
        ("a candidate without weight", check_resources(schemas, [model, changed(experiment, ["spec", "candidates"], [{"name": "production"}])], None), True),
        ("an Experiment without candidates", check_resources(schemas, [model, changed(experiment, ["spec", "candidates"], None)], None), True),
        ("a mirror of an undefined model", check_resources(schemas, [model, changed(experiment, ["spec", "mirror"], {"name": "ghost", "percent": 100})], None), True),
    ]
    account = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "deploy", "namespace": "default"}}
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "deploy", "namespace": "seldon-mesh"},
        "rules": [{"apiGroups": ["mlops.seldon.io"], "resources": ["models", "experiments"], "verbs": ["get", "patch"]}],
    }
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "deploy", "namespace": "seldon-mesh"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deploy"},
        "subjects": [{"kind": "ServiceAccount", "name": "deploy", "namespace": "default"}],
    }
    cases += [
        ("a valid ServiceAccount, Role and RoleBinding", check_resources(schemas, [account, role, binding], None), False),
        ("a PolicyRule without verbs", check_resources(schemas, [account, changed(role, ["rules"], [{"apiGroups": ["mlops.seldon.io"], "resources": ["models", "experiments"]}]), binding], None), True),
        ("a RoleBinding without roleRef", check_resources(schemas, [account, role, changed(binding, ["roleRef"], None)], None), True),
        ("a Role granting pods", check_resources(schemas, [account, changed(role, ["rules"], [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]), binding], None), True),
        ("a ServiceAccount with an unknown field", check_resources(schemas, [changed(account, ["serviceAccountName"], "x"), role, binding], None), True),
    ]
    failures = [
        f"{name}: expected {'a failure' if should_fail else 'no problem'}, got {problems or 'none'}"
        for name, problems, should_fail in cases
        if bool(problems) != should_fail
    ]
    return failures, len(cases)


def main(arguments):
    if len(arguments) != 2:
        print("usage: python3 bench/validate_manifests.py EXPORT_DIR SCHEMA_DIR", file=sys.stderr)
        return 2
    export_dir, schema_dir = arguments
    if not os.path.isfile(os.path.join(schema_dir, PACHYDERM_SCHEMA)):
        print(f"skipped: no schemas in {schema_dir} ({PACHYDERM_SCHEMA} is absent)")
        return SKIPPED
    schemas = Schemas(schema_dir)
    failures, cases = self_check(schemas)
    if failures:
        for failure in failures:
            print(f"self-check failed: {failure}")
        return 2

    results = []
    for folder, suffix in (("pipelines", ".json"), ("rbac", ".yaml"), ("seldon", ".yaml")):
        directory = os.path.join(export_dir, folder)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if not name.endswith(suffix):
                continue
            path = os.path.join(directory, name)
            relative = f"{folder}/{name}"
            try:
                with open(path) as file:
                    if folder == "pipelines":
                        problems = check_pipeline(schemas, json.load(file))
                    else:
                        problems = check_resources(schemas, list(yaml.safe_load_all(file)), export_dir)
            except (ValueError, yaml.YAMLError) as error:
                problems = [f"does not parse: {error}"]
            results.append((relative, problems))
    if not results:
        print(f"nothing to check: no pipelines/*.json or seldon/*.yaml in {export_dir}")
        return 1
    for relative, problems in results:
        if problems:
            for problem in problems:
                print(f"FAIL {relative}: {problem}")
        else:
            print(f"ok   {relative}")
    invalid = sum(1 for _, problems in results if problems)
    print(f"{len(results) - invalid} valid, {invalid} invalid (self-check: {cases} cases passed)")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
