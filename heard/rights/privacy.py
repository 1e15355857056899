"""The privacy notice the public referral forms show: the organisation's own, or a default.

The default says what is collected, why, the lawful basis, how long it is kept (from the
organisation's retention rules), people's rights and whom to contact. Organisations can
replace it (Admin → Data protection settings); both are plain text, shown as paragraphs.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .selectors import settings_for


def _contact(organisation) -> str:
    phone = organisation.settings.get("contact_phone", "")
    email = organisation.settings.get("contact_email", "")
    ways = [way for way in (phone, email) if way]
    return _(" or ").join(ways)


def default_notice(organisation, rules) -> str:
    contact = _contact(organisation)
    paragraphs = [
        _(
            "%(org)s collects the details you give in this form: about the person who needs "
            "an advocate (their name, contact details, date of birth, where they live, their "
            "situation, risks and communication needs) and, if you are referring someone, "
            "about you."
        )
        % {"org": organisation.name},
        _(
            "We use them to decide whether we can provide an advocate, to contact the person "
            "(and you) about it, and to provide advocacy. We do not sell them or use them for "
            "marketing."
        ),
        _(
            "Our lawful basis is performing a task in the public interest or meeting a legal "
            "duty (UK GDPR article 6(1)(e) and (c)): most advocacy is required by law. Health "
            "and care information is special category data, which we use to provide health "
            "and social care support (article 9(2)(h))."
        ),
        _(
            "The equality questions (ethnic group, sex, disability and religion) are optional. "
            "If answered, we use the answers only to count who is and is not reaching "
            "advocacy, in figures that name nobody. Our lawful basis is equality of "
            "opportunity monitoring (UK GDPR article 9(2)(g) and the Data Protection Act 2018, "
            "schedule 1, paragraph 8)."
        ),
        _(
            "If we do not provide advocacy, we keep the referral for %(months)s months. If we "
            "do, we keep the person's record for %(years)s years after their last case closes. "
            "Then it is erased."
        )
        % {"months": rules.declined_referral_months, "years": rules.closed_case_years},
        _(
            "Everyone has the right to a copy of the information we hold about them, to have "
            "it corrected, and in some cases to have it erased or to object to how we use it. "
            "You can complain to the Information Commissioner's Office (ico.org.uk, "
            "0303 123 1113)."
        ),
        (
            _("To ask about your information, contact %(org)s: %(contact)s.")
            % {"org": organisation.name, "contact": contact}
            if contact
            else _("To ask about your information, contact %(org)s.") % {"org": organisation.name}
        ),
    ]
    return "\n\n".join(paragraphs)


def default_easy_read_notice(organisation, rules) -> str:
    contact = _contact(organisation)
    paragraphs = [
        _("We keep the answers you give us in this form."),
        _("We use them to help you get an advocate."),
        _("We only share them with people who need them to help you."),
        _("The law says we are allowed to keep them, to help you."),
        _(
            "If you answer the questions about you, we only use them to count who asks us "
            "for help. Your name is not in these counts."
        ),
        _("We keep them for %(years)s years after we stop helping you. Then we delete them.")
        % {"years": rules.closed_case_years},
        _("You can ask to see what we keep about you. You can ask us to change it."),
        (
            _("You can ask us about it: %(contact)s.") % {"contact": contact}
            if contact
            else _("You can ask us about it.")
        ),
        _("If you are not happy, you can tell the Information Commissioner's Office."),
    ]
    return "\n\n".join(paragraphs)


def notice_for(organisation, *, easy_read: bool = False) -> str:
    rules = settings_for(organisation)
    own = rules.easy_read_privacy_notice if easy_read else rules.privacy_notice
    if own.strip():
        return own
    return (default_easy_read_notice if easy_read else default_notice)(organisation, rules)
