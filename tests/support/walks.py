"""Command walks that several test modules replay: a meeting from invitation to press release,
a plan from draft to monitoring (the files they write and the meetings a plan needs)."""

from __future__ import annotations

from tests.support.cli import lpsc

MEETING_FILE = "meetings/2025/lpsc-2025-03-12.yaml"

MEETING_WALK = [
    ["meeting", "new", "--type", "lpsc", "--date", "2025-03-12", "--time", "10:00", "--end", "12:30",
     "--location", "sq:Salla e Këshillit Bashkiak", "--location", "en:Municipal Council Hall", "--mode", "in-person",
     "--agenda", "Approval of the 2025 local plan"],
    ["meeting", "invite", "lpsc-2025-03-12", "--sent", "2025-03-04T09:00", "--guest", "Dritan Leka@Youth Association"],
    ["meeting", "attend", "lpsc-2025-03-12", "member-ilir-dervishi", "--status", "present"],
    ["meeting", "attend", "lpsc-2025-03-12", "member-arta-kola", "--status", "virtual"],
    ["meeting", "attend", "lpsc-2025-03-12", "member-besa-rama", "--status", "excused", "--explanation-received",
     "2025-03-11"],
    ["meeting", "decide", "lpsc-2025-03-12", "--text", "sq:Miratohet plani vendor 2025.", "--text",
     "en:The 2025 local plan is approved.", "--adopted", "consensus", "--signed", "2025-03-13"],
    ["meeting", "minutes", "lpsc-2025-03-12", "--status", "signed", "--recorded-by", "member-arta-kola",
     "--sent-to-members", "2025-03-14", "--submitted-cve", "2025-03-20", "--submitted-nccs", "2025-03-20"],
    ["meeting", "publish", "lpsc-2025-03-12", "--press-release", "2025-03-12T16:00", "--url",
     "https://example.invalid/news/1", "--summary", "The council approved the 2025 local action plan."],
]  # fmt: skip


PLAN_FILE = "plans/plan-2025.yaml"


def plan_meetings(runner, app, root) -> None:
    lpsc(runner, app, root, "meeting", "new", "--type", "open-consultation", "--date", "2025-01-22")
    lpsc(runner, app, root, "meeting", "new", "--type", "lpsc", "--date", "2025-02-05")
    lpsc(runner, app, root, "meeting", "new", "--type", "open-consultation", "--date", "2025-06-25")


PLAN_STEPS = [
    ["plan", "new", "2025", "--title", "sq:Plani vendor 2025", "--title", "en:Local plan 2025", "--consultation",
     "consult-2025-01-22"],
    ["plan", "item", "plan-2025", "--no", "1.4", "--issue", "Rising number of domestic violence cases", "--evidence",
     "112 reports in 2024", "--priority", "high"],
    ["plan", "activity", "plan-2025", "1.4", "--text", "Information sessions in schools", "--responsible",
     "prosecution-testville", "--responsible", "school-testville-1", "--lead", "prosecution-testville", "--timing",
     "H1", "--timing-label", "First 6-month period", "--indicator", "Number of sessions", "--target", "10 sessions"],
    ["plan", "activity", "plan-2025", "1.4", "--text", "Monthly coordination with the police", "--responsible",
     "police-testville", "--timing", "every:1", "--weight", "3"],
    ["plan", "progress", "plan-2025", "1.4.1", "--date", "2025-04-15", "--percent", "60", "--note",
     "6 sessions held"],
    ["plan", "progress", "plan-2025", "1.4.2", "--date", "2025-04-15", "--percent", "20"],
    ["plan", "approve", "plan-2025", "--meeting", "lpsc-2025-02-05"],
    ["plan", "publish", "plan-2025", "--institution", "municipality-testville", "--date", "2025-02-10", "--url",
     "https://example.invalid/plan"],
    ["plan", "monitor", "plan-2025", "--period", "H1", "--meeting", "consult-2025-06-25", "--report-date",
     "2025-07-05", "--approved-by-chair", "2025-07-08"],
]  # fmt: skip
