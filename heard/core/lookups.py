"""Lookups the ORM lacks."""

from __future__ import annotations

from django.db.models import Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    """``field IN (values)`` with the values sent as one array on PostgreSQL (``= ANY(%s)``).

    ``IN`` takes one parameter per value: for hundreds of ids (search's matched people)
    building, sending and parsing those costs more than the query itself. Used as an
    expression: ``queryset.filter(AnyOf(F("person_id"), ids))``. Elsewhere it is ``IN``.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        values = list(self.rhs)
        if connection.vendor != "postgresql":
            return In(self.lhs, values).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array_type = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", (*lhs_params, values)
