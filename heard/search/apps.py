from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "heard.search"
    label = "search"
    verbose_name = "Search"
