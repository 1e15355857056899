"""Template tags for my day: its three tables' rows, built in Python (see
``heard.dashboards.presenters.task_rows_html``).

- ``{% task_table_rows task_rows %}``
- ``{% no_contact_table_rows silent_rows %}``
- ``{% recent_table_rows recent_rows %}``
"""

from django import template

from heard.dashboards.presenters import no_contact_rows_html, recent_rows_html, task_rows_html

register = template.Library()


@register.simple_tag
def task_table_rows(rows):
    return task_rows_html(rows)


@register.simple_tag
def no_contact_table_rows(rows):
    return no_contact_rows_html(rows)


@register.simple_tag
def recent_table_rows(rows):
    return recent_rows_html(rows)
