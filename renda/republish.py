"""`renda republish`: publish a service's stored events again from a position, after the broker lost its data.

It rewinds the service's relay, so the one publisher sends everything again in store order; a relay that
is running picks it up at once, a stopped one when it starts.
"""

from __future__ import annotations

from rich.console import Console

from shared.runtime import ServiceRuntime


def republish_from(console: Console, runtime: ServiceRuntime, *, service: str, start: int) -> None:
    """Rewind the relay of `runtime` to just before `start` and say how many events it will send again."""
    runtime.relay_positions.rewind(relay=runtime.name, to=start - 1)
    console.print(
        f"{service}: 转发器已回到位置 {start - 1}，将按存储顺序重新发布 {runtime.store.position() - start + 1} 条事件"
    )
