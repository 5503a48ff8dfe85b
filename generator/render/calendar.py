"""The calendar file (.ics): deadlines and recurring duties, made with icalendar.

Recurring duties carry no date in the notice ("每年", "每季度"); they are placed
at the end of the period as a reminder, and each event says so.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vRecur

from generator.model.annotations import AnnotationSet, Timing
from generator.model.document import Document
from generator.views.links import sentence_label

PERIOD_RULES = {
    "yearly": {"freq": "yearly"},
    "quarterly": {"freq": "monthly", "interval": 3, "bymonthday": -1},
    "monthly": {"freq": "monthly", "bymonthday": -1},
    "every-3-years": {"freq": "yearly", "interval": 3},
}
REMINDER_NOTE = "原文只规定周期，未规定具体日期；此处放在周期末作为提醒。"


def calendar_bytes(doc: Document, ann: AnnotationSet) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//dangjian-handbook//zh-CN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{doc.number}时间表")
    stamp = dt.datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=dt.timezone.utc)
    for entry in ann.articles:
        for k, timing in enumerate(entry.timings, start=1):
            event = _event(doc, entry.article, k, timing, stamp)
            if event is not None:
                cal.add_component(event)
    return cal.to_ical()


def _event(doc: Document, article: int, k: int, timing: Timing, stamp: dt.datetime) -> Event | None:
    start, rule, note = _when(doc, timing)
    if start is None:
        return None
    event = Event()
    event.add("uid", f"{doc.id}-art-{article}-{k}@dangjian-handbook")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(days=1))
    event.add("summary", f"第{article}条：{timing.what}")
    citation = f"出处：{doc.number}{sentence_label(timing.sentence)[1]}"
    quote = f"原文：“{timing.quote}”。" if timing.quote else ""
    event.add("description", f"{quote}{citation}。{note}".strip())
    if rule:
        event.add("rrule", vRecur(rule))
    return event


def _when(doc: Document, timing: Timing) -> tuple[dt.date | None, dict | None, str]:
    year_end = dt.date(doc.date.year, 12, 31)
    if timing.kind == "deadline":
        return timing.date, None, ""
    if timing.kind == "recurrence" and timing.recurrence in PERIOD_RULES:
        start = dt.date(doc.date.year, 9, 30) if timing.recurrence == "quarterly" else year_end
        if timing.recurrence == "monthly":
            start = dt.date(doc.date.year, 7, 31)
        return start, PERIOD_RULES[timing.recurrence], REMINDER_NOTE
    if timing.event and "七一" in timing.event:
        return dt.date(doc.date.year, 7, 1), {"freq": "yearly"}, "原文为“七一”所在周；此处标在 7 月 1 日。"
    return None, None, ""
