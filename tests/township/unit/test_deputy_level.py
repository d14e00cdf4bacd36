"""The township routes to the city only through a serving city-level deputy on its roster."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import create_engine, insert

from shared.figures.station_work import METADATA, deputies
from shared.figures.station_work_queries import deputy_level

SERVING, LEFT, UNKNOWN = UUID(int=1), UUID(int=2), UUID(int=3)


def test_only_a_serving_deputy_has_a_level_for_routing() -> None:
    engine = create_engine("sqlite://")
    METADATA.create_all(engine)
    common = {"level": "city", "holds_leading_office": False, "is_public_servant": False}
    with engine.begin() as connection:
        connection.execute(
            insert(deputies),
            [
                {"deputy_id": SERVING, "name": "刘芳", "serving": True, "left_reason": None, **common},
                {"deputy_id": LEFT, "name": "赵强", "serving": False, "left_reason": "recalled", **common},
            ],
        )

    assert deputy_level(engine, deputy_id=SERVING) == "city"
    assert deputy_level(engine, deputy_id=LEFT) is None
    assert deputy_level(engine, deputy_id=UNKNOWN) is None
