"""Background work for safeguarding data, run by `manage.py db_worker`. Safe to retry."""

from django_tasks import task

from safeguarding.intelligence.services import data_import_run


@task()
def run_data_import(import_id: int) -> str:
    """Check and import a big file. A retry of a finished import does nothing."""
    return data_import_run(import_id=import_id).status
