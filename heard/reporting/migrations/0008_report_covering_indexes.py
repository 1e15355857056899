"""Covering indexes for the contract report at 1,000,000 cases (ADR-0026).

Each carries, after its key, every column its measures read, so PostgreSQL answers them
from the index alone (an index-only scan) instead of fetching each row:

* ``report_case_service_cover_idx`` replaces ``report_case_service_idx`` (organisation,
  service, received date): a service's cases with their person, type, priority, status,
  and first contact and allocation days (case counts, waiting list, timeliness, people
  reached, and the case side of the hours and issue measures).
* ``report_person_equality_idx``: an organisation's people with the five equality
  columns (the people-reached query).
* ``report_issue_raised_idx`` and ``report_issue_outcome_idx``: issues in effect by the
  time raised and by the time their outcome was recorded, with the case and the columns
  counted (partial: entered-in-error issues are never counted).

PostgreSQL also learns that a case's service determines its organisation
(``report_case_service_stats``, extended statistics, gathered here by analysing the two
columns): without them it multiplied the two filters' selectivities and expected about
41,000 of the largest organisation's 204,000 cases, and so chose plans for a small set.

PostgreSQL keeps the covered columns out of the key (``INCLUDE``); SQLite has no
``INCLUDE``, so they trail the key there, as in 0007.
"""

from django.db import migrations

# (name, table, key, covered, where)
INDEXES = [
    (
        "report_case_service_cover_idx",
        "casework_case",
        "organisation_id, service_id, received_on",
        "id, person_id, advocacy_type, priority, status, status_changed_at, "
        "first_contact_on, allocated_on",
        "",
    ),
    (
        "report_person_equality_idx",
        "people_person",
        "organisation_id, id",
        "ethnicity, sex, disability, religion, date_of_birth",
        "",
    ),
    (
        "report_issue_raised_idx",
        "casework_issue",
        "organisation_id, created_at",
        "case_id, category",
        "entered_in_error_at IS NULL",
    ),
    (
        "report_issue_outcome_idx",
        "casework_issue",
        "organisation_id, outcome_recorded_at",
        "case_id, outcome, felt_listened_to",
        "entered_in_error_at IS NULL",
    ),
]
STATISTICS = "report_case_service_stats"
REPLACED = ("report_case_service_idx", "casework_case", "organisation_id, service_id, received_on")


def create(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, table, key, covered, where in INDEXES:
        columns = f"({key}) INCLUDE ({covered})" if postgresql else f"({key}, {covered})"
        condition = f" WHERE {where}" if where else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}{condition}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {REPLACED[0]}")
    if postgresql:
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies) "
            "ON organisation_id, service_id FROM casework_case"
        )
        schema_editor.execute("ANALYZE casework_case (organisation_id, service_id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    name, table, key = REPLACED
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({key})")
    for name, *_rest in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_status_time_covering_index"),
        ("casework", "0015_merge_case_milestones"),
        ("people", "0005_search_by_organisation"),
    ]

    operations = [migrations.RunPython(create, drop)]
