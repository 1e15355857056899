"""Writing people records. Every change is audited with what changed."""

from django.db import transaction

from heard.audit.services import audit_record, audit_record_many, diff, snapshot
from heard.organisations.models import Organisation
from heard.organisations.sequences import next_number

from . import equality
from .models import Person


def next_person_reference(organisation: Organisation) -> str:
    """The organisation's next person reference, e.g. ``P000042``."""
    return f"P{next_number(organisation, 'person_sequence'):06d}"


def person_create(*, organisation: Organisation, acting_user, data: dict, request=None) -> Person:
    with transaction.atomic():
        person = Person(organisation=organisation, created_by=acting_user, **data)
        person.reference = next_person_reference(organisation)
        person.full_clean()
        person.save()
        audit_record(
            "person.created",
            organisation=organisation,
            actor=acting_user,
            target=person,
            changes=diff({}, snapshot(person, list(data))),
            request=request,
        )
    return person


def person_update(*, person: Person, acting_user, data: dict, request=None) -> Person:
    with transaction.atomic():
        # Diff against the stored row: a bound ModelForm has already changed ``person`` in memory.
        stored = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(stored, list(data))
        for field, value in data.items():
            setattr(person, field, value)
        person.full_clean()
        changes = diff(before, snapshot(person, list(data)))
        if changes:
            person.save()
            audit_record(
                "person.updated",
                organisation=person.organisation,
                actor=acting_user,
                target=person,
                changes=changes,
                request=request,
            )
    return person


def person_equality_fill(
    *, person: Person, answers: dict, acting_user, referral_reference: str, request=None
) -> list[str]:
    """Copy equality answers given at referral into the person's blank fields.

    An answer already on the person's record is never overwritten (it may be newer, or
    given by the person themselves). Returns the fields copied; audited when any are.
    """
    with transaction.atomic():
        stored = Person.objects.select_for_update().get(pk=person.pk)
        copy = {
            name: answers[name]
            for name in equality.REFERRAL_FIELDS
            if answers.get(name) and not getattr(stored, name)
        }
        if not copy:
            return []
        before = snapshot(stored, list(copy))
        for name, value in copy.items():
            setattr(person, name, value)
        person.full_clean()
        person.save(update_fields=[*copy, "updated_at"])
        audit_record(
            "person.equality_copied",
            organisation=person.organisation,
            actor=acting_user,
            target=person,
            changes=diff(before, snapshot(person, list(copy))),
            details={"referral": referral_reference},
            request=request,
        )
    return list(copy)


def person_record_view(*, person: Person, acting_user, request=None, what: str = "record") -> None:
    """Log that someone looked at a person's record (for "who has looked at this")."""
    audit_record(
        "person.viewed",
        organisation=person.organisation,
        actor=acting_user,
        target=person,
        details={"what": what, "path": request.path if request else ""},
        request=request,
    )


def people_records_list_read(
    *, organisation, people, acting_user, request=None, what: str = "api list"
):
    """Log a bulk read (an API page): one access event per person whose details were sent."""
    people = list(people)
    if not people:
        return []
    return audit_record_many(
        "person.viewed",
        organisation=organisation,
        actor=acting_user,
        targets=people,
        details={"what": what, "path": request.path if request else ""},
        request=request,
    )


def person_record_access_log_view(*, person, acting_user, request=None) -> None:
    """Audit that ``acting_user`` read who has looked at ``person``'s record."""
    audit_record(
        "person.access_log_viewed",
        organisation=person.organisation,
        actor=acting_user,
        target=person,
        request=request,
    )
