"""Two people saving the same record at the same moment: one wins, the other is told.
Row locks only mean something on PostgreSQL, so this runs there (CI) and is skipped on SQLite."""

import threading

import pytest
from django.db import connection, connections

from safeguarding.core.models import ActionItem, WorkflowEvent
from safeguarding.core.services import action_update
from safeguarding.core.versioning import EditConflict
from safeguarding.core.workflow import MoveRefused, transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(work, count=2):
    """Run `work(i)` in `count` threads released at the same instant; return what each did."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the outcome is what we compare
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_concurrent_saves_of_one_version_let_exactly_one_through(make_person, partnership,
                                                                 agency):
    from safeguarding.accounts.roles import Role
    from safeguarding.core.tests.factories import ActionItemFactory

    manager = make_person(Role.BUSINESS_MANAGER)
    action = ActionItemFactory(partnership=partnership, owner_agency=agency)
    statuses = ["in_progress", "cancelled", "in_progress", "cancelled"]
    results = race(lambda i: action_update(action=action, expected_version=1, by=manager,
                                           status=statuses[i]), count=4)
    saved = [r for r in results if isinstance(r, ActionItem)]
    refused = [r for r in results if isinstance(r, EditConflict)]
    assert len(saved) == 1 and len(refused) == 3, results
    action.refresh_from_db()
    assert action.version == 2
    assert action.status == saved[0].status


def test_concurrent_moves_of_one_case_happen_once(make_person, partnership):
    from safeguarding.accounts.roles import Role
    from safeguarding.core.tests.casework import SampleCaseFactory
    from safeguarding.testing.casework.workflow import SAMPLE_WORKFLOW

    member = make_person(Role.BUSINESS_MANAGER)
    case = SampleCaseFactory(partnership=partnership, members=[member], decision="Meets")
    results = race(lambda i: transition(workflow=SAMPLE_WORKFLOW, record=case, move="decide",
                                        by=member), count=3)
    assert sum(1 for r in results if isinstance(r, MoveRefused)) == 2, results
    assert WorkflowEvent.objects.filter(move="decide").count() == 1
