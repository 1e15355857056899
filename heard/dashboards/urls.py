"""Dashboard URLs. The root URLconf mounts these under /cases/ in the "casework" namespace,
where they have always been ("casework:my_day", "casework:manager")."""

from django.urls import path

from heard.dashboards import views

urlpatterns = [
    path("my-day/", views.my_day, name="my_day"),
    path("manager/", views.manager, name="manager"),
]
