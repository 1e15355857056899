"""A deliberately broken URLconf: proves the tenancy walker catches an unscoped view."""

from django.http import HttpResponse
from django.urls import path

from heard.people.models import Person


def leaky_person(request, person_id):
    person = Person.objects.get(pk=person_id)  # the bug the walker must catch: no tenancy
    return HttpResponse(person.last_name)


def mystery(request, widget_id):
    return HttpResponse("ok")


urlpatterns = [
    path("leaky/<int:person_id>/", leaky_person, name="leaky"),
    path("mystery/<int:widget_id>/", mystery, name="mystery"),
]
