"""Public feedback pages (no sign-in), standard and Easy Read, and the public "you said, we did".

One question a page. Answers live in the session draft, so every page pre-fills, Back and
Change are plain links, and nothing is lost on an error. The final submit is idempotent,
has a honeypot and a rate limit, and no CAPTCHA (the public referral's rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from heard.core.net import client_ip
from heard.organisations.models import Organisation
from heard.referrals.forms.intake import ConfirmHumanForm, SubmitForm
from heard.voice import forms, selectors, services
from heard.voice.models import QUESTIONS, Answer, FormVersion, SupporterRole

VERSIONS = {"standard": FormVersion.STANDARD, "easy-read": FormVersion.EASY_READ}


def _organisation(slug: str) -> Organisation:
    # A public page: the organisation is the one named in the address.
    return get_object_or_404(Organisation, slug=slug)  # scoped: public page's tenant


@dataclass
class Context:
    organisation: Organisation
    draft: dict
    services: list
    easy_read: bool

    @property
    def answers(self) -> dict:
        return self.draft["answers"]

    @property
    def personal(self) -> bool:
        return bool(self.draft.get("invitation"))


@dataclass(frozen=True)
class Step:
    name: str
    make_form: Callable  # (ctx, data, initial) -> form
    icon: str
    applies: Callable = field(default=lambda ctx: True)


def _simple(form_class):
    return lambda ctx, data, initial: form_class(data, initial=initial, easy_read=ctx.easy_read)


STEPS = (
    Step(
        "service",
        lambda ctx, data, initial: forms.ServiceForm(
            data, initial=initial, services=ctx.services, easy_read=ctx.easy_read
        ),
        "building",
        applies=lambda ctx: not ctx.personal and len(ctx.services) > 1,
    ),
    *(
        Step(name, _simple(forms.ANSWER_FORMS[name]), icon)
        for (name, _s, _e), icon in zip(
            QUESTIONS, ("ear", "rights", "speech", "change"), strict=True
        )
    ),
    Step("own_words", _simple(forms.OwnWordsForm), "pencil"),
    Step(
        "may_quote",
        _simple(forms.QuoteForm),
        "quote",
        applies=lambda ctx: bool((ctx.answers.get("own_words") or "").strip()),
    ),
    Step("helped", _simple(forms.HelpedForm), "helper"),
    Step(
        "supporter_role",
        _simple(forms.SupporterForm),
        "helper",
        applies=lambda ctx: ctx.answers.get("helped") == "yes",
    ),
    Step("anonymous", _simple(forms.AnonymousForm), "lock", applies=lambda ctx: ctx.personal),
)


def _applicable(ctx) -> list[Step]:
    return [step for step in STEPS if step.applies(ctx)]


def _first_incomplete(ctx, before: str | None = None) -> Step | None:
    for step in _applicable(ctx):
        if step.name == before:
            return None
        if step.name not in ctx.answers:
            return step
    return None


def _url(name: str, organisation, version: str, step: str | None = None, returning=False) -> str:
    kwargs = {"organisation_slug": organisation.slug, "version": version}
    if step:
        kwargs["step"] = step
    url = reverse(f"have_your_say:{name}", kwargs=kwargs)
    return f"{url}?return=check" if returning else url


def _context(request, organisation, version) -> Context:
    draft = services.load_draft(request.session, organisation)
    return Context(
        organisation=organisation,
        draft=draft,
        services=list(selectors.services_of(organisation)),
        easy_read=VERSIONS[version] == FormVersion.EASY_READ,
    )


def _version(version: str) -> str:
    if version not in VERSIONS:
        raise Http404("No such form")
    return version


@never_cache
def start(request, organisation_slug: str):
    """Choose the standard or Easy Read form; explains anonymity first."""
    organisation = _organisation(organisation_slug)
    ctx = _context(request, organisation, "easy-read")
    first = _applicable(ctx)[0].name
    return render(
        request,
        "voice/public/start.html",
        {
            "organisation": organisation,
            "personal": ctx.personal,
            "standard_url": _url("question", organisation, "standard", first),
            "easy_read_url": _url("question", organisation, "easy-read", first),
        },
    )


@never_cache
def personal_link(request, token: str):
    """A personal link from case closure: remember the invitation in this browser's draft only."""
    invitation = services.invitation_for(token)
    if invitation is None:
        return render(request, "voice/public/link_expired.html", status=410)
    organisation = invitation.organisation
    draft = services.load_draft(request.session, organisation)
    draft["invitation"] = invitation.pk
    services.save_draft(request.session, organisation, draft)
    return redirect("have_your_say:start", organisation_slug=organisation.slug)


@never_cache
def question(request, organisation_slug: str, version: str, step: str):
    organisation = _organisation(organisation_slug)
    version = _version(version)
    ctx = _context(request, organisation, version)
    current = next((s for s in STEPS if s.name == step), None)
    if current is None:
        raise Http404("No such question")
    if not current.applies(ctx):
        missing = _first_incomplete(ctx)
        return redirect(
            _url("question", organisation, version, missing.name)
            if missing
            else _url("check", organisation, version)
        )
    missing = _first_incomplete(ctx, before=current.name)
    if missing is not None:
        return redirect(_url("question", organisation, version, missing.name))
    returning = request.GET.get("return") == "check"
    data = request.POST if request.method == "POST" else None
    initial = {current.name: ctx.answers.get(current.name)}
    form = current.make_form(ctx, data, initial)
    if data is not None and form.is_valid():
        ctx.answers[current.name] = form.cleaned_data[current.name]
        ctx.draft["version"] = version
        services.save_draft(request.session, organisation, ctx.draft)
        following = _first_incomplete(ctx) if returning else None
        if returning and following is None:
            return redirect(_url("check", organisation, version))
        if returning:
            return redirect(_url("question", organisation, version, following.name, True))
        steps = _applicable(ctx)
        names = [s.name for s in steps]
        index = names.index(current.name)
        if index + 1 < len(steps):
            return redirect(_url("question", organisation, version, steps[index + 1].name))
        return redirect(_url("check", organisation, version))
    services.save_draft(request.session, organisation, ctx.draft)
    steps = _applicable(ctx)
    index = [s.name for s in steps].index(current.name)
    if returning:
        back_url = _url("check", organisation, version)
    elif index == 0:
        back_url = reverse("have_your_say:start", kwargs={"organisation_slug": organisation.slug})
    else:
        back_url = _url("question", organisation, version, steps[index - 1].name)
    return render(
        request,
        "voice/public/question.html",
        {
            "organisation": organisation,
            "form": form,
            "title": form.fields[current.name].label,
            "icon": current.icon,
            "easy_read": ctx.easy_read,
            "back_url": back_url,
            "position": index + 1,
            "count": len(steps),
        },
    )


def _answer_label(name: str, value, ctx) -> str:
    if name == "service":
        names = {str(s.pk): s.name for s in ctx.services}
        return names.get(value, _("I am not sure"))
    if name in dict.fromkeys(f for f, _s, _e in QUESTIONS):
        return str(dict(Answer.choices).get(value, ""))
    if name == "supporter_role":
        return str(dict(SupporterRole.choices).get(value, ""))
    if name == "anonymous":
        return str(_("Keep it anonymous") if value == "yes" else _("Linked to my case"))
    if name in {"may_quote", "helped"}:
        return str(_("Yes") if value == "yes" else _("No"))
    return value or str(_("Nothing written"))


def _rows(ctx, organisation, version) -> list[dict]:
    rows = []
    for step in _applicable(ctx):
        form = step.make_form(ctx, None, {})
        rows.append(
            {
                "key": form.fields[step.name].label,
                "value": _answer_label(step.name, ctx.answers.get(step.name), ctx),
                "change_url": _url("question", organisation, version, step.name, True),
            }
        )
    return rows


@never_cache
def check(request, organisation_slug: str, version: str):
    organisation = _organisation(organisation_slug)
    version = _version(version)
    ctx = _context(request, organisation, version)
    if request.method == "POST":
        return _submit(request, organisation, version, ctx)
    missing = _first_incomplete(ctx)
    if missing is not None:
        return redirect(_url("question", organisation, version, missing.name))
    services.save_draft(request.session, organisation, ctx.draft)
    steps = _applicable(ctx)
    return render(
        request,
        "voice/public/check.html",
        {
            "organisation": organisation,
            "rows": _rows(ctx, organisation, version),
            "form": SubmitForm(initial={"token": ctx.draft["token"]}),
            "back_url": _url("question", organisation, version, steps[-1].name),
            "easy_read": ctx.easy_read,
            "personal": ctx.personal,
        },
    )


def _submit(request, organisation, version, ctx):
    confirming = "confirm_human" in request.POST
    form = (ConfirmHumanForm if confirming else SubmitForm)(request.POST)
    form.is_valid()
    token = form.cleaned_data.get("token") or ctx.draft["token"]
    done_url = reverse("have_your_say:done", kwargs={"organisation_slug": organisation.slug})
    if services.find_by_token(token) is not None:
        # Back button, double click or retry: the response is already stored once.
        services.remember_done(request.session, organisation, token)
        if ctx.draft.get("token") == token:
            services.clear_draft(request.session, organisation)
        return redirect(done_url)
    missing = _first_incomplete(ctx)
    if missing is not None:
        return redirect(_url("question", organisation, version, missing.name))
    page = {
        "organisation": organisation,
        "token": token,
        "check_url": _url("check", organisation, version),
        "easy_read": ctx.easy_read,
    }
    if not confirming and form.honeypot_filled:
        return render(request, "voice/public/confirm_person.html", page)
    if not services.take_submission_place(organisation, client_ip(request)):
        return render(request, "voice/public/rate_limited.html", page, status=429)
    service = None
    chosen = ctx.answers.get("service")
    if len(ctx.services) == 1:
        service = ctx.services[0]
    elif chosen:
        service = next((s for s in ctx.services if str(s.pk) == chosen), None)
    services.feedback_submit(
        organisation=organisation,
        token=token,
        answers=ctx.answers,
        form_version=VERSIONS[version],
        invitation_id=ctx.draft.get("invitation"),
        service=service,
    )
    services.remember_done(request.session, organisation, token)
    services.clear_draft(request.session, organisation)
    return redirect(done_url)


@never_cache
def done(request, organisation_slug: str):
    organisation = _organisation(organisation_slug)
    if not services.is_done(request.session, organisation):
        return redirect("have_your_say:start", organisation_slug=organisation.slug)
    return render(
        request,
        "voice/public/done.html",
        {
            "organisation": organisation,
            "public_url": reverse(
                "have_your_say:you_said_we_did", kwargs={"organisation_slug": organisation.slug}
            ),
        },
    )


def you_said_we_did(request, organisation_slug: str):
    """The organisation's public page: what people said and what was done. No sign-in."""
    organisation = _organisation(organisation_slug)
    return render(
        request,
        "voice/public/you_said_we_did.html",
        {
            "organisation": organisation,
            "items": selectors.published_items(organisation),
            "easy_read_url": reverse(
                "have_your_say:you_said_we_did_easy_read",
                kwargs={"organisation_slug": organisation.slug},
            ),
        },
    )


def you_said_we_did_easy_read(request, organisation_slug: str):
    organisation = _organisation(organisation_slug)
    return render(
        request,
        "voice/public/you_said_we_did_easy_read.html",
        {
            "organisation": organisation,
            "items": selectors.published_items(organisation),
            "standard_url": reverse(
                "have_your_say:you_said_we_did", kwargs={"organisation_slug": organisation.slug}
            ),
        },
    )
