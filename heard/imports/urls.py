from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.start, name="start"),
    path("template/<slug:kind>/", views.template, name="template"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/columns/", views.columns, name="columns"),
    path("<int:job_id>/values/", views.values, name="values"),
    path("<int:job_id>/import/", views.run, name="run"),
    path("<int:job_id>/undo/", views.undo, name="undo"),
]
