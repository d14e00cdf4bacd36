"""The roll-up tree: a parent's figures are its children's sums, and a moved place takes its history along."""

from __future__ import annotations

from typing import Any

from services.county.projections.rollup import FIGURE_NAMES, Facts, build_tree

CITY, COUNTY, OTHER_COUNTY = "410300000000", "410327000000", "410328000000"
TOWN_A, TOWN_B = "410327100000", "410327101000"
VILLAGE = "410327100201"


def _unit(code: str, name: str, kind: str, parent: str | None) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": kind, "parent_code": parent}


DIRECTORY = {
    CITY: _unit(CITY, "洛阳市", "city", None),
    COUNTY: _unit(COUNTY, "宜阳县", "county", CITY),
    OTHER_COUNTY: _unit(OTHER_COUNTY, "洛宁县", "county", CITY),
    TOWN_A: _unit(TOWN_A, "城关镇", "town", COUNTY),
    TOWN_B: _unit(TOWN_B, "锦屏镇", "town", COUNTY),
    VILLAGE: _unit(VILLAGE, "东门社区", "community", TOWN_A),
}


def _facts() -> Facts:
    return Facts(
        stations={
            "station-1": (VILLAGE, "东门社区代表联络站", {"opinions": 5, "voters_received": 40}),
            "station-2": (TOWN_B + "", "锦屏镇代表联络站", {"opinions": 2, "voters_received": 10}),
        },
        places={
            COUNTY: {**dict.fromkeys(FIGURE_NAMES, 0), "appointments_person_times": 3},
            "410328100203": {**dict.fromkeys(FIGURE_NAMES, 0), "suggestions_received": 4},
        },
    )


def test_every_parent_is_the_sum_of_its_children_down_to_the_stations() -> None:
    tree = build_tree(_facts(), DIRECTORY, scope=CITY)

    for node in tree.walk():
        if node.children:
            for name in FIGURE_NAMES:
                assert node.figures[name] == sum(child.figures[name] for child in node.children), (node.code, name)
    assert tree.figures["opinions"] == 7
    assert tree.figures["appointments_person_times"] == 3
    county = tree.find(COUNTY)
    assert county is not None and county.figures["opinions"] == 7
    assert [child.name for child in county.children][-1] == "本级"


def test_a_village_moved_to_another_township_takes_its_stations_history_with_it() -> None:
    moved = {**DIRECTORY, VILLAGE: _unit(VILLAGE, "东门社区", "community", TOWN_B)}

    before = build_tree(_facts(), DIRECTORY, scope=CITY)
    after = build_tree(_facts(), moved, scope=CITY)

    assert before.find(TOWN_A).figures["opinions"] == 5  # type: ignore[union-attr]
    assert after.find(TOWN_A).figures["opinions"] == 0  # type: ignore[union-attr]
    assert after.find(TOWN_B).figures["opinions"] == 7  # type: ignore[union-attr]
    assert after.figures == before.figures


def test_a_place_missing_from_the_directory_hangs_under_the_parent_its_code_implies() -> None:
    tree = build_tree(_facts(), DIRECTORY, scope=CITY)

    village = tree.find("410328100203")
    township = tree.find("410328100000")
    assert village is not None and township is not None and village.name == "410328100203"
    assert township.find("410328100203") is village
    assert tree.find(OTHER_COUNTY).figures["suggestions_received"] == 4  # type: ignore[union-attr]


def test_a_tree_opened_toward_a_township_gives_the_trail_and_that_townships_children_only() -> None:
    tree = build_tree(_facts(), DIRECTORY, scope=CITY)

    opened = tree.as_dict(depth=1, toward=TOWN_A)

    def shown(node: dict[str, Any]) -> dict[str, Any]:
        return {child["code"]: shown(child) for child in node["children"]}

    county, other_county = opened["children"][0], opened["children"][1]
    assert (county["code"], other_county["code"]) == (COUNTY, OTHER_COUNTY)
    assert other_county["children"] == [], "a place off the trail is given without its children"
    town_a = next(child for child in county["children"] if child["code"] == TOWN_A)
    town_b = next(child for child in county["children"] if child["code"] == TOWN_B)
    assert town_b["children"] == []
    assert [child["code"] for child in town_a["children"]] == [VILLAGE]
    assert shown(town_a) == {VILLAGE: {}}, "one level below the township, no further"
    assert town_a["figures"] == tree.find(TOWN_A).as_dict(depth=0)["figures"]  # type: ignore[union-attr]
    assert tree.as_dict(depth=1, toward=CITY) == tree.as_dict(depth=1)
