"""`renda run`: the embedded platform on one machine — broker, three services, their relays and projections.

Every process it starts is its child; Ctrl-C (or SIGTERM) stops them all, the broker last.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from renda.broker import start_broker, stop_process, wait_for_port
from renda.demo.seed import ACCOUNTS, DEMO_PASSWORD, demo_terminal_key, seed
from renda.embedded_redis import start_redis
from renda.services import SERVICES
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings, ServiceSettings

WORKERS = ("serve", "relay", "project")


@dataclass
class Child:
    label: str
    process: subprocess.Popen[bytes]


def _spawn(*, args: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    log = open(log_path, "ab")  # noqa: SIM115 — the child writes to it until it exits
    # A new session: Ctrl-C reaches only the supervisor, which then stops the children in order.
    return subprocess.Popen(
        [sys.executable, "-m", "renda.cli", *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _prepare(runtimes: dict[str, ServiceRuntime]) -> None:
    """Create tables, rebuild projections whose version changed, create topics — once, before any child starts."""
    for runtime in runtimes.values():
        for runner in runtime.runners():
            runner.prepare()


def run_platform(console: Console, *, with_broker: bool = True) -> int:
    platform = PlatformSettings()
    var = Path(platform.var_dir)
    logs = var / "log"
    logs.mkdir(parents=True, exist_ok=True)
    host, _, port = platform.kafka_bootstrap.rpartition(":")
    broker = None
    if with_broker:
        console.print(f"[bold]启动 Kafka 协议代理 (Tansu)[/] {platform.kafka_bootstrap}")
        broker = start_broker(host=host, port=int(port), log_path=logs / "broker.log")
    else:
        wait_for_port(host=host, port=int(port))
    redis_server = None
    if platform.redis_url is None:
        redis_server, redis_url = start_redis(var_dir=var, log_path=logs / "redis.log")
        # The children inherit it, so every service, relay and projection worker uses this one Redis.
        os.environ["RENDA_REDIS_URL"] = redis_url
        console.print(f"[bold]启动 Redis（实时更新）[/] {redis_url}")
    children: list[Child] = []
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        runtimes = {name: entry.build_runtime() for name, entry in SERVICES.items()}
        _prepare(runtimes)
        seed(runtimes)
        terminal_key = demo_terminal_key(runtimes["station"], var_dir=var)
        for runtime in runtimes.values():
            runtime.close()
        for name in SERVICES:
            for worker in WORKERS:
                label = f"{name}-{worker}"
                children.append(Child(label, _spawn(args=[worker, name], log_path=logs / f"{label}.log")))
        urls = {name: entry.build_runtime().settings for name, entry in SERVICES.items()}
        for settings in urls.values():
            wait_for_port(host=settings.host, port=settings.port, timeout=60)
        _print_banner(console, urls=urls, logs=logs, terminal_key=terminal_key)
        while not stopping:
            if broker is not None and broker.poll() is not None:
                console.print(f"[red]Kafka 协议代理已退出（代码 {broker.returncode}），见 {logs}/broker.log[/]")
                stopping = True
            for child in children:
                if child.process.poll() is not None:
                    console.print(
                        f"[red]{child.label} 已退出（代码 {child.process.returncode}），见 {logs}/{child.label}.log[/]"
                    )
                    stopping = True
            time.sleep(0.3)
        return 0 if all(child.process.poll() is None for child in children) else 1
    finally:
        console.print("正在停止……")
        for child in children:
            if child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        for child in children:
            stop_process(child.process, timeout=15)
        if broker is not None:
            stop_process(broker)
        if redis_server is not None:
            stop_process(redis_server)
        console.print("已全部停止。")


def _print_banner(console: Console, *, urls: dict[str, ServiceSettings], logs: Path, terminal_key: str) -> None:
    console.print("[bold green]人大代表履职平台 — 已启动[/]")
    for name, settings in urls.items():
        base = f"http://{settings.host}:{settings.port}"
        console.print(f"  {name:<9} {base}   健康检查 {base}/healthz   接口文档 {base}/docs", soft_wrap=True)
    county = urls["county"]
    console.print(
        f"[bold]网页（驾驶舱、建议督办、代表履职、联络站、人事任免）：http://{county.host}:{county.port}/ui/[/]"
    )
    console.print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in ACCOUNTS:
        console.print(
            f"  {account.username:<13} {account.role.value:<16} {account.region_code}  {account.display_name}",
            soft_wrap=True,
        )
    station = urls["station"]
    console.print(f"联络站终端：http://{station.host}:{station.port}/terminal   东门社区联络站设备密钥：{terminal_key}")
    console.print(f"日志：{logs}/   按 Ctrl-C 停止全部进程。")
