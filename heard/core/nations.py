"""Law, processes and bodies by nation: one vocabulary, so a Welsh case never names English law.

A term is looked up by key and nation (``term("regulator.social_care", "wales")``); choice
lists whose labels name a body or a law are relabelled for the nation with
:func:`nation_choices` and :func:`nation_label`, keeping the stored values the same in both
nations. :func:`nation_for` says which nation's law applies to a case, referral or record:
the case's own (where the person is, or the hospital for IMHA), else its service's, else
its organisation's. Facts: /work/shared/domain/wales.md; see ADR-0010.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from heard.core.advocacy_types import AdvocacyType, Nation

ENGLAND, WALES = Nation.ENGLAND.value, Nation.WALES.value

TERMS: dict[str, dict[str, str]] = {
    # Adult safeguarding
    "safeguarding.law": {
        ENGLAND: _("Care Act 2014, section 42"),
        WALES: _("Social Services and Well-being (Wales) Act 2014, section 126"),
    },
    "safeguarding.enquiry": {
        ENGLAND: _("Safeguarding enquiry (Care Act section 42)"),
        WALES: _(
            "Adult at risk enquiry (Social Services and Well-being (Wales) Act 2014 section 126)"
        ),
    },
    "safeguarding.duty_to_report": {
        ENGLAND: _("Care and Support Statutory Guidance, chapter 14"),
        WALES: _(
            "Duty to report an adult at risk (Social Services and Well-being (Wales) Act 2014 "
            "section 128)"
        ),
    },
    "safeguarding.procedures": {
        ENGLAND: _("local multi-agency safeguarding adults policy"),
        WALES: _("Wales Safeguarding Procedures"),
    },
    "safeguarding.board": {
        ENGLAND: _("Safeguarding Adults Board"),
        WALES: _("Regional Safeguarding Board"),
    },
    "safeguarding.local_authority": {
        ENGLAND: _("Local authority (adult or children's safeguarding)"),
        WALES: _(
            "Local authority (adult or children's safeguarding, Wales Safeguarding Procedures)"
        ),
    },
    # Regulators and inspectorates
    "regulator.social_care": {
        ENGLAND: _("Care Quality Commission (CQC)"),
        WALES: _("Care Inspectorate Wales (CIW)"),
    },
    "regulator.health": {
        ENGLAND: _("Care Quality Commission (CQC)"),
        WALES: _("Healthcare Inspectorate Wales (HIW)"),
    },
    "regulator.any": {
        ENGLAND: _("Care Quality Commission (CQC)"),
        WALES: _("Care Inspectorate Wales (CIW) or Healthcare Inspectorate Wales (HIW)"),
    },
    "regulator.short": {ENGLAND: _("CQC"), WALES: _("CIW or HIW")},
    # NHS bodies and complaints
    "nhs.body": {
        ENGLAND: _("NHS trust or integrated care board"),
        WALES: _("Local health board or NHS trust"),
    },
    "nhs.complaints": {
        ENGLAND: _("NHS complaints procedure"),
        WALES: _("Putting Things Right (NHS Wales concerns procedure)"),
    },
    "nhs.complaints_advocacy": {
        ENGLAND: _(
            "NHS complaints advocacy (Local Government and Public Involvement in Health Act 2007 "
            "section 223A)"
        ),
        WALES: _("Llais complaints advocacy"),
    },
    "bodies.examples": {
        ENGLAND: _("Who could change this: the council, the NHS trust, a provider, a regulator"),
        WALES: _("Who could change this: the council, the health board, a provider, a regulator"),
    },
    # Duty-to-refer guidance on the public referral
    "duty_to_refer.basis": {
        ENGLAND: _(
            "For example, a council's duty to arrange Care Act advocacy, or an NHS body "
            "instructing an IMCA"
        ),
        WALES: _(
            "For example, a council's duty to offer Independent Professional Advocacy, or a "
            "health board instructing an IMCA"
        ),
    },
    "duty_to_refer.example": {
        ENGLAND: _(
            "For example, a council in England must arrange Care Act advocacy for someone who "
            "would have substantial difficulty being involved and has no one appropriate to "
            "support them."
        ),
        WALES: _(
            "For example, a council in Wales must offer Independent Professional Advocacy (Social "
            "Services and Well-being (Wales) Act 2014, Part 10 Code of Practice) to someone who "
            "can only overcome the barriers to taking part with an advocate's help and has no "
            "one appropriate to support them."
        ),
    },
    # Ombudsmen and tribunals
    "ombudsman": {
        ENGLAND: _(
            "Local Government and Social Care Ombudsman or Parliamentary and Health Service "
            "Ombudsman"
        ),
        WALES: _("Public Services Ombudsman for Wales"),
    },
    "ombudsman.short": {ENGLAND: _("LGSCO or PHSO"), WALES: _("PSOW")},
    "tribunal.mental_health": {
        ENGLAND: _("First-tier Tribunal (Mental Health)"),
        WALES: _("Mental Health Review Tribunal for Wales"),
    },
    # Care and support reviews
    "care.assessment": {
        ENGLAND: _("Care Act assessment"),
        WALES: _("Assessment under the Social Services and Well-being (Wales) Act 2014 Part 3"),
    },
    "care.review": {
        ENGLAND: _("Care Act review"),
        WALES: _("Care and support plan review (Social Services and Well-being (Wales) Act 2014)"),
    },
    "care.advocacy": {
        ENGLAND: _("Care Act advocacy (Care Act 2014 sections 67 and 68)"),
        WALES: _("Independent Professional Advocacy (Part 10 Code of Practice)"),
    },
    # Challenge levels that name bodies
    "challenge.level.regulator": {
        ENGLAND: _("Level 3: regulator (CQC) or safeguarding route"),
        WALES: _("Level 3: regulator (CIW or HIW) or safeguarding route"),
    },
    "challenge.level.regulator.name": {
        ENGLAND: _("Regulator (CQC) or safeguarding route"),
        WALES: _("Regulator (CIW or HIW) or safeguarding route"),
    },
    "challenge.level.legal": {
        ENGLAND: _("Level 4: legal action, ombudsman (LGSCO or PHSO) or court"),
        WALES: _("Level 4: legal action, Public Services Ombudsman for Wales or court"),
    },
    "challenge.level.legal.name": {
        ENGLAND: _("Legal action, ombudsman (LGSCO or PHSO) or court"),
        WALES: _("Legal action, Public Services Ombudsman for Wales or court"),
    },
}

# Choice lists whose labels name a body or law: (list, stored value) -> term key.
CHOICE_TERMS: dict[str, dict[object, str]] = {
    "safeguarding.raised_to": {
        "local_authority": "safeguarding.local_authority",
        "cqc": "regulator.any",
        "nhs_trust": "nhs.body",
    },
    "safeguarding.outcome": {"section_42_enquiry": "safeguarding.enquiry"},
    "challenges.level": {3: "challenge.level.regulator", 4: "challenge.level.legal"},
    "challenges.level_name": {3: "challenge.level.regulator.name", 4: "challenge.level.legal.name"},
    "casework.task_kind": {"care_act_review": "care.review"},
}


# Advocacy that exists only under one nation's law, keyed by the nation where it does NOT
# apply. In Wales, Care Act advocacy is Independent Professional Advocacy (SSWBA Part 10
# Code) and NHS complaints advocacy is Llais's (Putting Things Right), so neither is offered,
# listed or assessed for a Welsh organisation; Independent Professional Advocacy in turn has
# no law in England, so an English organisation is not offered it (a record that already
# has it keeps it: ``advocacy_type_choices(keep=...)``).
NATION_ONLY_TYPES: dict[str, frozenset[str]] = {
    ENGLAND: frozenset({AdvocacyType.WALES_IPA.value}),
    WALES: frozenset({AdvocacyType.CARE_ACT.value, AdvocacyType.NHS_COMPLAINTS.value}),
}


def _nation(nation) -> str:
    value = getattr(nation, "value", nation) or ENGLAND
    if value not in (ENGLAND, WALES):
        raise ValueError(f"Unknown nation {nation!r}")
    return value


def term(key: str, nation) -> str:
    """The name of ``key`` (a law, process or body) in ``nation``; England when unknown."""
    try:
        names = TERMS[key]
    except KeyError:
        raise KeyError(f"No nation term {key!r}: add it to heard.core.nations.TERMS") from None
    return names[_nation(nation)]


def nation_label(kind: str, value, default: str, nation) -> str:
    """A stored choice's label in ``nation``; ``default`` when the label names nothing national."""
    key = CHOICE_TERMS[kind].get(value)
    return term(key, nation) if key else default


def nation_choices(kind: str, choices, nation) -> list[tuple]:
    """``choices`` with every label that names a body or law relabelled for ``nation``."""
    return [(value, nation_label(kind, value, label, nation)) for value, label in choices]


def nation_for(obj, *, organisation=None) -> str:
    """The nation whose law applies to ``obj``.

    A record about a case (a concern, a challenge) follows its case; a case or referral
    uses its own nation (where the person is, or the hospital for IMHA), then its
    service's, then the organisation's. Pass ``organisation`` (usually the request's) to
    spare a query in lists.
    """
    if getattr(obj, "case_id", None) and not hasattr(obj, "service_id"):
        return nation_for(obj.case, organisation=organisation)
    own = getattr(obj, "nation", None)
    if own:
        return own
    if getattr(obj, "service_id", None):
        service_nation = obj.service.nation
        if service_nation:
            return service_nation
    if organisation is not None:
        return organisation.nation
    return obj.organisation.nation


def advocacy_type_applies(code: str, nation) -> bool:
    """Whether advocacy of type ``code`` exists under ``nation``'s law."""
    return code not in NATION_ONLY_TYPES[_nation(nation)]


def advocacy_type_choices(nation, *, keep=()) -> list[tuple[str, str]]:
    """The advocacy types a record in ``nation`` may have, with their labels.

    ``keep`` holds codes already stored on the record (a service that crossed the border),
    so a form never silently drops what it was given.
    """
    return [
        (code, label)
        for code, label in AdvocacyType.choices
        if advocacy_type_applies(code, nation) or code in keep
    ]
