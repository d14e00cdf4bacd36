"""The shape of the city's year the replay and dashboard benchmarks are measured on: how many of what, where."""

from __future__ import annotations

import math

YEAR = 2025
ACTIVITY_DAYS = 24
"""The 5th and the 20th of every month."""
DEPUTIES_PER_STATION = 5
CHECK_INS_PER_DAY = 4
OPINIONS_PER_DAY = 10
SOLVED_ON_SPOT_PER_DAY = 2
REFERRED_PER_DAY = 3
SUGGESTIONS_PER_DEPUTY = 2
HANDLING_UNITS = 10
COUNTIES = (
    "410302",
    "410303",
    "410304",
    "410305",
    "410306",
    "410307",
    "410322",
    "410323",
    "410324",
    "410325",
    "410326",
    "410327",
    "410328",
    "410329",
    "410381",
)
TOWNSHIPS_PER_COUNTY = 10
CITY = "410300000000"
GLOBAL_EVENTS = 2 + HANDLING_UNITS
"""The year's holiday schedule, the routing rule, and the handling units."""
PER_STATION_DAY = 1 + CHECK_INS_PER_DAY + OPINIONS_PER_DAY + SOLVED_ON_SPOT_PER_DAY + REFERRED_PER_DAY + 1
PER_STATION = (
    2  # set up, activity days fixed
    + 2 * DEPUTIES_PER_STATION  # elected, attached
    + ACTIVITY_DAYS * (PER_STATION_DAY + 3 * REFERRED_PER_DAY)  # the township opens, routes, answers
    + 4 * SUGGESTIONS_PER_DEPUTY * DEPUTIES_PER_STATION  # submitted, reviewed, registered, assigned
)
CATEGORIES = ("城乡建设", "交通出行", "教育医疗", "社会保障", "环境卫生", "农业农村")
OPINIONS = (
    "村道破损，雨天积水，请求修缮",
    "路灯不亮，夜间出行不便",
    "学校门口上下学时段拥堵，建议设置交通协管",
    "村卫生室药品不全，慢性病患者取药困难",
    "垃圾清运不及时，气味较大",
    "灌溉渠淤堵，影响春耕用水",
)


def stations_for(events: int) -> int:
    """Stations enough for `events` in a year (the last activity day is cut where the count is reached)."""
    return max(1, math.ceil((events - GLOBAL_EVENTS) / PER_STATION))
