"""Charts are accessible SVG with the data beside them."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from app.domain.series import Point
from app.domain.trend import goal_trend
from app.reports.charts import ChartWords, goal_chart, t_score_chart

D0 = date(2026, 3, 2)
NS = {"s": "http://www.w3.org/2000/svg"}


def test_goal_chart_is_labelled_and_marks_the_key_dates() -> None:
    points = [Point(D0, -2), Point(D0 + timedelta(weeks=2), -1), Point(D0 + timedelta(weeks=4), 0)]
    chart = goal_chart(
        "Keep the home safe",
        points,
        target_date=D0 + timedelta(weeks=8),
        decision_date=D0 + timedelta(weeks=10),
        trend=goal_trend(points, D0 + timedelta(weeks=10)),
    )
    svg = ET.fromstring(str(chart.svg))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    assert svg.find("s:title", NS).get("id") == title_id  # type: ignore[union-attr]
    assert svg.find("s:desc", NS).get("id") == desc_id  # type: ignore[union-attr]
    assert svg.find("s:title", NS).text == "Level over time: Keep the home safe"  # type: ignore[union-attr]
    desc = svg.find("s:desc", NS).text or ""  # type: ignore[union-attr]
    assert "3 scores" in desc and "+0.50 levels a week" in desc and "11 May 2026" in desc
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert {"+2 much more", "0 expected", "−2 much less"} <= set(labels)
    assert "target 27 April 2026" in labels and "decision 11 May 2026" in labels
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}circle"))) == 3
    assert chart.table.rows == [
        ["2 March 2026", "−2", "much less than expected"],
        ["16 March 2026", "−1", "somewhat less than expected"],
        ["30 March 2026", "0", "expected level"],
    ]


def test_goal_chart_escapes_text() -> None:
    chart = goal_chart("<script>x</script> & co", [], target_date=None, decision_date=None)
    assert "<script>" not in str(chart.svg)
    ET.fromstring(str(chart.svg))  # still well-formed


def test_t_score_chart_has_the_fifty_line_and_a_table() -> None:
    chart = t_score_chart(
        "GAS T-score by week",
        {"Family": [(D0, 37.6), (D0 + timedelta(weeks=1), 50.0)], "Jo": [(D0, 40.0)]},
    )
    svg = ET.fromstring(str(chart.svg))
    assert svg.get("role") == "img"
    assert "50" in [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert chart.table.columns == ["Week ending", "Family", "Jo"]
    assert chart.table.rows == [["2 March 2026", "37.6", "40.0"], ["9 March 2026", "50.0", ""]]


HOSTILE = "<script>&\"'"
ESCAPED = "&lt;script&gt;&amp;&#34;&#39;"


def test_every_text_on_a_goal_chart_is_escaped() -> None:
    words = ChartWords(
        levels={lv: f"{HOSTILE}{lv}" for lv in range(-2, 3)},
        target=HOSTILE + " {date}",
        tick=lambda on: HOSTILE,
    )
    points = [Point(D0, -1), Point(D0 + timedelta(weeks=2), 1)]
    chart = goal_chart(HOSTILE, points, target_date=D0, decision_date=None, words=words)
    svg = str(chart.svg)
    assert "<script>" not in svg and "&\"'" not in svg
    assert svg.count(ESCAPED) == 1 + 5 + 6 + 1  # title, level labels, ticks, target
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert f"{HOSTILE}0" in texts and f"{HOSTILE} 2 March 2026" in texts
    assert root.find("s:title", NS).text == f"Level over time: {HOSTILE}"  # type: ignore[union-attr]


def test_every_text_on_a_t_score_chart_is_escaped() -> None:
    chart = t_score_chart(HOSTILE, {"Family": [(D0, 40.0)], HOSTILE: [(D0, 60.0)]})
    svg = str(chart.svg)
    assert "<script>" not in svg and "&\"'" not in svg
    assert svg.count(ESCAPED) == 2  # the title and the series' name
    root = ET.fromstring(svg)
    assert HOSTILE in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert root.find("s:title", NS).text == HOSTILE  # type: ignore[union-attr]
