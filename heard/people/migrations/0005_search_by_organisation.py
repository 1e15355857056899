"""Search's GIN indexes, one organisation at a time (PostgreSQL only).

Migration 0003's GIN indexes spanned every organisation: a name search in one
organisation matched the name across all of them and then threw away the other
organisations' rows, so it cost more the bigger the whole database. These
replace them with the same expressions led by ``organisation_id``; ``btree_gin``
lets a GIN index hold the plain integer key next to the trigrams and the
tsvector, so a search reads only its own organisation's entries.

The expressions are exactly the ones ``heard.search.selectors`` queries with (a
PostgreSQL test checks the planner uses each). SQLite has no GIN: nothing is
created there, and both extensions are no-ops. On a large existing table, build
the indexes by hand with ``CREATE INDEX CONCURRENTLY`` before migrating if a
write lock is a problem.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import BtreeGinExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Lower

def old_indexes():
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


def organisation_indexes():
    trigram = [
        ("person_org_first_trgm_idx", Lower("first_name")),
        ("person_org_last_trgm_idx", Lower("last_name")),
        ("person_org_preferred_trgm_idx", Lower("preferred_name")),
        ("person_org_full_trgm_idx", Lower(Concat("first_name", Value(" "), "last_name"))),
    ]
    return [
        *(
            GinIndex(F("organisation"), OpClass(expr, name="gin_trgm_ops"), name=name)
            for name, expr in trigram
        ),
        GinIndex(
            F("organisation"),
            SearchVector("first_name", "last_name", "preferred_name", config="simple"),
            name="person_org_name_search_idx",
        ),
    ]


def _swap(apps, schema_editor, *, drop, create):
    if schema_editor.connection.vendor != "postgresql":
        return
    Person = apps.get_model("people", "Person")
    for index in drop():
        schema_editor.remove_index(Person, index)
    for index in create():
        schema_editor.add_index(Person, index)


def forwards(apps, schema_editor):
    _swap(apps, schema_editor, drop=old_indexes, create=organisation_indexes)


def backwards(apps, schema_editor):
    _swap(apps, schema_editor, drop=organisation_indexes, create=old_indexes)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_language"),
    ]

    operations = [
        # CREATE EXTENSION IF NOT EXISTS btree_gin; a no-op on other databases.
        BtreeGinExtension(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
