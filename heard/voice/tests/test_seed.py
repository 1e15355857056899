"""``heard seed`` gives each demo organisation voice and co-production records to explore."""

import io

import pytest
from django.core.management import call_command

from heard.organisations.models import Organisation
from heard.voice.models import (
    EngagementSession,
    FeedbackResponse,
    Involvement,
    SelfAssessment,
    YouSaidWeDid,
)

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_voice_data():
    call_command("seed", "--people", "5", "--cases", "5", stdout=io.StringIO())
    for organisation in Organisation.objects.all():
        responses = FeedbackResponse.objects.filter(organisation=organisation)
        assert responses.count() >= 24
        assert not responses.filter(case__isnull=False).exists()
        assert (
            Involvement.objects.filter(organisation=organisation, consent_to_record=True).count()
            == 5
        )
        assert EngagementSession.objects.filter(organisation=organisation).count() == 2
        assert YouSaidWeDid.objects.filter(organisation=organisation, is_published=True).exists()
        assert SelfAssessment.objects.filter(organisation=organisation).count() == 2
