"""A case's data in the documented layout that mirrors the National Child Mortality Database's
forms (notification, reporting, supplementary reporting, analysis), as JSON or CSV, and the
import of the same layout. `docs/child_deaths.md` describes every field.

JSON: one object with the layout's name and version and one member a form. CSV: four columns,
`form,item,field,value`, one row a field; `item` numbers the repeated forms (each agency's
reporting form, each contributory factor, each action) from 1 and is empty for the others.

An import is checked whole before anything is written, with the same rules as the pages (a
death after its notification, an age of 18 or over, an unknown category are refused), and is
written in one transaction: all of it or nothing.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.child_deaths import rules, selectors, services
from safeguarding.child_deaths.models import (
    AgencyReport,
    ChildDeath,
    ContributoryFactor,
    Domain,
    Place,
    Residence,
    Sex,
    Unexpected,
)
from safeguarding.core.clocks import CDOP_REVIEW_DUE
from safeguarding.core.files import FORMULA_STARTS, safe_row
from safeguarding.core.models import ActionItem, WorkflowEvent
from safeguarding.core.services import deadline_meet

LAYOUT = "safeguarding-child-death-review"
VERSION = 1
CSV_HEADER = ["form", "item", "field", "value"]

# (form, field, model attribute) in the order they are written; a form's repeated rows follow.
NOTIFICATION = (
    ("case_reference", "reference"), ("pseudonym", "pseudonym"),
    ("date_notified", "notified_on"), ("notifying_agency", None),
    ("date_of_death", "date_of_death"), ("place_of_death", "place_of_death"),
    ("residence", "residence"), ("age_years", "age_years"), ("age_months", "age_months"),
    ("sex", "sex"), ("ethnicity", "ethnicity"), ("expected_or_unexpected", None),
    ("unexpected_because", "unexpected_because"), ("circumstances", "circumstances"),
    ("status", "status"),
)
SUPPLEMENTARY = (
    ("jar_meeting_on", "jar_meeting_on"), ("jar_attendees", "jar_attendees"),
    ("jar_timeline", "jar_timeline"), ("post_mortem", None),
    ("post_mortem_report_on", "post_mortem_report_on"),
    ("cdrm_notice_sent_on", "cdrm_notice_sent_on"), ("cdrm_on", "cdrm_on"),
    ("cdrm_summary", "cdrm_summary"),
)
ANALYSIS = (
    ("cdop_meeting_on", "cdop_meeting_on"), ("category", "category"),
    ("modifiable_factors", "modifiable"), ("learning", "learning"),
)
REPORTING = ("agency", "due_on", "involvement", "factors", "learning", "submitted_on")
FACTOR = ("domain", "description", "contributed")
ACTION = ("title", "owner_agency", "due_on", "status", "completed_on")
DATES = {"date_notified", "date_of_death", "jar_meeting_on", "post_mortem_report_on",
         "cdrm_notice_sent_on", "cdrm_on", "cdop_meeting_on", "due_on", "submitted_on",
         "completed_on"}
REPEATED = {"reporting": REPORTING, "factor": FACTOR, "action": ACTION}

UNREADABLE = "The file must be JSON or CSV in the child death review layout"
WRONG_LAYOUT = "The file is not in the child death review layout (version 1)"
UNKNOWN_AGENCY = "{where}: no agency called “{name}” works in this partnership"
ALREADY_THERE = "Case reference {reference} is already open in this partnership"
CLOSED_NEEDS_ANALYSIS = "a closed review needs the date of the CDOP meeting, the category, " \
                        "whether there were modifiable factors and the learning"
COMPLETED_NEEDS_DATE = "a completed action needs the date it was completed"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# -- export --------------------------------------------------------------------------------------


def case_export(death: ChildDeath) -> dict:
    """The case as the layout's dictionary: every value a string ("" when not recorded)."""
    notification = {name: _text(getattr(death, attr)) for name, attr in NOTIFICATION if attr}
    notification["notifying_agency"] = death.notifying_agency.name
    notification["expected_or_unexpected"] = "unexpected" if death.unexpected else "expected"
    supplementary = {name: _text(getattr(death, attr)) for name, attr in SUPPLEMENTARY if attr}
    supplementary["post_mortem"] = _text(death.post_mortem)
    analysis = {name: _text(getattr(death, attr)) for name, attr in ANALYSIS}
    return {
        "layout": LAYOUT, "version": VERSION,
        "notification": {name: notification[name] for name, _ in NOTIFICATION},
        "reporting": [
            {"agency": r.agency.name, **{f: _text(getattr(r, f)) for f in REPORTING[1:]}}
            for r in death.agency_reports.select_related("agency").order_by("agency__name")
        ],
        "supplementary": {name: supplementary[name] for name, _ in SUPPLEMENTARY},
        "analysis": {
            **analysis,
            "factors": [{f: _text(getattr(factor, f)) for f in FACTOR}
                        for factor in death.factors.order_by("domain", "id")],
            "actions": [{"title": a.title, "owner_agency": a.owner_agency.name,
                         "due_on": _text(a.due_on), "status": a.status,
                         "completed_on": _text(a.completed_on)}
                        for a in selectors.actions_of(death)],
        },
    }


def to_json(data: dict) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False).encode()


def csv_rows(data: dict) -> list[list[str]]:
    rows = [["layout", "", "name", data["layout"]], ["layout", "", "version", str(data["version"])]]
    rows += [["notification", "", k, v] for k, v in data["notification"].items()]
    for number, report in enumerate(data["reporting"], start=1):
        rows += [["reporting", str(number), k, v] for k, v in report.items()]
    rows += [["supplementary", "", k, v] for k, v in data["supplementary"].items()]
    rows += [["analysis", "", k, v] for k, v in data["analysis"].items()
             if k not in ("factors", "actions")]
    for form, key in (("factor", "factors"), ("action", "actions")):
        for number, entry in enumerate(data["analysis"][key], start=1):
            rows += [[form, str(number), k, v] for k, v in entry.items()]
    return rows


def to_csv(data: dict) -> bytes:
    """CSV with every text cell safe from spreadsheet formulas (a leading apostrophe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in csv_rows(data):
        writer.writerow(safe_row(row))
    return out.getvalue().encode("utf-8-sig")


# -- reading a file -------------------------------------------------------------------------------


def parse(content: bytes) -> dict:
    """The layout's dictionary from a JSON or CSV file; ValidationError if it is neither."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(UNREADABLE) from None
    try:
        data = _parse_json(text) if text.lstrip().startswith("{") else _parse_csv(text)
    except csv.Error:  # a cell too long, a stray line break: not a CSV file of the layout
        raise ValidationError(UNREADABLE) from None
    if data.get("layout") != LAYOUT or str(data.get("version")) != str(VERSION):
        raise ValidationError(WRONG_LAYOUT)
    return data


def _parse_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ValidationError(UNREADABLE) from None
    if not isinstance(data, dict):
        raise ValidationError(UNREADABLE)
    return data


def _unsafe(value: str) -> str:
    """Undo the export's formula guard: an apostrophe before a formula character."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _parse_csv(text: str) -> dict:
    reader = csv.reader(io.StringIO(text))
    if next(reader, None) != CSV_HEADER:
        raise ValidationError(UNREADABLE)
    data = {"notification": {}, "supplementary": {}, "analysis": {}, "reporting": [],
            "factors": [], "actions": []}
    repeated: dict[str, dict[int, dict]] = {form: {} for form in REPEATED}
    for row in reader:
        if not row:
            continue
        if len(row) != 4:
            raise ValidationError(UNREADABLE)
        form, item, field, value = (_unsafe(cell) for cell in row)
        if form == "layout":
            data[{"name": "layout", "version": "version"}.get(field, field)] = value
        elif form in ("notification", "supplementary", "analysis"):
            data[form][field] = value
        elif form in REPEATED and item.isdigit():
            repeated[form].setdefault(int(item), {})[field] = value
        else:
            raise ValidationError(f"Row {reader.line_num}: unknown form “{form}”")
    data["reporting"] = [repeated["reporting"][n] for n in sorted(repeated["reporting"])]
    data["analysis"]["factors"] = [repeated["factor"][n] for n in sorted(repeated["factor"])]
    data["analysis"]["actions"] = [repeated["action"][n] for n in sorted(repeated["action"])]
    return data


# -- checking and importing ---------------------------------------------------------------------


class _Reader:
    """Reads the layout's strings into values, collecting every problem with where it is."""

    def __init__(self):
        self.errors: list[str] = []

    def date(self, where: str, value, required=False) -> date | None:
        value = (value or "").strip()
        if not value:
            if required:
                self.errors.append(f"{where}: enter a date, like 2026-05-03")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.errors.append(f"{where}: “{value}” is not a date like 2026-05-03")
            return None

    def choice(self, where: str, value, choices, required=True, message="") -> str:
        value = (value or "").strip()
        if not value and not required:
            return ""
        if value not in choices:
            self.errors.append(f"{where}: {message or 'unknown value'} (“{value}”)")
        return value

    def number(self, where: str, value, required=True) -> int | None:
        value = (value or "").strip()
        if not value and not required:
            return None
        if not value.isdigit():
            self.errors.append(f"{where}: enter a whole number (“{value}”)")
            return None
        return int(value)

    def agency(self, where: str, partnership, name):
        found = selectors.agency_named(partnership, name or "")
        if found is None:
            self.errors.append(UNKNOWN_AGENCY.format(where=where, name=name or ""))
        return found


def _yes(value) -> bool:
    return (value or "").strip().lower() in ("yes", "true", "1")


def _notification(data: dict, partnership, check: _Reader) -> dict:
    n = data.get("notification") or {}
    where = "Notification"
    values = {
        "reference": (n.get("case_reference") or "").strip(),
        "pseudonym": (n.get("pseudonym") or "").strip(),
        "notified_on": check.date(f"{where}, date notified", n.get("date_notified"), True),
        "date_of_death": check.date(f"{where}, date of death", n.get("date_of_death"), True),
        "place_of_death": check.choice(f"{where}, place of death", n.get("place_of_death"),
                                       Place.values),
        "residence": check.choice(f"{where}, residence", n.get("residence"), Residence.values),
        "age_years": check.number(f"{where}, age in years", n.get("age_years")),
        "age_months": check.number(f"{where}, age in months", n.get("age_months"), False),
        "sex": check.choice(f"{where}, sex", n.get("sex"), Sex.values),
        "ethnicity": (n.get("ethnicity") or "").strip(),
        "unexpected": check.choice(f"{where}, expected or unexpected",
                                   n.get("expected_or_unexpected"),
                                   ("expected", "unexpected")) == "unexpected",
        "unexpected_because": check.choice(f"{where}, why unexpected",
                                           n.get("unexpected_because"), Unexpected.values,
                                           required=False),
        "circumstances": (n.get("circumstances") or "").strip(),
    }
    for name, label in (("reference", "case reference"), ("pseudonym", "pseudonym"),
                        ("ethnicity", "ethnicity"), ("circumstances", "circumstances")):
        if not values[name]:
            check.errors.append(f"{where}: enter the {label}")
    return values


def _check_rules(values: dict, analysis: dict, status: str, check: _Reader, today: date):
    for field, message in rules.notification_errors(values, today).items():
        check.errors.append(f"Notification, {field.replace('_', ' ')}: {message}")
    for field, message in rules.analysis_errors(analysis).items():
        check.errors.append(f"Analysis, {field.replace('_', ' ')}: {message}")
    if status not in ChildDeath.Status.values or status == ChildDeath.Status.MERGED:
        check.errors.append(f"Notification, status: unknown status (“{status}”)")
    if status == ChildDeath.Status.CLOSED and not (
            analysis["cdop_meeting_on"] and analysis["category"] and analysis["modifiable"]
            and analysis["learning"].strip()):
        check.errors.append(f"Analysis: {CLOSED_NEEDS_ANALYSIS}")


def case_import(*, content: bytes, partnership, by, today: date) -> ChildDeath:
    """Import one case from the layout (JSON or CSV): all of it, or nothing and every problem
    listed."""
    data = parse(content)
    check = _Reader()
    values = _notification(data, partnership, check)
    agency = check.agency("Notification, notifying agency", partnership,
                          (data.get("notification") or {}).get("notifying_agency"))
    status = (data.get("notification") or {}).get("status") or ChildDeath.Status.NOTIFIED
    s, a = data.get("supplementary") or {}, data.get("analysis") or {}
    stages = {
        "jar_meeting_on": check.date("Supplementary, JAR meeting", s.get("jar_meeting_on")),
        "jar_attendees": s.get("jar_attendees") or "", "jar_timeline": s.get("jar_timeline") or "",
        "post_mortem": _yes(s.get("post_mortem")),
        "post_mortem_report_on": check.date("Supplementary, post-mortem report",
                                            s.get("post_mortem_report_on")),
        "cdrm_notice_sent_on": check.date("Supplementary, CDRM notice",
                                          s.get("cdrm_notice_sent_on")),
        "cdrm_on": check.date("Supplementary, CDRM", s.get("cdrm_on")),
        "cdrm_summary": s.get("cdrm_summary") or "",
        "cdop_meeting_on": check.date("Analysis, CDOP meeting", a.get("cdop_meeting_on")),
        "category": (a.get("category") or "").strip(),
        "modifiable": (a.get("modifiable_factors") or "").strip(),
        "learning": a.get("learning") or "",
    }
    _check_rules(values, stages, status, check, today)
    reports = [_report(n, r, partnership, check) for n, r in
               enumerate(data.get("reporting") or [], start=1)]
    factors = [{"domain": check.choice(f"Factor {n}, domain", f.get("domain"), Domain.values),
                "description": (f.get("description") or "").strip(),
                "contributed": _yes(f.get("contributed"))}
               for n, f in enumerate(a.get("factors") or [], start=1)]
    actions = [_action(n, x, partnership, check) for n, x in
               enumerate(a.get("actions") or [], start=1)]
    if values["reference"] and ChildDeath.objects.filter(
            partnership=partnership, reference__iexact=values["reference"]).exclude(
            status=ChildDeath.Status.MERGED).exists():
        check.errors.append(ALREADY_THERE.format(reference=values["reference"]))
    if check.errors:
        raise ValidationError(check.errors)
    with transaction.atomic():
        death = services.child_death_notify(by=by, partnership=partnership,
                                            notifying_agency=agency, today=today, **values)
        ChildDeath.objects.filter(pk=death.pk).update(status=status, **stages)
        death.refresh_from_db()
        WorkflowEvent.objects.create(record=death, move="import", from_state="",
                                     to_state=status, actor=by, reason="Imported from a file")
        if status == ChildDeath.Status.CLOSED and death.cdop_meeting_on:
            ChildDeath.objects.filter(pk=death.pk).update(closed_on=death.cdop_meeting_on)
            deadline_meet(record=death, key=CDOP_REVIEW_DUE.key, on=death.cdop_meeting_on)
        for report in reports:
            AgencyReport.objects.create(child_death=death, **report)
        for factor in factors:
            ContributoryFactor.objects.create(child_death=death, **factor)
        for action in actions:
            _action_create(death, action, by)
    death.refresh_from_db()
    return death


def _report(number: int, r: dict, partnership, check: _Reader) -> dict:
    where = f"Reporting form {number}"
    return {"agency": check.agency(where, partnership, r.get("agency")),
            "due_on": check.date(f"{where}, due", r.get("due_on"), True),
            "involvement": r.get("involvement") or "", "factors": r.get("factors") or "",
            "learning": r.get("learning") or "",
            "submitted_on": check.date(f"{where}, sent", r.get("submitted_on"))}


def _action(number: int, x: dict, partnership, check: _Reader) -> dict:
    where = f"Action {number}"
    if x.get("status") == ActionItem.Status.COMPLETED and not (x.get("completed_on") or "").strip():
        check.errors.append(f"{where}: {COMPLETED_NEEDS_DATE}")
    return {"title": (x.get("title") or "").strip(),
            "owner_agency": check.agency(where, partnership, x.get("owner_agency")),
            "due_on": check.date(f"{where}, due", x.get("due_on"), True),
            "status": check.choice(f"{where}, status", x.get("status"),
                                   ActionItem.Status.values),
            "completed_on": check.date(f"{where}, completed", x.get("completed_on"))}


def _action_create(death: ChildDeath, action: dict, by):
    item = services.cdop_action_add(death=death, title=action["title"],
                                    owner_agency=action["owner_agency"],
                                    due_on=action["due_on"], by=by)
    if action["status"] != item.status:
        ActionItem.objects.filter(pk=item.pk).update(status=action["status"],
                                                     completed_on=action["completed_on"])

