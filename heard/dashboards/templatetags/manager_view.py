"""Template tags for the manager view.

- ``{% staff_table_rows staff_rows %}``: the caseload table's rows (``StaffRow``), built in
  Python; see ``heard.dashboards.presenters.staff_rows_html``.
"""

from django import template

from heard.dashboards.presenters import staff_rows_html

register = template.Library()


@register.simple_tag
def staff_table_rows(rows):
    return staff_rows_html(rows)
