"""Fictional practitioner disagreements for the demo partnerships: every one marked as demo,
with case references that name no child. Called at the end of `manage.py load_demo`."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from safeguarding.core.services import partnership_calendar
from safeguarding.escalations import services
from safeguarding.escalations.models import Escalation, Theme


def load(partnerships: dict, agencies: dict, users: dict, today: date) -> int:
    for partnership in partnerships.values():
        services.stages_configure(partnership=partnership)
    if Escalation.objects.filter(is_demo=True).exists():
        return 0
    leeds = partnerships["leeds"]
    calendar = partnership_calendar(leeds)
    practitioner = users.get("leeds.practitioner") or get_user_model().objects.first()
    manager = users["leeds.business.manager"]
    community = agencies["Leeds Community Healthcare NHS Trust"]
    council = agencies["Leeds City Council"]
    hospital = agencies["Leeds Teaching Hospitals NHS Trust"]

    def ago(n):
        return calendar.working_days_before(today, n)

    def raise_one(reference, other, raised_on, theme, concern, wanted, agency=community):
        return services.escalation_raise(
            by=practitioner, partnership=leeds, raising_agency=agency, other_agency=other,
            reference=reference, raised_on=raised_on, theme=theme, concern=concern,
            wanted=wanted, is_demo=True)

    def outcome(escalation, text, on, next_step, learning=""):
        escalation.refresh_from_db()
        following = escalation.stage.number + 1
        return services.stage_outcome_record(
            escalation=escalation, by=manager, expected_version=escalation.version,
            outcome=text, outcome_on=on, next_step=next_step, to_stage=following,
            learning=learning)

    # At the first stage, on time.
    raise_one("LSCP-DIS-DEMO-01", council, ago(1), Theme.REFERRAL,
              "The referral about a baby's bruising was closed without a strategy discussion "
              "(fictional).", "A strategy discussion before the referral is closed.")
    # Escalated to line managers, and now overdue there.
    late = raise_one("LSCP-DIS-DEMO-02", council, ago(12), Theme.THRESHOLD,
                     "Early help was offered where the health visitor sees neglect that needs a "
                     "child in need assessment (fictional).",
                     "A child and family assessment.")
    outcome(late, "The practitioners spoke but did not agree (fictional).", ago(10), "escalate")
    # Resolved by the designated leads, the first stage late.
    done = raise_one("LSCP-DIS-DEMO-03", community, ago(30), Theme.INFORMATION_SHARING,
                     "The hospital did not share the discharge plan for a child with a "
                     "protection plan (fictional).", "The plan shared before discharge.",
                     agency=hospital)
    outcome(done, "Not settled between the practitioners (fictional).", ago(25), "escalate")
    outcome(done, "The line managers agreed to meet the leads (fictional).", ago(22), "escalate")
    outcome(done, "The leads agreed the plan is shared two days before discharge (fictional).",
            ago(19), "resolve", learning="Discharge plans for children with a protection plan "
                                         "go to the named health visitor (fictional).")
    return Escalation.objects.filter(is_demo=True).count()
