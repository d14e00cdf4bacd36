"""The production files in deploy/ agree with the code and with the runbook (no docker needed)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.county.config import CountySettings
from services.station.config import StationSettings
from services.township.config import TownshipSettings
from shared.events import default_registry
from shared.events import topics as topic_names
from shared.events.topics import dead_letter_topic
from shared.settings import PlatformSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BASE = DEPLOY / "k8s" / "base"
OVERLAYS = DEPLOY / "k8s" / "overlays"
RUNBOOK = ROOT / "docs" / "runbook.md"
TIERS = ("county", "township", "station")
PLATFORM_IMAGE = "renda-platform"

REPLICATION = 3
MIN_INSYNC = 2
RETENTION_FOREVER = "-1"


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return data


def _services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = _compose()["services"]
    return services


def _k8s_documents() -> list[dict[str, Any]]:
    documents = []
    for path in sorted((DEPLOY / "k8s").rglob("*.yaml")):
        documents += [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    return documents


def _k8s(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in _k8s_documents() if doc.get("kind") == kind}


def _kustomization(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    return data


def _literals(kustomization: dict[str, Any], name: str) -> dict[str, str]:
    for generator in kustomization.get("configMapGenerator", []):
        if generator["name"] == name:
            return dict(literal.split("=", 1) for literal in generator.get("literals", []))
    return {}


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {key.strip(): value for key, *rest in pairs if key.strip() and not key.startswith("#") for value in rest}


def _topics_file() -> dict[str, int]:
    topics = {}
    for line in (BASE / "kafka" / "topics.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, partitions = line.split()
            topics[name] = int(partitions)
    return topics


def _code_topics() -> set[str]:
    constants = {
        value for name, value in vars(topic_names).items() if name.isupper() and isinstance(value, str) and "." in value
    }
    constants.discard(topic_names.DEAD_LETTER_SUFFIX)
    return constants | default_registry().topics()


def _settings_env_names() -> set[str]:
    """Every environment variable a pydantic-settings class of the platform reads."""
    names = set()
    for cls in (PlatformSettings, CountySettings, TownshipSettings, StationSettings):
        prefix = str(cls.model_config.get("env_prefix", ""))
        for field, info in cls.model_fields.items():
            if info.annotation is PlatformSettings:
                continue  # nested: filled from its own RENDA_* variables
            names.add(f"{prefix}{field}".upper())
    return names


def _partitions() -> int:
    return int(_services()["county-api"]["environment"]["RENDA_KAFKA_PARTITIONS"])


def _is_platform(service: dict[str, Any]) -> bool:
    return PLATFORM_IMAGE in str(service.get("image", "")) or "build" in service


# Kafka in compose


def test_compose_runs_three_kraft_nodes_with_distinct_ids_and_one_quorum() -> None:
    brokers = {name: s for name, s in _services().items() if str(s.get("image", "")).startswith("apache/kafka:")}
    brokers.pop("kafka-init")
    assert len(brokers) == 3
    ids = {name: int(s["environment"]["KAFKA_NODE_ID"]) for name, s in brokers.items()}
    assert len(set(ids.values())) == 3
    voters = {s["environment"]["KAFKA_CONTROLLER_QUORUM_VOTERS"] for s in brokers.values()}
    assert len(voters) == 1, "every node names the same controller quorum"
    quorum = dict(voter.split("@") for voter in voters.pop().split(","))
    assert {int(node) for node in quorum} == set(ids.values())
    for name, node_id in ids.items():
        env = brokers[name]["environment"]
        assert quorum[str(node_id)] == f"{name}:9093"
        assert "broker" in env["KAFKA_PROCESS_ROLES"] and "controller" in env["KAFKA_PROCESS_ROLES"]
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{name}:9092"
    assert len({s["environment"]["CLUSTER_ID"] for s in brokers.values()}) == 1


def test_kafka_image_is_pinned_to_a_version() -> None:
    images = {s["image"] for s in _services().values() if "kafka" in str(s.get("image", ""))}
    images |= {
        container["image"]
        for doc in [*_k8s("StatefulSet").values(), *_k8s("Job").values()]
        for container in doc["spec"]["template"]["spec"]["containers"]
    }
    assert images == {images_pinned := next(iter(images))}
    assert re.fullmatch(r"apache/kafka:\d+\.\d+\.\d+", images_pinned)


def test_broker_defaults_are_as_durable_as_the_topics() -> None:
    brokers = [s for name, s in _services().items() if name.startswith("kafka-") and name != "kafka-init"]
    for broker in brokers:
        env = broker["environment"]
        assert env["KAFKA_DEFAULT_REPLICATION_FACTOR"] == str(REPLICATION)
        assert env["KAFKA_MIN_INSYNC_REPLICAS"] == str(MIN_INSYNC)
        assert env["KAFKA_LOG_RETENTION_MS"] == RETENTION_FOREVER
        assert env["KAFKA_NUM_PARTITIONS"] == str(_partitions())
        assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


# Topics


def test_every_topic_the_code_defines_and_its_dead_letter_topic_is_created() -> None:
    created = _topics_file()
    for topic in _code_topics():
        assert topic in created, f"{topic} has no line in deploy/k8s/base/kafka/topics.txt"
        assert dead_letter_topic(topic) in created, f"{dead_letter_topic(topic)} is not created"


def test_every_topic_has_the_partitions_the_processes_create_missing_topics_with() -> None:
    assert set(_topics_file().values()) == {_partitions()}


@pytest.mark.parametrize("where", ["compose", "k8s"])
def test_topic_init_creates_replicated_durable_topics_kept_forever(where: str) -> None:
    if where == "compose":
        init = _services()["kafka-init"]
        env = init["environment"]
        assert init["depends_on"].keys() >= {"kafka-1", "kafka-2", "kafka-3"}
    else:
        (container,) = _k8s("Job")["renda-topic-init"]["spec"]["template"]["spec"]["containers"]
        env = {item["name"]: item["value"] for item in container["env"]}
    assert env["TOPIC_REPLICATION_FACTOR"] == str(REPLICATION)
    assert env["TOPIC_MIN_INSYNC_REPLICAS"] == str(MIN_INSYNC)
    assert env["TOPIC_RETENTION_MS"] == RETENTION_FOREVER


def test_topic_script_applies_the_settings_it_is_given() -> None:
    script = (BASE / "kafka" / "create-topics.sh").read_text(encoding="utf-8")
    assert '--replication-factor "$TOPIC_REPLICATION_FACTOR"' in script
    assert '--partitions "$partitions"' in script
    assert "min.insync.replicas=$TOPIC_MIN_INSYNC_REPLICAS" in script
    assert "retention.ms=$TOPIC_RETENTION_MS" in script
    generated = _literals(_kustomization(BASE), "renda-topics") or {}
    files = next(g["files"] for g in _kustomization(BASE)["configMapGenerator"] if g["name"] == "renda-topics")
    assert not generated and set(files) == {"kafka/topics.txt", "kafka/create-topics.sh"}


# Platform containers in compose


def test_every_compose_service_has_a_health_check() -> None:
    one_shot = {"kafka-init", "renda"}
    for name, service in _services().items():
        if name not in one_shot:
            assert "healthcheck" in service and service["healthcheck"]["test"], f"{name} has no health check"


def test_api_health_checks_call_healthz_and_workers_run_renda_check() -> None:
    services = _services()
    for tier in TIERS:
        port = services[f"{tier}-api"]["environment"][f"RENDA_{tier.upper()}_PORT"]
        assert f"http://127.0.0.1:{port}/healthz" in " ".join(services[f"{tier}-api"]["healthcheck"]["test"])
        for kind in ("relay", "projections"):
            assert services[f"{tier}-{kind}"]["healthcheck"]["test"] == ["CMD", "renda", "check", tier]


def test_one_relay_and_projection_workers_per_store_run_the_real_commands() -> None:
    services = _services()
    for tier in TIERS:
        assert services[f"{tier}-api"]["command"] == ["serve", tier]
        assert services[f"{tier}-relay"]["command"] == ["relay", tier]
        assert services[f"{tier}-projections"]["command"] == ["project", tier]
        assert services[f"{tier}-relay"].get("deploy", {}).get("replicas", 1) == 1
    relays = [s for s in services.values() if s.get("command", [None])[0] == "relay"]
    assert len(relays) == len(TIERS)


def test_every_variable_set_for_a_platform_container_is_one_a_settings_class_reads() -> None:
    known = _settings_env_names()
    platform = [s for s in _services().values() if _is_platform(s)]
    assert len(platform) >= 9
    for service in platform:
        unknown = set(service["environment"]) - known
        assert not unknown, f"no settings class reads {sorted(unknown)}"


def test_compose_gives_every_setting_a_service_needs_in_production() -> None:
    for service in (s for s in _services().values() if _is_platform(s)):
        env = service["environment"]
        assert env["RENDA_ENVIRONMENT"] == "production"
        assert env["RENDA_KAFKA_REPLICATION"] == str(REPLICATION)
        for tier in TIERS:
            for key in ("EVENT_STORE_URL", "DATABASE_URL", "HOST", "PORT"):
                assert f"RENDA_{tier.upper()}_{key}" in env


# Kubernetes


def test_k8s_variables_are_ones_a_settings_class_reads() -> None:
    known = _settings_env_names()
    names = set(_literals(_kustomization(BASE), "renda-platform"))
    for overlay in OVERLAYS.iterdir():
        names |= set(_literals(_kustomization(overlay), "renda-platform"))
        secrets = _env_file(overlay / "secrets.env.example")
        names |= set(secrets) - {"KAFKA_CLUSTER_ID"}  # read by the Kafka pods, not the platform
    for deployment in _k8s("Deployment").values():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            names |= {item["name"] for item in container.get("env", [])}
    assert names - known == set()
    assert _literals(_kustomization(BASE), "renda-platform")["RENDA_KAFKA_PARTITIONS"] == str(_partitions())
    assert _literals(_kustomization(BASE), "renda-platform")["RENDA_KAFKA_REPLICATION"] == str(REPLICATION)


def test_k8s_kafka_is_three_kraft_nodes_whose_quorum_names_each_pod() -> None:
    kafka = _k8s("StatefulSet")["kafka"]
    replicas = kafka["spec"]["replicas"]
    assert replicas == 3
    (container,) = kafka["spec"]["template"]["spec"]["containers"]
    env = {item["name"]: item.get("value") for item in container["env"]}
    voters = dict(voter.split("@") for voter in env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(","))
    service = kafka["spec"]["serviceName"]
    assert voters == {str(ordinal): f"kafka-{ordinal}.{service}:9093" for ordinal in range(replicas)}
    assert 'KAFKA_NODE_ID="${HOSTNAME##*-}"' in " ".join(container["args"]), "node id is the pod ordinal"
    assert env["KAFKA_MIN_INSYNC_REPLICAS"] == str(MIN_INSYNC)
    assert env["KAFKA_LOG_RETENTION_MS"] == RETENTION_FOREVER


def _replicas(name: str, overlay: Path) -> int:
    for item in _kustomization(overlay).get("replicas", []):
        if item["name"] == name:
            return int(item["count"])
    return int(_k8s("Deployment")[name]["spec"]["replicas"])


@pytest.mark.parametrize("overlay", sorted(OVERLAYS.iterdir()), ids=lambda path: path.name)
def test_exactly_one_relay_per_store_and_no_more_workers_than_partitions(overlay: Path) -> None:
    deployments = _k8s("Deployment")
    assert "patches" not in _kustomization(overlay), "scale with `replicas:` so this test sees it"
    for tier in TIERS:
        relay = deployments[f"{tier}-relay"]
        assert relay["spec"]["strategy"]["type"] == "Recreate"
        assert _replicas(f"{tier}-relay", overlay) == 1
        assert 1 <= _replicas(f"{tier}-projections", overlay) <= _partitions()
    relays = [d for d in deployments.values() if d["spec"]["template"]["spec"]["containers"][0]["args"][0] == "relay"]
    assert len(relays) == len(TIERS)


def test_k8s_processes_run_the_real_commands_with_probes_on_healthz() -> None:
    deployments = _k8s("Deployment")
    for tier in TIERS:
        (api,) = deployments[f"{tier}-api"]["spec"]["template"]["spec"]["containers"]
        assert api["args"] == ["serve", tier]
        for probe in ("startupProbe", "readinessProbe"):
            assert api[probe]["httpGet"]["path"] == "/healthz"
        assert "livenessProbe" in api
        for kind, command in (("relay", "relay"), ("projections", "project")):
            (worker,) = deployments[f"{tier}-{kind}"]["spec"]["template"]["spec"]["containers"]
            assert worker["args"] == [command, tier]
            assert worker["readinessProbe"]["exec"]["command"] == ["renda", "check", tier]
        service = _k8s("Service")[tier]
        assert service["spec"]["selector"] == {"app.kubernetes.io/name": f"{tier}-api"}


def test_the_probed_path_is_the_one_the_health_router_serves() -> None:
    from shared.api.health import health_router

    assert "/healthz" in {getattr(route, "path", None) for route in health_router().routes}


# Runbook


def _runbook_numbers() -> dict[str, str]:
    """The rows of the runbook's durability table: `| what | number |`."""
    text = RUNBOOK.read_text(encoding="utf-8")
    section = text.split("## Durability numbers", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] and not set(cells[0]) <= {"-", " "}:
            rows[cells[0]] = cells[1]
    return rows


def test_runbook_states_the_durability_numbers_of_the_files() -> None:
    numbers = _runbook_numbers()
    assert numbers["brokers (KRaft, broker + controller)"] == "3"
    assert numbers["partitions per topic"] == str(_partitions())
    assert numbers["replication factor"] == str(REPLICATION)
    assert numbers["min.insync.replicas"] == str(MIN_INSYNC)
    assert numbers["retention.ms"] == RETENTION_FOREVER
    assert numbers["relays per store"] == "1"
    assert numbers["projection workers per service, at most"] == str(_partitions())


def test_every_renda_command_in_the_runbook_exists() -> None:
    from typer.main import get_command

    from renda.cli import app

    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    text = RUNBOOK.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.DOTALL) + re.findall(r"`([^`\n]+)`", text))
    used = re.findall(r"\brenda ([a-z][a-z-]+)", code)
    assert used
    assert set(used) - commands == set()


def test_compose_commands_in_the_runbook_name_real_services() -> None:
    services = set(_services())
    text = RUNBOOK.read_text(encoding="utf-8")
    for line in re.findall(r"docker compose [^\n`]*", text):
        words = shlex.split(line.replace("…", ""))
        for verb in ("run", "exec", "stop", "start", "restart", "up", "logs"):
            if verb in words:
                named = [w for w in words[words.index(verb) + 1 :] if not w.startswith("-") and "=" not in w]
                if named and verb in ("run", "exec"):
                    assert named[0] in services, line
