"""Every write about the voice of children, procedures, the glossary and the public site. Each
refusal is a clear message and changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.core import files
from safeguarding.core.clocks import POLICY_REVIEW_DUE
from safeguarding.core.services import action_create, deadline_meet, deadline_start
from safeguarding.core.versioning import save_versioned
from safeguarding.engagement import rules
from safeguarding.engagement.models import (
    ConsultationComment,
    Contribution,
    GlossaryTerm,
    Policy,
    PolicyVersion,
    Survey,
    SurveyResult,
    YouSaidWeDid,
)

# -- the glossary ----------------------------------------------------------------------------------


def glossary_term_save(*, term: str, definition: str, expansion: str = "", partnership=None,
                       by=None) -> GlossaryTerm:
    found, _ = GlossaryTerm.objects.update_or_create(
        partnership=partnership, term=term.strip(),
        defaults={"expansion": expansion.strip(), "definition": definition.strip()})
    return found


# -- procedures -----------------------------------------------------------------------------------


def policy_create(*, partnership, title: str, summary: str, review_due_on: date, text: str,
                  by, owner_group=None, is_demo: bool = False) -> Policy:
    """A new procedure as a draft (version 1), its review date in "My work"."""
    if not text.strip():
        raise ValidationError({"text": rules.ENTER_TEXT})
    with transaction.atomic():
        policy = Policy(partnership=partnership, title=title.strip(), summary=summary.strip(),
                        owner_group=owner_group, review_due_on=review_due_on, is_demo=is_demo)
        policy._history_user = by
        policy.full_clean()
        policy.save()
        PolicyVersion.objects.create(policy=policy, number=1, text=text.strip(),
                                     change_summary="First version", created_by=by)
        deadline_start(record=policy, key=POLICY_REVIEW_DUE.key, started_on=review_due_on,
                       partnership=partnership)
    return policy


def policy_version_add(*, policy: Policy, text: str, change_summary: str, by) -> PolicyVersion:
    """A new version, drafted from the last one: published again once agreed."""
    if not text.strip():
        raise ValidationError({"text": rules.ENTER_TEXT})
    with transaction.atomic():
        latest = Policy.objects.select_for_update().get(pk=policy.pk).versions.order_by(
            "-number").first()
        return PolicyVersion.objects.create(
            policy=policy, number=(latest.number + 1) if latest else 1, text=text.strip(),
            change_summary=change_summary.strip(), created_by=by)


def policy_consult(*, policy: Policy, by) -> Policy:
    return save_versioned(policy, expected_version=policy.version,
                          changes={"status": Policy.Status.CONSULTATION}, by=by)


def policy_comment(*, policy: Policy, text: str, by) -> ConsultationComment:
    if policy.status != Policy.Status.CONSULTATION:
        raise ValidationError(rules.NOT_IN_CONSULTATION)
    if not text.strip():
        raise ValidationError({"text": rules.ENTER_COMMENT})
    version = policy.versions.order_by("-number").first()
    return ConsultationComment.objects.create(version=version, author=by, text=text.strip())


def policy_publish(*, policy: Policy, review_due_on: date, by,
                   expected_version: int | None = None) -> Policy:
    """Publish the latest version with its next review date: the review clock restarts."""
    today = timezone.localdate()
    if review_due_on <= today:
        raise ValidationError({"review_due_on": rules.REVIEW_IN_PAST})
    with transaction.atomic():
        version = policy.versions.order_by("-number").first()
        if version.published_on is not None:
            raise ValidationError(rules.ALREADY_PUBLISHED)
        version.published_on = today
        version.save(update_fields=["published_on"])
        published = save_versioned(
            policy, expected_version=expected_version or policy.version, by=by,
            changes={"status": Policy.Status.PUBLISHED, "published_on": today,
                     "review_due_on": review_due_on})
        deadline_meet(record=published, key=POLICY_REVIEW_DUE.key, on=today)
        deadline_start(record=published, key=POLICY_REVIEW_DUE.key, started_on=review_due_on,
                       partnership=published.partnership)
    return published


# -- the voice of children and families ------------------------------------------------------------


def _read_rows(upload, kind) -> tuple[list, list]:
    """The header and the rows of a CSV or Excel file."""
    try:
        if kind == files.EXCEL:
            from openpyxl import load_workbook

            book = load_workbook(upload, read_only=True, data_only=True)
            rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
        else:
            text = upload.read().decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text)))
    except (ValueError, KeyError, OSError, UnicodeDecodeError, csv.Error):
        raise ValidationError({"file": rules.UNREADABLE}) from None
    finally:
        upload.seek(0)
    if not rows:
        raise ValidationError({"file": rules.NO_ROWS})
    return rows[0], rows[1:]


def survey_import(*, partnership, title: str, year: str, upload, by,
                  is_demo: bool = False) -> Survey:
    """Import a survey's aggregate results (question, school year, answer, count). The whole
    file is checked first and every problem reported; nothing is saved unless all is well."""
    try:
        kind = files.validate_upload(upload, (files.CSV, files.EXCEL))
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    header, rows = _read_rows(upload, kind)
    results, problems = rules.check_survey_rows(header, rows)
    if problems:
        raise ValidationError({"file": problems})
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        survey = Survey.objects.create(partnership=partnership, title=title.strip(),
                                       year=year.strip(), source_name=name, imported_by=by,
                                       is_demo=is_demo)
        SurveyResult.objects.bulk_create(SurveyResult(survey=survey, **row) for row in results)
    return survey


def contribution_add(*, partnership, source: str, title: str, text: str, received_on: date,
                     by, survey=None, is_demo: bool = False) -> Contribution:
    contribution = Contribution(partnership=partnership, source=source, title=title.strip(),
                                text=text.strip(), received_on=received_on, survey=survey,
                                is_demo=is_demo)
    contribution.full_clean()
    contribution.save()
    return contribution


def response_save(*, partnership, theme: str, you_said: str, we_did: str, by,
                  contributions=(), response: YouSaidWeDid | None = None,
                  expected_version: int | None = None, is_demo: bool = False) -> YouSaidWeDid:
    """A "you said, we did": the theme, what children said and what the partnership did."""
    values = {"theme": theme.strip(), "you_said": you_said.strip(), "we_did": we_did.strip()}
    with transaction.atomic():
        if response is None:
            response = YouSaidWeDid(partnership=partnership, is_demo=is_demo, **values)
            response._history_user = by
            response.full_clean()
            response.save()
        else:
            if response.published_on and not values["we_did"]:
                raise ValidationError({"we_did": rules.ENTER_WE_DID})
            response = save_versioned(response, expected_version=expected_version,
                                      changes=values, by=by)
        response.contributions.set(contributions)
    return response


def response_action_add(*, response: YouSaidWeDid, title: str, owner_agency, due_on: date,
                        by, description: str = ""):
    """An action the theme produced, in the shared tracker, linked back to it."""
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": rules.ACTION_DUE_IN_PAST})
    return action_create(partnership=response.partnership, title=title.strip(),
                         description=description, owner_agency=owner_agency, due_on=due_on,
                         by=by, source=response,
                         source_label=f"You said, we did: {response.theme}"[:200])


def response_publish(*, response: YouSaidWeDid, by, on: date | None = None) -> YouSaidWeDid:
    response.refresh_from_db()
    if response.published_on:
        raise ValidationError(rules.ALREADY_PUBLISHED)
    if not response.we_did.strip():
        raise ValidationError(rules.ENTER_WE_DID)
    return save_versioned(response, expected_version=response.version, by=by,
                          changes={"published_on": on or timezone.localdate()})
