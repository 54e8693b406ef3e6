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
from safeguarding.core.services import (
    action_create,
    attachment_add,
    deadline_meet,
    deadline_start,
)
from safeguarding.core.versioning import save_versioned
from safeguarding.engagement import rules, selectors
from safeguarding.engagement.models import (
    ConsultationComment,
    Contribution,
    FrontDoor,
    GlossaryTerm,
    Policy,
    PolicyVersion,
    Publication,
    PublicProfile,
    Survey,
    SurveyResult,
    ThresholdLevel,
    ThresholdModel,
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


# -- the public site's configuration, by the business unit -----------------------------------------
# Each write checks everything first and refuses with every problem at once, by field; nothing is
# saved unless all is well.


def _refuse(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


def _clean(values: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value
            for name, value in values.items()}


def glossary_term_add(*, partnership, term: str, definition: str, expansion: str = "",
                      by=None) -> GlossaryTerm:
    """A term of the partnership's own glossary (overriding a site-wide one of the same name)."""
    return _glossary_term_write(GlossaryTerm(partnership=partnership), term=term,
                                expansion=expansion, definition=definition)


def glossary_term_change(*, glossary_term: GlossaryTerm, term: str, definition: str,
                         expansion: str = "", by=None) -> GlossaryTerm:
    return _glossary_term_write(glossary_term, term=term, expansion=expansion,
                                definition=definition)


def _glossary_term_write(found: GlossaryTerm, **values) -> GlossaryTerm:
    values = _clean(values)
    problems = {}
    if found.partnership_id is None:
        raise ValidationError(rules.SITE_WIDE_TERM)
    if not values["term"]:
        problems["term"] = rules.ENTER_TERM
    elif len(values["term"]) > 60:
        problems["term"] = rules.TERM_TOO_LONG
    elif (GlossaryTerm.objects.filter(partnership_id=found.partnership_id,
                                      term__iexact=values["term"])
          .exclude(pk=found.pk).exists()):
        problems["term"] = rules.DUPLICATE_TERM.format(term=values["term"],
                                                       partnership=found.partnership)
    if not values["definition"]:
        problems["definition"] = rules.ENTER_DEFINITION
    _refuse(problems)
    for name, value in values.items():
        setattr(found, name, value)
    found.full_clean()
    found.save()
    return found


def glossary_term_remove(*, glossary_term: GlossaryTerm, by=None) -> None:
    if glossary_term.partnership_id is None:
        raise ValidationError(rules.SITE_WIDE_TERM)
    glossary_term.delete()


def publication_save(*, partnership=None, kind: str, title: str, summary: str, body: str = "",
                     link: str = "", file=None, by, publication: Publication | None = None,
                     is_demo: bool = False) -> Publication:
    """A yearly report, newsletter or one-minute guide: its text, a link to it, or its file
    (type-checked by content). Saved unpublished; changing a published one changes the public
    page at once."""
    values = _clean({"kind": kind, "title": title, "summary": summary, "body": body,
                     "link": link})
    earlier = selectors.publication_file(publication) if publication is not None else None
    problems = {}
    if values["kind"] not in Publication.Kind.values:
        problems["kind"] = rules.SELECT_KIND
    if not values["title"]:
        problems["title"] = rules.ENTER_PUBLICATION_TITLE
    if not values["summary"]:
        problems["summary"] = rules.ENTER_PUBLICATION_SUMMARY
    if file is not None:
        try:
            files.validate_upload(file, files.DOCUMENTS)
        except ValidationError as error:
            problems["file"] = error.messages
    elif not (values["body"] or values["link"] or earlier):
        problems["body"] = rules.ENTER_TEXT_OR_FILE
    _refuse(problems)
    if publication is None:
        publication = Publication(partnership=partnership, is_demo=is_demo)
    for name, value in values.items():
        setattr(publication, name, value)
    publication.full_clean()
    with transaction.atomic():
        publication.save()
        if file is not None:
            attachment_add(record=publication, upload=file, title=values["title"][:200], by=by,
                           supersedes=earlier)
    return publication


def publication_publish(*, publication: Publication, by, on: date | None = None) -> Publication:
    today = timezone.localdate()
    publication.refresh_from_db()
    if publication.published_on and publication.published_on <= today:
        raise ValidationError(rules.ALREADY_PUBLISHED)
    if not (publication.body or publication.link or selectors.publication_file(publication)):
        raise ValidationError(rules.ENTER_TEXT_OR_FILE)
    publication.published_on = on or today
    publication.save(update_fields=["published_on"])
    return publication


def publication_unpublish(*, publication: Publication, by) -> Publication:
    publication.refresh_from_db()
    if publication.published_on is None:
        raise ValidationError(rules.NOT_PUBLISHED)
    publication.published_on = None
    publication.save(update_fields=["published_on"])
    return publication


def profile_save(*, partnership, introduction: str, email: str = "", phone: str = "",
                 address: str = "", concerns_resolution: str = "", by=None) -> PublicProfile:
    """The public site's introduction and the partnership's contact details."""
    values = _clean({"introduction": introduction, "email": email, "phone": phone,
                     "address": address, "concerns_resolution": concerns_resolution})
    if not values["introduction"]:
        raise ValidationError({"introduction": rules.ENTER_INTRODUCTION})
    profile = PublicProfile.objects.filter(partnership=partnership).first() or PublicProfile(
        partnership=partnership)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


def front_door_save(*, partnership, area: str, service: str, phone: str,
                    out_of_hours_phone: str = "", website: str = "", order: int | None = None,
                    by=None, front_door: FrontDoor | None = None) -> FrontDoor:
    """Where to report a concern about a child in one area."""
    values = _clean({"area": area, "service": service, "phone": phone,
                     "out_of_hours_phone": out_of_hours_phone, "website": website})
    if front_door is not None:
        partnership = front_door.partnership
    problems = {}
    if not values["area"]:
        problems["area"] = rules.ENTER_AREA
    elif FrontDoor.objects.filter(partnership=partnership, area__iexact=values["area"]).exclude(
            pk=getattr(front_door, "pk", None)).exists():
        problems["area"] = rules.DUPLICATE_AREA.format(area=values["area"])
    if not values["service"]:
        problems["service"] = rules.ENTER_SERVICE
    if not values["phone"]:
        problems["phone"] = rules.ENTER_PHONE
    _refuse(problems)
    if front_door is None:
        front_door = FrontDoor(partnership=partnership)
    for name, value in values.items():
        setattr(front_door, name, value)
    if order is not None:
        front_door.order = order
    front_door.full_clean()
    front_door.save()
    return front_door


def front_door_remove(*, front_door: FrontDoor, by=None) -> None:
    front_door.delete()


def thresholds_save(*, partnership, has_levels: bool, title: str, approach: str,
                    monitoring: str = "", source: str = "", by=None) -> ThresholdModel:
    """How the partnership decides what help a child needs: levels of need, or none (the
    approach, such as a conversational one, described instead)."""
    values = _clean({"title": title, "approach": approach, "monitoring": monitoring,
                     "source": source})
    problems = {}
    if not values["title"]:
        problems["title"] = rules.ENTER_THRESHOLDS_TITLE
    if not values["approach"]:
        problems["approach"] = rules.ENTER_APPROACH
    _refuse(problems)
    model = ThresholdModel.objects.filter(partnership=partnership).first() or ThresholdModel(
        partnership=partnership)
    for name, value in values.items():
        setattr(model, name, value)
    model.has_levels = bool(has_levels)
    model.full_clean()
    model.save()
    return model


def threshold_level_save(*, partnership, number, name: str, descriptor: str,
                         response: str = "", by=None,
                         level: ThresholdLevel | None = None) -> ThresholdLevel:
    """A level of need with its descriptor and the help at that level."""
    values = _clean({"name": name, "descriptor": descriptor, "response": response})
    model = ThresholdModel.objects.filter(partnership=partnership).first()
    if model is None:
        raise ValidationError(rules.NO_THRESHOLDS_YET)
    if not model.has_levels:
        raise ValidationError(rules.NO_LEVELS)
    problems = {}
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 9:
        problems["number"] = rules.LEVEL_NUMBER
    elif model.levels.filter(number=number).exclude(pk=getattr(level, "pk", None)).exists():
        problems["number"] = rules.DUPLICATE_LEVEL.format(number=number)
    if not values["name"]:
        problems["name"] = rules.ENTER_LEVEL_NAME
    if not values["descriptor"]:
        problems["descriptor"] = rules.ENTER_DESCRIPTOR
    _refuse(problems)
    if level is None:
        level = ThresholdLevel(model=model)
    level.number = number
    for field, value in values.items():
        setattr(level, field, value)
    level.full_clean()
    level.save()
    return level


def threshold_level_remove(*, level: ThresholdLevel, by=None) -> None:
    level.delete()
