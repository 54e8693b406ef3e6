"""The rules of the voice of children, procedures and the public site: plain language (every
acronym defined and expanded on first use) and what a survey file must hold."""

from __future__ import annotations

import re

from django.utils.html import escape

# Two or more capitals (digits allowed after the first letter), optionally a plural "s":
# "LCSPR", "DSPs", "S11" is not one (it starts a word with a capital and a digit only once).
ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?![\w&])")


def acronyms_in(text: str) -> list[str]:
    """The acronyms a text uses, in order of first use, plurals folded ("DSPs" is DSP)."""
    seen = []
    for match in ACRONYM.finditer(text or ""):
        term = match.group(1)
        if sum(ch.isalpha() for ch in term) >= 2 and term not in seen:
            seen.append(term)
    return seen


def undefined_acronyms(texts, known) -> list[str]:
    """The acronyms in `texts` that the glossary does not define."""
    missing = []
    for text in texts:
        for term in acronyms_in(text):
            if term not in known and term not in missing:
                missing.append(term)
    return missing


UNDEFINED_WARNING = ("Saved. These acronyms are not in the glossary, so the public will not see "
                     "what they mean: {terms}. Add them to the glossary or write them out in "
                     "full.")


def expand_first(text: str, glossary: dict, seen: set) -> str:
    """The text as HTML (escaped), with the first use on the page of each acronym the glossary
    knows written out in full with the acronym after it, as GOV.UK style asks; later uses are
    marked up as abbreviations. `seen` carries the acronyms already expanded on this page."""
    text = text or ""
    out, last = [], 0
    for match in ACRONYM.finditer(text):
        term, plural = match.group(1), match.group(2)
        entry = glossary.get(term)
        if entry is None or not entry.expansion:
            continue
        out.append(escape(text[last:match.start()]))
        abbr = f'<abbr title="{escape(entry.expansion)}">{escape(term)}</abbr>{plural}'
        before = text[max(0, match.start() - len(entry.expansion) - 3):match.start()].lower()
        if term in seen or entry.expansion.lower() in before:
            out.append(abbr)
        else:
            out.append(f"{escape(entry.expansion)}{plural} ({abbr})")
        seen.add(term)
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


# -- survey files ---------------------------------------------------------------------------------

SURVEY_COLUMNS = ["Question", "School year", "Answer", "Count"]
SCHOOL_YEARS = [f"Year {n}" for n in range(1, 14)]

CHOOSE_SURVEY_FILE = "Select the survey file (CSV or Excel)"
MISSING_COLUMNS = "The file must have the columns {expected}: {missing} missing"
UNKNOWN_COLUMNS = "The file has columns the import does not use: {unknown}"
NO_ROWS = "The file has no results below its column headings"
ENTER_QUESTION = "Row {row}: enter the question"
ENTER_ANSWER = "Row {row}: enter the answer"
BAD_YEAR = "Row {row}: the school year must be Year 1 to Year 13, not “{value}”"
BAD_COUNT = "Row {row}: the count must be a whole number, 0 or more, not “{value}”"
DUPLICATE_ROW = "Row {row}: the same question, school year and answer as row {first}"
UNREADABLE = "The file could not be read as a spreadsheet: save it as CSV or Excel (.xlsx) again"
MORE_ERRORS = "…and {count} more problems in the file"
MAX_LISTED = 30


def normalise_year(value) -> str | None:
    text = str(value or "").strip()
    match = re.fullmatch(r"(?i)(?:year|yr|y)\s*(\d{1,2})", text)
    if match and 1 <= int(match.group(1)) <= 13:
        return f"Year {int(match.group(1))}"
    return None


def parse_count(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


def check_survey_columns(names: list[str]) -> list[str]:
    folded = {name.lower() for name in names if name}
    missing = [column for column in SURVEY_COLUMNS if column.lower() not in folded]
    unknown = [name for name in names if name and name.lower() not in
               {c.lower() for c in SURVEY_COLUMNS}]
    problems = []
    if missing:
        problems.append(MISSING_COLUMNS.format(
            expected=", ".join(SURVEY_COLUMNS),
            missing=_listed(missing) + (" is" if len(missing) == 1 else " are")))
    if unknown:
        problems.append(UNKNOWN_COLUMNS.format(unknown=_listed(unknown)))
    return problems


def check_survey_row(number: int, question: str, raw_year, answer: str, raw_count):
    """One row's result and its problems."""
    year, count = normalise_year(raw_year), parse_count(raw_count)
    problems = []
    if not question:
        problems.append(ENTER_QUESTION.format(row=number))
    if year is None:
        problems.append(BAD_YEAR.format(row=number, value=raw_year or ""))
    if not answer:
        problems.append(ENTER_ANSWER.format(row=number))
    if count is None:
        problems.append(BAD_COUNT.format(row=number,
                                         value="" if raw_count is None else raw_count))
    return {"question": question[:300], "school_year": year or "", "answer": answer[:200],
            "count": count}, problems


def check_survey_rows(header: list, rows: list) -> tuple[list[dict], list[str]]:
    """Every problem in the file (columns first, then each row), or the results to save.
    Nothing is saved unless there are no problems at all."""
    names = [str(cell or "").strip() for cell in header]
    problems = check_survey_columns(names)
    if problems:
        return [], problems
    index = {name.lower(): position for position, name in enumerate(names) if name}
    results, first_seen = [], {}
    for number, row in enumerate(rows, start=2):
        cells = list(row) + [None] * (len(names) - len(row))
        if all(cell in (None, "") for cell in cells):
            continue

        def cell(column, cells=cells):
            return cells[index[column.lower()]]

        result, found = check_survey_row(number, str(cell("Question") or "").strip(),
                                         cell("School year"),
                                         str(cell("Answer") or "").strip(), cell("Count"))
        key = (result["question"].lower(), result["school_year"], result["answer"].lower())
        if not found and key in first_seen:
            found.append(DUPLICATE_ROW.format(row=number, first=first_seen[key]))
        first_seen.setdefault(key, number)
        problems += found
        results.append(result)
    if not results and not problems:
        problems.append(NO_ROWS)
    if len(problems) > MAX_LISTED:
        problems = problems[:MAX_LISTED] + [MORE_ERRORS.format(count=len(problems) - MAX_LISTED)]
    return ([] if problems else results), problems


def _listed(items) -> str:
    quoted = [f"“{item}”" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# -- procedures and "you said, we did" ------------------------------------------------------------

REVIEW_IN_PAST = "The review date must be in the future"
NOT_IN_CONSULTATION = "Comments are taken while the procedure is out for consultation"
ENTER_COMMENT = "Enter your comment"
ENTER_TEXT = "Enter the text of the procedure"
ENTER_WE_DID = "Enter what the partnership did before publishing it"
ALREADY_PUBLISHED = "This is already published"
ACTION_DUE_IN_PAST = "The due date must be today or later"


# -- the public site's configuration (the business unit's pages) ----------------------------------

ENTER_TERM = "Enter the term"
TERM_TOO_LONG = "The term must be 60 characters or fewer"
ENTER_DEFINITION = "Enter what it means, in plain language"
DUPLICATE_TERM = ("“{term}” is already in the glossary of {partnership}: change that term "
                  "instead of adding it again")
SITE_WIDE_TERM = "The site-wide glossary is kept by the platform's operators"
ENTER_PUBLICATION_TITLE = "Enter the title"
ENTER_PUBLICATION_SUMMARY = "Enter a summary"
SELECT_KIND = "Select what kind of publication it is"
ENTER_TEXT_OR_FILE = "Enter the text of the publication, a link to it, or add its file"
NOT_PUBLISHED = "This is not published"
ENTER_INTRODUCTION = "Enter the introduction"
ENTER_AREA = "Enter the area"
ENTER_SERVICE = "Enter the service"
ENTER_PHONE = "Enter the telephone number"
DUPLICATE_AREA = "There is already a front door for “{area}”: change that one instead"
ENTER_THRESHOLDS_TITLE = "Enter the title"
ENTER_APPROACH = "Enter how the partnership decides what help a child needs"
NO_THRESHOLDS_YET = "Describe how the partnership decides what help a child needs first"
NO_LEVELS = ("The partnership uses no levels of need (a conversational approach): change that "
             "first to add levels")
LEVEL_NUMBER = "The level must be a number from 1 to 9"
DUPLICATE_LEVEL = "There is already a level {number}: change that one instead"
ENTER_LEVEL_NAME = "Enter the name of the level"
ENTER_DESCRIPTOR = "Enter the descriptor: what the child's needs look like at this level"
