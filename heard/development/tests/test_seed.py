"""``heard seed`` gives each demo organisation realistic development records."""

import io

import pytest
from django.core.management import call_command

from heard.development.models import (
    Readiness,
    ReflectiveNote,
    SupervisionAction,
    SupervisionSession,
    TrainingItem,
)
from heard.development.selectors import readiness_required
from heard.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_development_data():
    call_command("seed", "--people", "5", "--cases", "5", stdout=io.StringIO())
    for organisation in Organisation.objects.all():
        assert readiness_required(organisation)
        assert TrainingItem.objects.filter(organisation=organisation, kind="qualification").exists()
        assert SupervisionSession.objects.filter(organisation=organisation, kind="group").exists()
        assert SupervisionAction.objects.filter(organisation=organisation, done_on=None).exists()
        # The demo advocate is a new starter, ready for IMCA only, with private notes.
        advocate = organisation.memberships.get(user__email__startswith="advocate@")
        assert list(
            Readiness.objects.filter(membership=advocate).values_list("advocacy_type", flat=True)
        ) == ["imca"]
        assert ReflectiveNote.objects.filter(author=advocate, shared_at=None).exists()
    wales = Organisation.objects.get(nation="wales")
    assert TrainingItem.objects.filter(organisation=wales, name__icontains="Welsh").exists()
