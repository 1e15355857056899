"""GIN indexes for search across people (heard.search), on PostgreSQL only.

- trigram indexes (``pg_trgm``) on the lower-cased first, last and preferred
  names and on "first last", for similarity matching (misspellings);
- a full-text index on the ``simple`` tsvector of the three names, for prefix matching.

The expressions must be exactly the ones ``heard.search.selectors`` queries
with, or PostgreSQL will not use the indexes; they are written out here (a
migration must not change when the app's code does) and a PostgreSQL test
checks each index is used. SQLite has neither extension nor GIN: nothing is
created there and search falls back to ``LIKE`` (docs/my-day-and-search.md).

The model's ``Meta.indexes`` does not list these, so ``makemigrations`` stays
database-neutral. On a large existing table, build them by hand with
``CREATE INDEX CONCURRENTLY`` before migrating if a write lock is a problem.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Lower


def search_indexes():
    trigram = [
        ("person_first_trgm_idx", Lower("first_name")),
        ("person_last_trgm_idx", Lower("last_name")),
        ("person_preferred_trgm_idx", Lower("preferred_name")),
        ("person_full_trgm_idx", Lower(Concat("first_name", Value(" "), "last_name"))),
    ]
    return [
        *(GinIndex(OpClass(expr, name="gin_trgm_ops"), name=name) for name, expr in trigram),
        GinIndex(
            SearchVector("first_name", "last_name", "preferred_name", config="simple"),
            name="person_name_search_idx",
        ),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Person = apps.get_model("people", "Person")
    for index in search_indexes():
        schema_editor.add_index(Person, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Person = apps.get_model("people", "Person")
    for index in search_indexes():
        schema_editor.remove_index(Person, index)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_order_index"),
    ]

    operations = [
        # CREATE EXTENSION IF NOT EXISTS pg_trgm; a no-op on other databases.
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
