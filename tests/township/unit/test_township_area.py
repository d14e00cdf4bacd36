"""A township's area is drawn from its copy of the region directory when asked: a village moved to another
township belongs there, and a place the directory does not list hangs under the parent its code implies."""

from __future__ import annotations

from services.township.projections.regions import Directory

CITY, YIYANG, CHENGGUAN, FENGLI = "410300000000", "410327000000", "410327100000", "410327101000"
DONGMEN, XIGUAN = "410327100201", "410327100202"

MOVED = Directory(
    parents={
        CITY: None,
        YIYANG: CITY,
        CHENGGUAN: YIYANG,
        FENGLI: YIYANG,
        DONGMEN: FENGLI,  # moved from 城关镇 to 丰李镇
        XIGUAN: CHENGGUAN,
    }
)


def test_a_moved_village_lies_in_the_township_it_was_moved_to_and_no_longer_in_the_old_one() -> None:
    assert MOVED.chain(DONGMEN) == [DONGMEN, FENGLI, YIYANG, CITY, "410000000000"]
    assert MOVED.lies_within(DONGMEN, FENGLI) and not MOVED.lies_within(DONGMEN, CHENGGUAN)
    assert MOVED.lies_within(DONGMEN, YIYANG) and MOVED.lies_within(DONGMEN, CITY)


def test_a_place_the_directory_does_not_list_hangs_under_the_parent_its_code_implies() -> None:
    assert Directory(parents={}).chain(DONGMEN) == [DONGMEN, CHENGGUAN, YIYANG, CITY, "410000000000"]
    assert MOVED.lies_within("410327100203", CHENGGUAN)


def test_a_township_area_reaches_the_villages_moved_in_and_leaves_out_the_ones_moved_away() -> None:
    fengli, chengguan = MOVED.area(FENGLI), MOVED.area(CHENGGUAN)

    assert fengli.prefixes == ("410327101", "410327100201")
    assert fengli.holds(DONGMEN) and fengli.holds("410327101201")
    assert chengguan.prefixes == ("410327100",)
    assert not chengguan.holds(DONGMEN) and chengguan.holds(XIGUAN)


def test_a_loop_in_the_directory_ends_the_chain() -> None:
    looped = Directory(parents={CHENGGUAN: DONGMEN, DONGMEN: CHENGGUAN})
    assert looped.chain(DONGMEN) == [DONGMEN, CHENGGUAN]
