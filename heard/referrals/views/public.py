"""Public referral pages (no sign-in): the question pages, Easy Read, check answers, confirmation.

Each flow is a list of steps. A step's answers live in the session draft
(``heard.referrals.services.intake``), so every page pre-fills, Back and Change links
are plain links that work without JavaScript, and nothing is lost on an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from heard.core import tenant_db
from heard.core.active_offer import active_offer
from heard.core.net import client_ip
from heard.core.reused_sql import reused
from heard.organisations.models import Organisation
from heard.referrals import eligibility_questions as eq
from heard.referrals.forms import intake as forms
from heard.referrals.models import ContactPreference, ReferralBasis, Source
from heard.referrals.presenters import intake as presenters_intake
from heard.referrals.services import intake

FULL, EASY_READ = "full", "easy_read"


def _organisation(request, slug: str) -> Organisation:
    # A public page: the organisation is the tenant named in the address, not one of ours.
    # Compiled once per process (ADR-0058): every step of the public form reads it.
    organisation = get_object_or_404(
        reused(Organisation.objects.all()),  # scoped: public page's tenant
        slug=slug,
    )
    # This page works for this organisation (the row-level security key, ADR-0035).
    tenant_db.bind_public_page(request, organisation)
    return organisation


# --- Steps and flows ---------------------------------------------------------------


def _who(draft) -> str:
    return draft.get("who", {}).get("who", "")


def _is_self(draft) -> bool:
    return _who(draft) == forms.WHO_SELF


def _context(organisation, draft) -> eq.Context:
    person = draft.get("person", {})
    dob = intake.parse_date(person.get("date_of_birth"))
    return eq.Context(
        nation=organisation.nation,
        age=eq.age_on(dob, timezone.localdate()),
        topics=frozenset(draft.get("situation", {}).get("topics") or []),
        answers=draft.get("questions", {}),
    )


@dataclass(frozen=True)
class Step:
    name: str
    url_name: str
    template: str
    make_form: Callable  # (organisation, draft, data, initial) -> form
    title: Callable[[dict], str]  # the page title (and h1 when ``heading`` is true)
    heading: bool = True  # False when the form's only question is the page heading
    applies: Callable = field(default=lambda organisation, draft: True)
    complete: Callable | None = None
    save: Callable | None = None
    intro: str = ""  # a template included above the form
    icon: str = ""  # Easy Read picture
    skippable: bool = False  # offers "Skip these questions" beside "Continue"

    def is_complete(self, organisation, draft) -> bool:
        if self.complete is not None:
            return self.complete(organisation, draft)
        return self.name in draft

    def initial(self, draft) -> dict:
        return dict(draft.get(self.name, {}))

    def store(self, draft, cleaned) -> None:
        if cleaned is None:  # skipped: nothing answered, and the page counts as seen
            draft[self.name] = {"_skipped": True}
        elif self.save is not None:
            self.save(draft, cleaned)
        else:
            draft[self.name] = intake.jsonable(cleaned)


@dataclass(frozen=True)
class Flow:
    kind: str
    steps: tuple[Step, ...]
    check_url_name: str

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise Http404("No such page")

    def url(self, url_name: str, organisation, returning=False) -> str:
        url = reverse(f"refer:{url_name}", kwargs={"organisation_slug": organisation.slug})
        return f"{url}?return=check" if returning else url

    def applicable(self, organisation, draft) -> list[Step]:
        return [step for step in self.steps if step.applies(organisation, draft)]

    def first_incomplete(self, organisation, draft, before: Step | None = None) -> Step | None:
        for step in self.applicable(organisation, draft):
            if before is not None and step.name == before.name:
                return None
            if not step.is_complete(organisation, draft):
                return step
        return None

    def next_url(self, step: Step, organisation, draft) -> str:
        steps = self.applicable(organisation, draft)
        names = [s.name for s in steps]
        index = names.index(step.name) if step.name in names else -1
        following = steps[index + 1] if index + 1 < len(steps) else None
        if following is None:
            return self.url(self.check_url_name, organisation)
        return self.url(following.url_name, organisation)

    def back_url(self, step: Step, organisation, draft, *, first_back: str = "") -> str:
        steps = self.applicable(organisation, draft)
        names = [s.name for s in steps]
        index = names.index(step.name) if step.name in names else 0
        if index == 0:
            return first_back
        return self.url(steps[index - 1].url_name, organisation)

    def check_back_url(self, organisation, draft) -> str:
        steps = self.applicable(organisation, draft)
        return self.url(steps[-1].url_name, organisation)


# --- The full public form -----------------------------------------------------------


def _referrer_complete(organisation, draft) -> bool:
    return draft.get("referrer", {}).get("_who") == _who(draft)


def _save_referrer(draft, cleaned) -> None:
    draft["referrer"] = {**intake.jsonable(cleaned), "_who": _who(draft)}


def _questions_applies(organisation, draft) -> bool:
    return bool(eq.questions_to_ask(_context(organisation, draft)))


def _questions_complete(organisation, draft) -> bool:
    return "situation" in draft and not eq.unanswered(_context(organisation, draft))


def _save_questions(draft, cleaned) -> None:
    draft["questions"] = {**draft.get("questions", {}), **intake.jsonable(cleaned)}


def _basis_complete(organisation, draft) -> bool:
    allowed = {ReferralBasis.CONSENT, ReferralBasis.BEST_INTERESTS}
    if _who(draft) == forms.WHO_PROFESSIONAL:
        allowed.add(ReferralBasis.STATUTORY_DUTY)
    return draft.get("basis", {}).get("basis") in allowed


def _optional(organisation, draft) -> bool:
    """An optional page never holds a referral back: check answers is reachable without it."""
    return True


def _questions_form(organisation, draft, data, initial):
    return forms.EligibilityQuestionsForm(
        data,
        initial=initial,
        questions=eq.questions_to_ask(_context(organisation, draft)),
        self_referral=_is_self(draft),
        nation=organisation.nation,
        topics=draft.get("situation", {}).get("topics") or [],
    )


FULL_FLOW = Flow(
    kind=FULL,
    check_url_name="check",
    steps=(
        Step(
            name="who",
            url_name="start",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.WhoForm(
                data, initial=initial
            ),
            title=lambda draft: _("Who is making this referral?"),
            heading=False,
            intro="referrals/public/_start_intro.html",
        ),
        Step(
            name="referrer",
            url_name="referrer",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.ReferrerForm(
                data, initial=initial, who=_who(draft)
            ),
            title=lambda draft: _("About you"),
            applies=lambda organisation, draft: not _is_self(draft),
            complete=_referrer_complete,
            save=_save_referrer,
        ),
        Step(
            name="person",
            url_name="person",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.PersonForm(
                data, initial=initial, self_referral=_is_self(draft), nation=organisation.nation
            ),
            title=lambda draft: _("About you") if _is_self(draft) else _("About the person"),
        ),
        Step(
            name="situation",
            url_name="situation",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.SituationForm(
                data,
                initial={**initial, "is_urgent": _yes_no(initial.get("is_urgent"))},
                self_referral=_is_self(draft),
            ),
            title=lambda draft: _("Your situation") if _is_self(draft) else _("Their situation"),
            intro="referrals/public/_duty_to_refer.html",
        ),
        Step(
            name="questions",
            url_name="questions",
            template="referrals/public/question.html",
            make_form=_questions_form,
            title=lambda draft: _("Some questions about the law"),
            applies=_questions_applies,
            complete=_questions_complete,
            save=_save_questions,
            intro="referrals/public/_questions_intro.html",
        ),
        Step(
            name="communication",
            url_name="communication",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.CommunicationForm(
                data, initial=initial, self_referral=_is_self(draft), nation=organisation.nation
            ),
            title=lambda draft: _("Communication"),
        ),
        Step(
            name="basis",
            url_name="basis",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.BasisForm(
                data, initial=initial, who=_who(draft), nation=organisation.nation
            ),
            title=lambda draft: _("Does the person agree to this referral?"),
            heading=False,
            applies=lambda organisation, draft: not _is_self(draft),
            complete=_basis_complete,
        ),
        Step(
            name="equality",
            url_name="equality",
            template="referrals/public/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EqualityForm(
                data, initial=initial, wording=forms.SELF if _is_self(draft) else forms.REFERRER
            ),
            title=lambda draft: _("Equality questions (optional)"),
            intro="referrals/public/_equality_intro.html",
            complete=_optional,
            skippable=True,
        ),
    ),
)


def _yes_no(value):
    if value is None:
        return None
    return "yes" if value else "no"


# --- The Easy Read form --------------------------------------------------------------


def _contact_method(draft) -> str:
    return draft.get("contact", {}).get("contact_preference", "")


def _details_complete(organisation, draft) -> bool:
    return draft.get("details", {}).get("_method") == _contact_method(draft)


def _save_details(draft, cleaned) -> None:
    draft["details"] = {**intake.jsonable(cleaned), "_method": _contact_method(draft)}


def _helper_applies(organisation, draft) -> bool:
    helped = draft.get("helping", {}).get("helped") == "yes"
    return helped and _contact_method(draft) != ContactPreference.VIA_HELPER


DETAIL_ICONS = {
    ContactPreference.PHONE.value: "phone",
    ContactPreference.EMAIL.value: "envelope",
    ContactPreference.LETTER.value: "house",
    ContactPreference.VIA_HELPER.value: "helper",
}


EASY_READ_FLOW = Flow(
    kind=EASY_READ,
    check_url_name="easy_read_check",
    steps=(
        Step(
            name="name",
            url_name="easy_read_name",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadNameForm(
                data, initial=initial
            ),
            title=lambda draft: _("What is your name?"),
            icon="person",
        ),
        Step(
            name="contact",
            url_name="easy_read_contact",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadContactForm(
                data, initial=initial
            ),
            title=lambda draft: _("How should we contact you?"),
            heading=False,
            icon="phone",
        ),
        Step(
            name="details",
            url_name="easy_read_details",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadContactDetailsForm(
                data, initial=initial, method=_contact_method(draft)
            ),
            title=lambda draft: forms.EasyReadContactDetailsForm.HEADINGS.get(
                _contact_method(draft), "Your contact details"
            ),
            complete=_details_complete,
            save=_save_details,
            icon="details",
        ),
        Step(
            name="help",
            url_name="easy_read_help",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadHelpForm(
                data, initial=initial
            ),
            title=lambda draft: _("What do you want help with?"),
            heading=False,
            icon="speech",
        ),
        Step(
            name="urgent",
            url_name="easy_read_urgent",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadUrgentForm(
                data, initial={"is_urgent": _yes_no(initial.get("is_urgent"))}
            ),
            title=lambda draft: _("Is it urgent?"),
            heading=False,
            icon="clock",
        ),
        Step(
            name="helping",
            url_name="easy_read_helping",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadHelpingForm(
                data, initial=initial
            ),
            title=lambda draft: _("Is someone helping you fill in this form?"),
            heading=False,
            icon="helper",
        ),
        Step(
            name="helper",
            url_name="easy_read_helper",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EasyReadHelperForm(
                data, initial=initial
            ),
            title=lambda draft: _("Who is helping you?"),
            applies=_helper_applies,
            icon="helper",
        ),
        Step(
            name="equality",
            url_name="easy_read_equality",
            template="referrals/easy_read/question.html",
            make_form=lambda organisation, draft, data, initial: forms.EqualityForm(
                data, initial=initial, wording=forms.EASY
            ),
            title=lambda draft: _("Questions about you (you do not have to answer)"),
            intro="referrals/easy_read/_equality_intro.html",
            icon="person",
            complete=_optional,
            skippable=True,
        ),
    ),
)


# --- Views ----------------------------------------------------------------------------


def _render_step(request, organisation, flow: Flow, step: Step, draft: dict):
    returning = request.GET.get("return") == "check"
    data = request.POST if request.method == "POST" else None
    form = step.make_form(organisation, draft, data, step.initial(draft))
    skipped = request.method == "POST" and step.skippable and "skip" in request.POST
    if skipped or (request.method == "POST" and form.is_valid()):
        step.store(draft, None if skipped else form.cleaned_data)
        intake.save_draft(request.session, organisation, draft, flow.kind)
        if step.name == "questions" and eq.unanswered(_context(organisation, draft)):
            # Earlier answers opened new questions: show the page again with them added.
            url = flow.url(step.url_name, organisation, returning)
            return redirect(url + ("&" if returning else "?") + "more=1")
        if returning:
            missing = flow.first_incomplete(organisation, draft)
            if missing is not None:
                return redirect(flow.url(missing.url_name, organisation, True))
            return redirect(flow.url(flow.check_url_name, organisation))
        return redirect(flow.next_url(step, organisation, draft))
    intake.save_draft(request.session, organisation, draft, flow.kind)
    first_back = (
        reverse("refer:easy_read", kwargs={"organisation_slug": organisation.slug})
        if flow.kind == EASY_READ
        else ""
    )
    back_url = (
        flow.url(flow.check_url_name, organisation)
        if returning
        else flow.back_url(step, organisation, draft, first_back=first_back)
    )
    icon = step.icon
    if icon == "details":
        icon = DETAIL_ICONS.get(_contact_method(draft), "phone")
    return render(
        request,
        step.template,
        {
            "organisation": organisation,
            "form": form,
            "step": step,
            "title": step.title(draft),
            "show_heading": step.heading,
            "sections": form.sections() if hasattr(form, "sections") else None,
            "more_questions": request.GET.get("more") == "1",
            "back_url": back_url,
            "self_referral": _is_self(draft),
            "who": _who(draft),
            "icon": icon,
            "easy_read_url": reverse(
                "refer:easy_read", kwargs={"organisation_slug": organisation.slug}
            ),
        },
    )


def _step_view(flow: Flow, step_name: str):
    @never_cache
    def view(request, organisation_slug: str):
        organisation = _organisation(request, organisation_slug)
        if offer := active_offer(request, organisation):
            return offer
        draft = intake.load_draft(request.session, organisation, flow.kind)
        step = flow.step(step_name)
        if not step.applies(organisation, draft):
            missing = flow.first_incomplete(organisation, draft)
            target = missing.url_name if missing else flow.check_url_name
            return redirect(flow.url(target, organisation))
        missing = flow.first_incomplete(organisation, draft, before=step)
        if missing is not None:
            return redirect(flow.url(missing.url_name, organisation))
        return _render_step(request, organisation, flow, step, draft)

    view.__name__ = f"{flow.kind}_{step_name}"
    return view


start = _step_view(FULL_FLOW, "who")
referrer = _step_view(FULL_FLOW, "referrer")
person = _step_view(FULL_FLOW, "person")
situation = _step_view(FULL_FLOW, "situation")
questions = _step_view(FULL_FLOW, "questions")
communication = _step_view(FULL_FLOW, "communication")
basis = _step_view(FULL_FLOW, "basis")
equality = _step_view(FULL_FLOW, "equality")

easy_read_name = _step_view(EASY_READ_FLOW, "name")
easy_read_contact = _step_view(EASY_READ_FLOW, "contact")
easy_read_details = _step_view(EASY_READ_FLOW, "details")
easy_read_help = _step_view(EASY_READ_FLOW, "help")
easy_read_urgent = _step_view(EASY_READ_FLOW, "urgent")
easy_read_helping = _step_view(EASY_READ_FLOW, "helping")
easy_read_helper = _step_view(EASY_READ_FLOW, "helper")
easy_read_equality = _step_view(EASY_READ_FLOW, "equality")


def easy_read(request, organisation_slug: str):
    """The Easy Read start page: what an advocate is, in pictures and short sentences."""
    organisation = _organisation(request, organisation_slug)
    if offer := active_offer(request, organisation):
        return offer
    return render(
        request,
        "referrals/easy_read/start.html",
        {
            "organisation": organisation,
            "start_url": EASY_READ_FLOW.url("easy_read_name", organisation),
            "full_form_url": FULL_FLOW.url("start", organisation),
        },
    )


# --- Check answers and submit ---------------------------------------------------------


def _submit(request, organisation, flow: Flow, draft: dict, *, confirm_template: str):
    """The final POST: idempotent, honeypot, rate limit, then store (docs/referrals.md)."""
    confirming = "confirm_human" in request.POST
    form = (forms.ConfirmHumanForm if confirming else forms.SubmitForm)(request.POST)
    form.is_valid()
    token = form.cleaned_data.get("token") or draft["token"]
    confirmation_url = flow.url(
        "easy_read_confirmation" if flow.kind == EASY_READ else "confirmation", organisation
    )
    existing = intake.reference_for_token(organisation, token)
    if existing is not None:
        # Back button, double click or retry: the original referral, not a second one.
        intake.remember_done(request.session, organisation, existing)
        if draft.get("token") == token:
            intake.clear_draft(request.session, organisation, flow.kind)
        return redirect(confirmation_url)
    missing = flow.first_incomplete(organisation, draft)
    if missing is not None:
        return redirect(flow.url(missing.url_name, organisation))
    context = {
        "organisation": organisation,
        "token": token,
        "contact": intake.organisation_contact(organisation),
        "check_url": flow.url(flow.check_url_name, organisation),
        "easy_read": flow.kind == EASY_READ,
    }
    if not confirming and form.honeypot_filled:
        return render(request, confirm_template, context)
    if not intake.take_submission_place(organisation, client_ip(request)):
        return render(request, "referrals/public/rate_limited.html", context, status=429)
    today = timezone.localdate()
    if flow.kind == EASY_READ:
        source = Source.EASY_READ
        data = intake.easy_read_data_from_draft(draft, organisation, as_of=today)
    else:
        source = forms.WHO_SOURCES[_who(draft)]
        data = intake.referral_data_from_draft(draft, organisation, as_of=today)
    referral, _created = intake.referral_submit(
        organisation=organisation,
        idempotency_key=token,
        source=source,
        data=data,
        request=request,
        suspected_spam=confirming,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        key_checked=True,
    )
    intake.remember_done(request.session, organisation, referral.reference)
    intake.clear_draft(request.session, organisation, flow.kind)
    return redirect(confirmation_url)


@never_cache
def check(request, organisation_slug: str):
    organisation = _organisation(request, organisation_slug)
    draft = intake.load_draft(request.session, organisation, FULL)
    if request.method == "POST":
        return _submit(
            request,
            organisation,
            FULL_FLOW,
            draft,
            confirm_template="referrals/public/confirm_person.html",
        )
    missing = FULL_FLOW.first_incomplete(organisation, draft)
    if missing is not None:
        return redirect(FULL_FLOW.url(missing.url_name, organisation))
    intake.save_draft(request.session, organisation, draft, FULL)
    data = intake.referral_data_from_draft(draft, organisation, as_of=timezone.localdate())
    urls = {
        step.name: FULL_FLOW.url(step.url_name, organisation, returning=True)
        for step in FULL_FLOW.steps
    }
    return render(
        request,
        "referrals/public/check.html",
        {
            "organisation": organisation,
            "sections": presenters_intake.check_answers_sections(
                draft, urls=urls, nation=organisation.nation
            ),
            "eligibility": presenters_intake.present_eligibility(
                data["eligibility_result"],
                topics=draft.get("situation", {}).get("topics") or [],
                nation=organisation.nation,
                self_referral=_is_self(draft),
            ),
            "self_referral": _is_self(draft),
            "form": forms.SubmitForm(initial={"token": draft["token"]}),
            "back_url": FULL_FLOW.check_back_url(organisation, draft),
        },
    )


@never_cache
def easy_read_check(request, organisation_slug: str):
    organisation = _organisation(request, organisation_slug)
    draft = intake.load_draft(request.session, organisation, EASY_READ)
    if request.method == "POST":
        return _submit(
            request,
            organisation,
            EASY_READ_FLOW,
            draft,
            confirm_template="referrals/easy_read/confirm_person.html",
        )
    missing = EASY_READ_FLOW.first_incomplete(organisation, draft)
    if missing is not None:
        return redirect(EASY_READ_FLOW.url(missing.url_name, organisation))
    intake.save_draft(request.session, organisation, draft, EASY_READ)
    urls = {
        step.name: EASY_READ_FLOW.url(step.url_name, organisation, returning=True)
        for step in EASY_READ_FLOW.steps
    }
    return render(
        request,
        "referrals/easy_read/check.html",
        {
            "organisation": organisation,
            "rows": presenters_intake.easy_read_rows(draft, urls=urls),
            "form": forms.SubmitForm(initial={"token": draft["token"]}),
            "back_url": EASY_READ_FLOW.check_back_url(organisation, draft),
        },
    )


def _confirmation(request, organisation_slug: str, template: str, start_url_name: str):
    organisation = _organisation(request, organisation_slug)
    reference = intake.done_reference(request.session, organisation)
    if not reference:
        return redirect(reverse(f"refer:{start_url_name}", args=[organisation.slug]))
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "reference": reference,
            "contact": intake.organisation_contact(organisation),
        },
    )


@never_cache
def confirmation(request, organisation_slug: str):
    return _confirmation(request, organisation_slug, "referrals/public/confirmation.html", "start")


@never_cache
def easy_read_confirmation(request, organisation_slug: str):
    return _confirmation(
        request, organisation_slug, "referrals/easy_read/confirmation.html", "easy_read"
    )
