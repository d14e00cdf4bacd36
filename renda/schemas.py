"""`renda schemas`: write the JSON Schema of every new event version; refuse a change to a published one."""

from __future__ import annotations

from rich.console import Console


def write_schemas(console: Console) -> int:
    """Write the missing schemas; exit code 1, naming them, if a published schema was changed."""
    from shared.events import default_registry
    from shared.events.schema_export import check_schemas

    changed = check_schemas(default_registry(), write_missing=True)
    if changed:
        console.print("[red]已发布的事件模式被修改（应新增版本并编写升级器）：[/] " + ", ".join(changed))
        return 1
    console.print("事件模式已是最新。")
    return 0
