"""Advocacy type codes (stable identifiers; see shared domain ``advocacy-types.md``)."""

from django.db import models


class AdvocacyType(models.TextChoices):
    CARE_ACT = "care_act", "Care Act advocacy"
    IMCA = "imca", "Independent Mental Capacity Advocate"
    IMCA_DOLS_39A = "imca_dols_39a", "IMCA (DoLS, s39A)"
    IMCA_DOLS_39C = "imca_dols_39c", "IMCA (DoLS, s39C)"
    IMCA_DOLS_39D = "imca_dols_39d", "IMCA (DoLS, s39D)"
    PAID_RPR = "paid_rpr", "Paid Relevant Person's Representative"
    IMHA = "imha", "Independent Mental Health Advocate"
    NHS_COMPLAINTS = "nhs_complaints", "NHS complaints advocacy"
    CHILDRENS = "childrens", "Children and young people's advocacy"
    WALES_IPA = "wales_ipa", "Independent Professional Advocacy"
    NON_STATUTORY = "non_statutory", "Community / generic advocacy"
    SELF_ADVOCACY = "self_advocacy", "Self-advocacy group support"
    PEER_ADVOCACY = "peer_advocacy", "Peer advocacy"


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
