"""``heard_person_name_matches(words, most)``: the name search's match, in the database
(PostgreSQL only).

As the application role, row-level security adds its policy to every query on
``people_person``. The trigram (``%``) and full-text (``@@``) operators are not
``LEAKPROOF``, so PostgreSQL may not evaluate them before the policy: it reads
every one of the organisation's people and tests each name in turn instead of
asking the GIN indexes of migration 0005. At 160,000 people that took most of a
second.

This function runs as its owner (``SECURITY DEFINER``), whom the policies do not
restrict, with a fixed ``search_path``. It takes the organisation from the same
transaction setting the policies use (``heard_current_organisation()``), never from
its caller, so it returns only that organisation's people, and nothing when none is
bound. It returns their ids, best first, at most ``most``: the same condition and
ranking as ``heard.search.selectors._people_by_name_postgresql`` (a test compares
them), on exactly the index expressions of migration 0005. Only the application's
roles may call it (``heard db-roles`` grants EXECUTE; PUBLIC's is revoked).

The function is written out here, not imported, so this migration does not change
when the app's code does. SQLite has neither the function nor the need: the
selectors match there with the ORM.
"""

from django.db import migrations

SIGNATURE = "heard_person_name_matches(text[], integer)"

# %% is a literal % in format(); $1 words, $2 the words joined with spaces, $3 the tsquery
# text of every word by prefix, $4 the organisation, $5 how many.
FUNCTION = r"""
CREATE OR REPLACE FUNCTION heard_person_name_matches(words text[], most integer)
RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $function$
DECLARE
  organisation bigint := heard_current_organisation();
  name_vector constant text := 'to_tsvector(''simple''::regconfig, COALESCE(first_name, '''')'
    ' || '' '' || COALESCE(last_name, '''') || '' '' || COALESCE(preferred_name, ''''))';
  full_lower constant text := 'lower(COALESCE(first_name, '''')::text'
    ' || COALESCE(COALESCE('' ''::text, ''''::text) || COALESCE(last_name, '''')::text, ''''))';
  prefixes text[];
  condition text := 'true';
  found bigint[];
BEGIN
  words := array_remove(array_remove(words, ''), NULL);
  IF organisation IS NULL OR coalesce(cardinality(words), 0) = 0 OR coalesce(most, 0) < 1 THEN
    RETURN '{{}}';
  END IF;
  -- Each word as a quoted tsquery lexeme matched by prefix: what 'word:*' is for the
  -- letters and digits the selectors send, and never tsquery syntax for anything else.
  SELECT array_agg('''' || replace(replace(word, '\', '\\'), '''', '''''') || ''':*'
                   ORDER BY position)
    INTO prefixes
    FROM unnest(words) WITH ORDINALITY AS given(word, position);
  FOR i IN 1 .. cardinality(words) LOOP
    condition := condition || format(
      ' AND (%s @@ to_tsquery(''simple''::regconfig, %L)', name_vector, prefixes[i]);
    IF length(words[i]) >= 3 THEN
      condition := condition || format(
        ' OR lower(first_name) %% $1[%1$s] OR lower(last_name) %% $1[%1$s]'
        ' OR lower(preferred_name) %% $1[%1$s]', i);
    END IF;
    condition := condition || ')';
  END LOOP;
  IF cardinality(words) > 1 THEN
    -- The whole name at once catches a misspelled word too short to match alone.
    condition := format('(%s) OR %s %% $2', condition, full_lower);
  END IF;
  EXECUTE format(
    'SELECT array_agg(id ORDER BY rank DESC, last_name, first_name, id) FROM ('
    '  SELECT id, last_name, first_name,'
    '         ts_rank(%1$s, to_tsquery(''simple''::regconfig, $3))'
    '         + GREATEST(similarity(%2$s, $2), similarity(lower(last_name), $2),'
    '                    similarity(lower(first_name), $2),'
    '                    similarity(lower(preferred_name), $2)) AS rank'
    '    FROM people_person'
    '   WHERE organisation_id = $4 AND (%3$s)'
    '   ORDER BY rank DESC, last_name, first_name, id'
    '   LIMIT $5'
    ') best',
    name_vector, full_lower, condition)
    INTO found
    USING words, array_to_string(words, ' '), array_to_string(prefixes, ' & '),
          organisation, most;
  RETURN coalesce(found, '{{}}');
END
$function$
"""


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
    schema_editor.execute(FUNCTION.format(schema=schema), params=None)
    schema_editor.execute(f"REVOKE EXECUTE ON FUNCTION {SIGNATURE} FROM PUBLIC", params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_search_by_organisation"),
        # heard_current_organisation(), which the function takes the organisation from.
        ("row_security", "0001_tenant_policies"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
