"""Synthetic organisations, services, staff and people for demos and benchmarks.

Names and addresses come from pools drawn once from Faker (en_GB), then rows
are built with a seeded ``random.Random`` and bulk-inserted: this is what lets
100,000 people be created in seconds, and the same seed give the same data.
No row here is a real person.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from heard.audit.services import audit_record
from heard.casework import models as casework
from heard.casework.deadlines import CaseFacts, deadlines_for
from heard.core import local_authorities
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.validators import normalise_uk_postcode, validate_uk_postcode
from heard.development.seed import seed_development
from heard.network.seed import seed_network
from heard.organisations.models import Membership, Organisation, Role, Service
from heard.organisations.sequences import reserve
from heard.people import equality
from heard.people.models import ContactMethod, Person
from heard.reporting.seed import seed_reporting, seed_time_summary
from heard.signin.services import give_demo_authenticator
from heard.voice.seed import seed_voice

DEMO_PASSWORD = "heard-demo-2026"  # noqa: S105 - printed by ``make run`` for local demo logins only

DEMO_ORGANISATIONS = [
    {
        "name": "Riverside Independent Advocacy",
        "slug": "riverside",
        "nation": Nation.ENGLAND,
        "charity_number": "1180001",
        "areas": ["E08000035", "E08000036"],  # Leeds, Wakefield
        # Ofcom's numbers for drama and the reserved example.org domain: never a real line.
        "contact_phone": "0113 496 0123",
        "contact_email": "hello@riverside-advocacy.example.org",
    },
    {
        "name": "Afon Advocacy Cymru",
        "slug": "afon",
        "nation": Nation.WALES,
        "charity_number": "1190002",
        "areas": ["W06000015", "W06000014"],  # Cardiff, Vale of Glamorgan
        "contact_phone": "029 2018 0456",
        "contact_email": "helo@afon-advocacy.example.org",
    },
]

# Weighted roughly like the 2021 Census for England and Wales, plus unanswered.
ETHNICITY_WEIGHTS = [
    (equality.Ethnicity.WHITE_BRITISH, 74),
    (equality.Ethnicity.WHITE_OTHER, 6),
    (equality.Ethnicity.WHITE_IRISH, 1),
    (equality.Ethnicity.ASIAN_INDIAN, 3),
    (equality.Ethnicity.ASIAN_PAKISTANI, 3),
    (equality.Ethnicity.ASIAN_BANGLADESHI, 1),
    (equality.Ethnicity.ASIAN_CHINESE, 1),
    (equality.Ethnicity.BLACK_AFRICAN, 2),
    (equality.Ethnicity.BLACK_CARIBBEAN, 1),
    (equality.Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, 1),
    (equality.Ethnicity.MIXED_OTHER, 1),
    (equality.Ethnicity.OTHER_ARAB, 1),
    (equality.Ethnicity.PREFER_NOT_TO_SAY, 3),
    ("", 8),
]


@dataclass
class SeedReport:
    organisations: list[Organisation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    people: int = 0
    staff: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    cases: CaseSeedCounts = field(default_factory=lambda: CaseSeedCounts())


class NamePools:
    """Faker is slow per call, so draw pools once and sample from them."""

    def __init__(self, seed: int, size: int = 400):
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        self.first_female = sorted({fake.first_name_female() for _ in range(size)})
        self.first_male = sorted({fake.first_name_male() for _ in range(size)})
        self.last = sorted({fake.last_name() for _ in range(size * 2)})
        self.streets = sorted({fake.street_name() for _ in range(size)})
        self.towns = sorted({fake.city() for _ in range(size // 2)})
        postcodes = set()
        while len(postcodes) < size:
            candidate = fake.postcode()
            try:
                validate_uk_postcode(candidate)
            except Exception:  # noqa: S112 - Faker's postcodes are not all valid; skip those
                continue
            postcodes.add(normalise_uk_postcode(candidate))
        self.postcodes = sorted(postcodes)


def _weighted(rng: random.Random, weights):
    values, counts = zip(*weights, strict=True)
    return rng.choices(values, counts)[0]


def _build_person(rng: random.Random, pools: NamePools, organisation, number: int, areas, today):
    sex = rng.choice([equality.Sex.FEMALE, equality.Sex.MALE])
    first = rng.choice(pools.first_female if sex == equality.Sex.FEMALE else pools.first_male)
    age_days = rng.randint(16 * 365, 97 * 365)
    dob = today - dt.timedelta(days=age_days)
    disability = _weighted(
        rng,
        [
            (equality.Disability.YES_A_LOT, 45),
            (equality.Disability.YES_A_LITTLE, 25),
            (equality.Disability.NO, 15),
            (equality.Disability.PREFER_NOT_TO_SAY, 5),
            ("", 10),
        ],
    )
    impairments = []
    if disability in (equality.Disability.YES_A_LOT, equality.Disability.YES_A_LITTLE):
        impairments = sorted(rng.sample(equality.Impairment.values, rng.randint(1, 2)))
    interpreter = rng.random() < 0.04
    return Person(
        organisation=organisation,
        reference=f"P{number:06d}",
        first_name=first,
        last_name=rng.choice(pools.last),
        preferred_name=first[:3] if rng.random() < 0.05 else "",
        date_of_birth=dob,
        address=f"{rng.randint(1, 220)} {rng.choice(pools.streets)}\n{rng.choice(pools.towns)}",
        postcode=rng.choice(pools.postcodes),
        phone=f"07700 900{rng.randint(0, 999):03d}",  # Ofcom's drama range: never a real number
        preferred_contact_method=rng.choice(ContactMethod.values),
        needs_easy_read=rng.random() < 0.12,
        needs_bsl=rng.random() < 0.02,
        needs_interpreter=interpreter,
        interpreter_language=rng.choice(["Polish", "Urdu", "Arabic", "Welsh", "Punjabi"])
        if interpreter
        else "",
        needs_large_print=rng.random() < 0.05,
        local_authority=rng.choice(areas),
        ethnicity=_weighted(rng, ETHNICITY_WEIGHTS),
        sex=sex,
        disability=disability,
        impairments=impairments,
        religion=rng.choice([*equality.Religion.values, "", ""]),
    )


def seed_people(
    organisation: Organisation, count: int, *, rng, pools, batch_size: int = 5000
) -> int:
    """Bulk-insert ``count`` people, continuing the organisation's reference sequence."""
    areas = organisation.settings.get("demo_areas") or [
        code for code, _ in local_authorities.choices()
    ]
    today = dt.date.today()
    batch = []
    for number in reserve(organisation, "person_sequence", count):
        batch.append(_build_person(rng, pools, organisation, number, areas, today))
        if len(batch) >= batch_size:
            Person.objects.bulk_create(batch)
            batch = []
    if batch:
        Person.objects.bulk_create(batch)
    refresh_planner_statistics(Person._meta.db_table)
    return count


def refresh_planner_statistics(table: str) -> None:
    """After a bulk load, tell the query planner how the data looks.

    Without fresh statistics SQLite walks the name-order index for a date of
    birth search instead of the date of birth index (ten times slower at 100,000 people).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


_STATUTORY = (AdvocacyType.IMCA, AdvocacyType.IMCA_DOLS_39A, AdvocacyType.PAID_RPR)
#: Each seeded organisation's contracts by nation: (name, advocacy types, first contact and
#: allocation targets in working days). The national seed spreads cases evenly over them.
SERVICE_CONTRACTS = {
    Nation.ENGLAND: (
        ("Care Act and IMCA advocacy", (AdvocacyType.CARE_ACT, *_STATUTORY), 5, 3),
        ("IMHA", (AdvocacyType.IMHA,), 2, 1),
        ("NHS complaints advocacy", (AdvocacyType.NHS_COMPLAINTS,), 10, 5),
    ),
    Nation.WALES: (
        ("Independent Professional Advocacy", (AdvocacyType.WALES_IPA,), 5, 3),
        ("IMCA and DoLS", _STATUTORY, 5, 3),
        ("IMHA", (AdvocacyType.IMHA,), 2, 1),
    ),
}


def _seed_services(organisation: Organisation, areas: list[str]) -> None:
    area_names = ", ".join(
        local_authorities.by_code(c).name for c in areas if local_authorities.by_code(c)
    )
    contracts = SERVICE_CONTRACTS[organisation.nation]
    Service.objects.bulk_create(
        [
            Service(
                organisation=organisation,
                name=f"{name} – {area_names}",
                advocacy_types=list(types),
                local_authority_areas=areas,
                commissioner=f"{area_names} commissioning",
                start_date=dt.date(2025, 4, 1),
                end_date=dt.date(2028, 3, 31),
                first_contact_target_days=first_contact,
                allocation_target_days=allocation,
            )
            for name, types, first_contact, allocation in contracts
        ]
    )


def _member(organisation, email, full_name, role, *, capacity=0, password=None, report=None):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name, password=password)
    # Synthetic staff share the published demo second factor (production refuses them).
    give_demo_authenticator(user)
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": role, "caseload_capacity": capacity},
    )
    if report is not None:
        report.staff += 1
    return user


def seed_demo(*, seed: int = 2026, people: int = 60, cases: int = 40) -> SeedReport:
    """The demo set ``make run`` loads: two organisations and a login for each role. Idempotent."""
    report = SeedReport()
    rng = random.Random(seed)
    pools = NamePools(seed)
    with transaction.atomic():
        for spec in DEMO_ORGANISATIONS:
            if Organisation.objects.filter(slug=spec["slug"]).exists():
                report.skipped.append(spec["slug"])
                continue
            organisation = Organisation.objects.create(
                name=spec["name"],
                slug=spec["slug"],
                nation=spec["nation"],
                charity_number=spec["charity_number"],
                settings={
                    "demo_areas": spec["areas"],
                    "contact_phone": spec["contact_phone"],
                    "contact_email": spec["contact_email"],
                },
            )
            report.organisations.append(organisation)
            _seed_services(organisation, spec["areas"])
            slug = spec["slug"]
            fake = Faker("en_GB")
            fake.seed_instance(seed + len(report.organisations))
            admin = _member(
                organisation,
                "admin@heard.example",
                "Alex Admin",
                Role.ADMIN,
                password=DEMO_PASSWORD,
                report=report,
            )
            manager = _member(
                organisation,
                f"manager@{slug}.example",
                fake.name(),
                Role.MANAGER,
                capacity=5,
                password=DEMO_PASSWORD,
                report=report,
            )
            _member(
                organisation,
                f"advocate@{slug}.example",
                fake.name(),
                Role.ADVOCATE,
                capacity=20,
                password=DEMO_PASSWORD,
                report=report,
            )
            for _ in range(3):
                _member(
                    organisation,
                    f"{fake.user_name()}@{slug}.example",
                    fake.name(),
                    Role.ADVOCATE,
                    capacity=rng.choice([15, 20, 25]),
                    report=report,
                )
            _member(
                organisation,
                f"commissioner@{slug}.example",
                fake.name(),
                Role.COMMISSIONER,
                password=DEMO_PASSWORD,
                report=report,
            )
            _member(
                organisation,
                "network@heard.example",
                "Nia Network",
                Role.NETWORK_COORDINATOR,
                password=DEMO_PASSWORD,
                report=report,
            )
            lead = Membership.objects.get(user=manager, organisation=organisation)
            organisation.safeguarding_lead = lead
            organisation.save(update_fields=["safeguarding_lead"])
            organisation.speaking_up_leads.set(
                [Membership.objects.get(user=admin, organisation=organisation)]
            )
            report.people += seed_people(organisation, people, rng=rng, pools=pools)
            report.cases.add(
                seed_cases(organisation, cases, rng=rng, mix=DEMO_CASE_MIX, favour_first=True)
            )
            seed_development(organisation, rng=rng)
            seed_voice(organisation, rng=rng)
            seed_reporting(organisation)
        seed_network(report.organisations)
        if report.organisations:
            audit_record(
                "seed.ran",
                system_actor="seed",
                details={
                    "mode": "demo",
                    "seed": seed,
                    "people": report.people,
                    "staff": report.staff,
                    "cases": report.cases.cases,
                },
            )
    report.logins = demo_logins()
    # Logins from an earlier seed get the demo second factor as well.
    for user in get_user_model().objects.filter(email__in=[email for email, _d in report.logins]):
        give_demo_authenticator(user)
    return report


def demo_logins() -> list[tuple[str, str]]:
    logins = [("admin@heard.example", "Admin in both demo organisations (use it to switch)")]
    for spec in DEMO_ORGANISATIONS:
        slug, name = spec["slug"], spec["name"]
        logins += [
            (f"manager@{slug}.example", f"Service manager, {name}"),
            (f"advocate@{slug}.example", f"Advocate, {name}"),
            (f"commissioner@{slug}.example", f"Commissioner, {name} (figures only)"),
        ]
    logins.append(("network@heard.example", "Network coordinator (figures only)"))
    return logins


def seed_scale(
    *, seed: int, organisations: int, people: int, staff: int = 12, cases: int = 0
) -> SeedReport:
    """Larger synthetic organisations for benchmarks: ``people`` and ``cases`` per organisation.

    With cases, advocates are added (in bulk) until the open cases come to about
    ``OPEN_CASES_PER_ADVOCATE`` each, so caseloads look like a real organisation's.
    """
    report = SeedReport()
    rng = random.Random(seed)
    pools = NamePools(seed)
    all_areas = [code for code, _ in local_authorities.choices()]
    with transaction.atomic():
        for index in range(1, organisations + 1):
            slug = f"synthetic-{seed}-{index}"
            if Organisation.objects.filter(slug=slug).exists():
                report.skipped.append(slug)
                continue
            areas = rng.sample(all_areas, 2)
            nation = Nation.WALES if all(a.startswith("W") for a in areas) else Nation.ENGLAND
            organisation = Organisation.objects.create(
                name=f"Synthetic Advocacy {seed}-{index}",
                slug=slug,
                nation=nation,
                settings={
                    "demo_areas": areas,
                    "contact_phone": f"01632 960{index % 1000:03d}",
                    "contact_email": f"hello@{slug}.example.org",
                },
            )
            report.organisations.append(organisation)
            _seed_services(organisation, areas)
            fake = Faker("en_GB")
            fake.seed_instance(seed * 1000 + index)
            for number in range(staff):
                role = Role.ADMIN if number == 0 else Role.MANAGER if number < 3 else Role.ADVOCATE
                _member(
                    organisation,
                    f"staff{number}@{slug}.example",
                    fake.name(),
                    role,
                    capacity=20 if role == Role.ADVOCATE else 0,
                    report=report,
                )
            report.people += seed_people(organisation, people, rng=rng, pools=pools)
            if cases:
                open_share = sum(w for status, w in SCALE_CASE_MIX if status in OPEN_STATES) / sum(
                    w for _, w in SCALE_CASE_MIX
                )
                wanted = math.ceil(cases * open_share / OPEN_CASES_PER_ADVOCATE)
                have = Membership.objects.filter(
                    organisation=organisation, role=Role.ADVOCATE, caseload_capacity__gt=0
                ).count()
                if wanted > have:
                    added = _bulk_advocates(
                        organisation, wanted - have, rng=rng, seed=seed * 1000 + index
                    )
                    report.staff += len(added)
                report.cases.add(seed_cases(organisation, cases, rng=rng, mix=SCALE_CASE_MIX))
        if report.organisations:
            audit_record(
                "seed.ran",
                system_actor="seed",
                details={
                    "mode": "scale",
                    "seed": seed,
                    "people": report.people,
                    "staff": report.staff,
                    "cases": report.cases.cases,
                },
            )
    return report


# --- Cases, with their status history, issues, activities and tasks --------------------------

# Demo organisations should look alive: plenty of open work. A large synthetic organisation
# looks like years of history: most cases closed.
DEMO_CASE_MIX = [
    ("waiting", 15),
    ("allocated", 10),
    ("active", 35),
    ("on_hold", 10),
    ("closed", 30),
]
SCALE_CASE_MIX = [("waiting", 3), ("allocated", 3), ("active", 10), ("on_hold", 2), ("closed", 82)]
OPEN_CASES_PER_ADVOCATE = 25  # at scale, add advocates so caseloads stay near capacity
OPEN_STATES = {"allocated", "active", "on_hold"}

# Synthetic issues, in the person's words (or the advocate's, for non-instructed work).
ISSUE_WORDS = [
    ("accommodation", "I want to go home to my own flat, not stay in the care home."),
    ("accommodation", "I want a say in where I live next."),
    ("care_and_support", "My care hours were cut and nobody told me why."),
    ("care_and_support", "I want to choose who helps me wash and dress."),
    ("health_treatment", "The tablets make me sleepy and nobody listens when I say so."),
    ("health_treatment", "I want to understand what the operation means for me."),
    ("mental_health_rights", "I want to know my rights while I'm on section 3."),
    ("mental_health_rights", "I want to appeal to the tribunal."),
    ("liberty", "They lock the front door and I can't go to the shop."),
    ("safeguarding", "I don't feel safe with one of the night staff."),
    ("money", "I don't know who is looking after my money."),
    ("complaint", "I want to complain about how I was treated on the ward."),
    ("family_and_relationships", "I want to see my daughter more often."),
    ("other", "I want the letters they send me in Easy Read."),
]
ADVOCATE_WORDS = [
    ("accommodation", "No one has asked what matters to them about the move."),
    ("liberty", "Restrictions seem more than needed: the garden door is always locked."),
    ("health_treatment", "Their wishes about treatment, from family and staff, are not recorded."),
    ("care_and_support", "They appear distressed at mealtimes; their preferences are not known."),
]
ACTIVITY_NOTES = [
    "Talked through the letter together.",
    "Explained what happens at the meeting and who will be there.",
    "Raised the person's views with the social worker.",
    "Agreed next steps; the person wants me at the review.",
    "Read the care plan and checked it reflects what they told me.",
    "",
]
PRESENT = ["", "", "Social worker", "Care home manager", "Ward nurse", "Daughter", "Support worker"]
MANUAL_TASKS = [
    "Phone the ward to arrange a visit",
    "Send an Easy Read letter about the review",
    "Chase the social worker for the care plan",
    "Write up the meeting notes",
    "Check the person has the complaint response",
    "Book an interpreter for the next visit",
]
ON_HOLD_REASONS = [
    "Person in hospital",
    "Waiting for the assessment date",
    "Person asked to pause for a few weeks",
]
ACTIVITY_MINUTES = [10, 15, 20, 30, 45, 60, 90, 120]
CASE_AGE_DAYS = {  # how long ago a case in each status was received
    "waiting": (0, 20),
    "allocated": (3, 30),
    "active": (10, 200),
    "on_hold": (20, 250),
    "closed": (30, 730),
}
CLOSURE_REASON_WEIGHTS = [
    ("issues_resolved", 70),
    ("person_withdrew", 8),
    ("no_longer_eligible", 5),
    ("moved_out_of_area", 4),
    ("died", 4),
    ("unable_to_contact", 5),
    ("referred_elsewhere", 4),
]
ISSUE_OUTCOME_WEIGHTS = [
    ("achieved", 45),
    ("partly_achieved", 25),
    ("not_achieved", 15),
    ("withdrawn", 15),
]
ACTIVITY_KIND_WEIGHTS = [
    ("visit", 30),
    ("phone_call", 30),
    ("video_call", 5),
    ("meeting", 10),
    ("letter_email", 10),
    ("report_writing", 5),
    ("research", 5),
    ("travel", 5),
]
NON_INSTRUCTED_TYPES = {
    AdvocacyType.IMCA,
    AdvocacyType.IMCA_DOLS_39A,
    AdvocacyType.IMCA_DOLS_39C,
    AdvocacyType.IMCA_DOLS_39D,
    AdvocacyType.PAID_RPR,
}
DOLS_TYPES = {
    AdvocacyType.IMCA_DOLS_39A,
    AdvocacyType.IMCA_DOLS_39C,
    AdvocacyType.IMCA_DOLS_39D,
    AdvocacyType.PAID_RPR,
}


@dataclass
class CaseSeedCounts:
    cases: int = 0
    statuses: int = 0
    issues: int = 0
    activities: int = 0
    tasks: int = 0

    def add(self, other: CaseSeedCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def bulk_insert_rows(model, rows: list[dict]) -> None:
    """Insert plain rows (``{attname: value}``): ``COPY`` on PostgreSQL, else ``executemany``.

    ``bulk_create`` builds a model instance and compiles every value of every row,
    which is most of the time at a million rows. Here only dates, times, JSON and
    decimals are converted (they differ by database); fields a row leaves out take
    their default, and ``auto_now`` fields the current time. No signals, no ``save()``:
    for seeding only.
    """
    if not rows:
        return
    now = timezone.now()
    fields, converters, defaults = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        prepare = None
        if isinstance(
            f, models.DateField | models.TimeField | models.JSONField | models.DecimalField
        ):
            prepare = partial(_prepare, f)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        elif f.has_default() or f.null or f.empty_strings_allowed:
            default = f.get_default()  # the default, else None or "" as Django would
        else:
            default = _REQUIRED
        fields.append(f)
        converters.append(prepare)
        defaults.append(default if prepare is None or default is _REQUIRED else prepare(default))
    names = [f.attname for f in fields]
    required = {n for n, d in zip(names, defaults, strict=True) if d is _REQUIRED}
    for row in rows:
        if not required <= row.keys():
            missing = ", ".join(sorted(required - row.keys()))
            raise ValueError(f"{model.__name__} rows need {missing}")
    plan = list(zip(names, converters, defaults, strict=True))
    values = [
        tuple(
            (row[name] if convert is None else convert(row[name])) if name in row else default
            for name, convert, default in plan
        )
        for row in rows
    ]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one command: several times faster than row-by-row inserts.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            # Table and column names come from the model and are quoted; values are parameters.
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, values)


_REQUIRED = object()


def _prepare(field, value):
    return None if value is None else field.get_db_prep_save(value, connection)


class _CaseBuilder:
    """Builds cases and everything hanging off them as plain rows, ready for ``bulk_insert_rows``.

    Child rows carry their case's reference in ``case_id`` until the cases are inserted
    and their ids known. All randomness comes from ``rng`` in a fixed order, so a seed
    gives the same data whatever the primary keys turn out to be.
    """

    def __init__(
        self, organisation, *, rng, mix, services, person_ids, staff, managers, now, favour_first
    ):
        self.organisation_id = organisation.pk
        self.rng = rng
        self.statuses, self.status_weights = zip(*mix, strict=True)
        self.services = services
        self.person_ids = person_ids
        self.staff = staff
        # In the demo the first advocate (the login) takes a larger share, so their day looks full.
        weights = [3 if favour_first and index == 0 else 1 for index in range(len(staff))]
        self.staff_cum_weights = list(itertools.accumulate(weights))
        self.managers = managers
        self.now = now.astimezone(dt.UTC)
        self.today = timezone.localdate(now)
        self.reset()

    def reset(self):
        self.cases, self.status_rows, self.issues, self.activities, self.tasks = [], [], [], [], []
        self.restricted = []  # (case reference, manager membership id)

    def at(self, day: dt.date) -> dt.datetime:
        """A moment in working hours on ``day``, never in the future.

        In UTC: adding a timedelta to a local time is wall-clock arithmetic, which drifts by
        an hour across a change of clocks.
        """
        local = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(
            minutes=self.rng.randint(0, 480)
        )
        moment = timezone.make_aware(local).astimezone(dt.UTC)
        return min(moment, self.now - dt.timedelta(minutes=1))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        # Always one draw, whatever the span: the stream of random numbers (so the data's shape)
        # must not depend on today's date.
        fraction = self.rng.random()
        if end <= start:
            return start
        return start + dt.timedelta(seconds=int((end - start).total_seconds() * fraction))

    def pick_advocate(self, exclude=None):
        for _ in range(5):
            chosen = self.rng.choices(self.staff, cum_weights=self.staff_cum_weights)[0]
            if chosen != exclude:
                return chosen
        return exclude

    def status_row(self, reference, status, previous, at, *, advocate, reason="", note="", **extra):
        self.status_rows.append(
            {
                "organisation_id": self.organisation_id,
                "case_id": reference,
                "status": status,
                "previous_status": previous,
                "reason": reason,
                "note": note,
                "advocate_id": advocate.pk if advocate is not None else None,
                "changed_by_id": advocate.user_id if advocate is not None else None,
                "changed_at": at,
                **extra,
            }
        )

    def build(self, number: int, status: str) -> None:
        cw, rng, today = casework, self.rng, self.today
        service = rng.choice(self.services)
        advocacy_type = rng.choice(service.advocacy_types)
        low, high = CASE_AGE_DAYS[status]
        received_on = today - dt.timedelta(days=rng.randint(low, high))
        reference = f"C{number:06d}"
        case = {
            "organisation_id": self.organisation_id,
            "reference": reference,
            "person_id": rng.choice(self.person_ids),
            "service_id": service.pk,
            "advocacy_type": advocacy_type,
            "priority": cw.Priority.URGENT if rng.random() < 0.15 else cw.Priority.STANDARD,
            "received_on": received_on,
        }
        if advocacy_type in NON_INSTRUCTED_TYPES and rng.random() < 0.6:
            case["instruction"] = cw.Instruction.NON_INSTRUCTED
            case["non_instructed_approaches"] = sorted(
                rng.sample(cw.NonInstructedApproach.values, rng.randint(1, 2))
            )
        if advocacy_type in DOLS_TYPES:
            urgent = rng.random() < 0.2
            authorised_on = received_on - dt.timedelta(days=rng.randint(0, 20))
            length = 7 if urgent else rng.choice([90, 180, 270, 364])
            case["dols_authorisation"] = (
                cw.DolsAuthorisation.URGENT if urgent else cw.DolsAuthorisation.STANDARD
            )
            case["dols_authorised_on"] = authorised_on
            case["dols_expires_on"] = authorised_on + dt.timedelta(days=length - 1)
        elif advocacy_type == AdvocacyType.IMCA:
            case["decision_date"] = received_on + dt.timedelta(days=rng.randint(10, 45))
        elif advocacy_type == AdvocacyType.CARE_ACT and rng.random() < 0.5:
            case["care_act_review_on"] = received_on + dt.timedelta(days=rng.randint(60, 200))
        self.cases.append(case)

        received_at = self.at(received_on)
        self.status_row(
            reference, cw.Status.WAITING, "", received_at, advocate=None, reason="referral_accepted"
        )
        if status == cw.Status.WAITING:
            return self.finish(case, cw.Status.WAITING, received_at, advocate=None)
        if status == cw.Status.CLOSED and rng.random() < 0.12:
            closed_at = self.between(received_at, self.at(received_on + dt.timedelta(days=20)))
            reason = rng.choice(cw.PreAllocationClosureReason.values)
            self.status_row(
                reference,
                cw.Status.CLOSED,
                cw.Status.WAITING,
                closed_at,
                advocate=None,
                reason=reason,
            )
            return self.finish(case, cw.Status.CLOSED, closed_at, advocate=None)

        # Allocation, sometimes a reallocation after it.
        advocate = self.pick_advocate()
        lag = int(rng.random() * (min(10, (today - received_on).days) + 1))
        allocated_at = max(self.at(received_on + dt.timedelta(days=lag)), received_at)
        self.status_row(
            reference,
            cw.Status.ALLOCATED,
            cw.Status.WAITING,
            allocated_at,
            advocate=advocate,
            reason="allocated",
        )
        allocated_on = timezone.localdate(allocated_at)
        last_at = allocated_at
        if rng.random() < 0.05:
            other = self.pick_advocate(exclude=advocate)
            if other != advocate:
                advocate = other
                last_at = self.between(last_at, min(last_at + dt.timedelta(days=5), self.now))
                self.status_row(
                    reference,
                    cw.Status.ALLOCATED,
                    cw.Status.ALLOCATED,
                    last_at,
                    advocate=advocate,
                    reason="reallocated",
                    note="Caseload rebalanced",
                )
        if status == cw.Status.ALLOCATED:
            self.add_tasks(case, service, cw.Status.ALLOCATED, advocate, allocated_on)
            return self.finish(case, cw.Status.ALLOCATED, last_at, advocate=advocate)

        # First contact makes the case active.
        contact_at = self.between(last_at, min(last_at + dt.timedelta(days=7), self.now))
        first_kind = rng.choice(["visit", "visit", "phone_call", "video_call", "meeting"])
        self.status_row(
            reference,
            cw.Status.ACTIVE,
            cw.Status.ALLOCATED,
            contact_at,
            advocate=advocate,
            reason="first_contact",
            note=f"{cw.ActivityKind(first_kind).label} on {_day(timezone.localdate(contact_at))}",
        )
        end, closed_at = self.now, None
        if status == cw.Status.CLOSED:
            closed_at = end = self.between(
                contact_at, min(contact_at + dt.timedelta(days=120), end)
            )
        elif status == cw.Status.ON_HOLD:
            end = self.between(contact_at, end)
        last_contact = self.add_activities(reference, advocate, contact_at, first_kind, end)
        self.add_issues(case, advocate, closed=closed_at is not None, until=end)
        if status == cw.Status.ON_HOLD:
            self.status_row(
                reference,
                cw.Status.ON_HOLD,
                cw.Status.ACTIVE,
                end,
                advocate=advocate,
                reason="on_hold",
                note=rng.choice(ON_HOLD_REASONS),
                review_date=today + dt.timedelta(days=rng.randint(-7, 35)),
            )
        elif status == cw.Status.CLOSED:
            reason = _weighted(rng, CLOSURE_REASON_WEIGHTS)
            self.status_row(
                reference,
                cw.Status.CLOSED,
                cw.Status.ACTIVE,
                closed_at,
                advocate=advocate,
                reason=reason,
            )
        self.add_tasks(
            case,
            service,
            status,
            advocate,
            allocated_on,
            first_contact_on=timezone.localdate(contact_at),
            last_contact_on=timezone.localdate(last_contact),
            closed_at=closed_at,
        )
        if status != cw.Status.CLOSED and self.managers and rng.random() < 0.01:
            case["is_restricted"] = True
            self.restricted.append((reference, rng.choice(self.managers).pk))
        return self.finish(
            case, status, end if status != cw.Status.ACTIVE else contact_at, advocate=advocate
        )

    def finish(self, case, status, at, *, advocate) -> None:
        case["status"], case["status_changed_at"] = status, at
        case["allocated_to_id"] = advocate.pk if advocate is not None else None

    def add_activities(self, reference, advocate, first_at, first_kind, end) -> dt.datetime:
        """The first contact, then up to six more; returns the last contact with the person."""
        rng = self.rng
        moments = sorted(self.between(first_at, end) for _ in range(rng.randint(0, 6)))
        last_contact = first_at
        for index, moment in enumerate([first_at, *moments]):
            kind = first_kind if index == 0 else _weighted(rng, ACTIVITY_KIND_WEIGHTS)
            with_person = index == 0 or (kind in casework.CONTACT_KINDS and rng.random() < 0.85)
            self.activities.append(
                {
                    "organisation_id": self.organisation_id,
                    "case_id": reference,
                    "kind": kind,
                    "occurred_at": moment,
                    "minutes": 0 if kind == "travel" else rng.choice(ACTIVITY_MINUTES),
                    "travel_minutes": rng.randint(10, 70) if kind in ("visit", "travel") else 0,
                    "with_person": with_person,
                    "present": rng.choice(PRESENT) if kind in ("visit", "meeting") else "",
                    "note": rng.choice(ACTIVITY_NOTES),
                    "recorded_by_id": advocate.user_id,
                }
            )
            if with_person:
                last_contact = max(last_contact, moment)
        return last_contact

    def add_issues(self, case, advocate, *, closed: bool, until: dt.datetime) -> None:
        cw, rng = casework, self.rng
        non_instructed = case.get("instruction") == cw.Instruction.NON_INSTRUCTED
        pool = ADVOCATE_WORDS if non_instructed else ISSUE_WORDS
        for category, words in rng.sample(pool, rng.randint(1, 3)):
            issue = {
                "organisation_id": self.organisation_id,
                "case_id": case["reference"],
                "in_their_words": words,
                "said_by": cw.SaidBy.ADVOCATE if non_instructed else cw.SaidBy.PERSON,
                "category": category,
                "created_by_id": advocate.user_id,
            }
            if closed or rng.random() < 0.25:
                issue["outcome"] = _weighted(rng, ISSUE_OUTCOME_WEIGHTS)
                if issue["outcome"] != cw.IssueOutcome.WITHDRAWN:
                    issue["outcome_tags"] = sorted(
                        rng.sample(cw.OutcomeTag.values, rng.randint(1, 3))
                    )
                issue["outcome_recorded_at"] = until
            self.issues.append(issue)

    def add_tasks(
        self,
        case,
        service,
        status,
        advocate,
        allocated_on,
        *,
        first_contact_on=None,
        last_contact_on=None,
        closed_at=None,
    ) -> None:
        """The tasks the deadline rules give (``heard.casework.deadlines``), plus a few by hand."""
        cw, rng, today = casework, self.rng, self.today
        facts = CaseFacts(
            advocacy_type=case["advocacy_type"],
            status=status,
            received_on=case["received_on"],
            first_contact_target_days=service.first_contact_target_days,
            rpr_contact_frequency_days=service.rpr_contact_frequency_days,
            dols_authorisation=case.get("dols_authorisation", ""),
            dols_authorised_on=case.get("dols_authorised_on"),
            dols_expires_on=case.get("dols_expires_on"),
            decision_date=case.get("decision_date"),
            care_act_review_on=case.get("care_act_review_on"),
            allocated_on=allocated_on,
            first_contact_on=first_contact_on,
            last_contact_on=last_contact_on,
        )
        base = {
            "organisation_id": self.organisation_id,
            "case_id": case["reference"],
            "assigned_to_id": advocate.pk,
        }
        for deadline in deadlines_for(facts):
            task = {
                **base,
                "kind": deadline.kind,
                "title": deadline.title,
                "due_on": deadline.due_on,
                "rule_key": deadline.rule_key,
            }
            if deadline.satisfied:
                task["completed_at"] = self.at(first_contact_on or today)
            self.tasks.append(task)
        for _ in range(rng.randint(0, 1 if closed_at else 2)):
            task = {
                **base,
                "kind": cw.TaskKind.MANUAL,
                "title": rng.choice(MANUAL_TASKS),
                "due_on": today + dt.timedelta(days=rng.randint(-21, 28)),
                "created_by_id": advocate.user_id,
            }
            if closed_at is not None:
                task["due_on"] = timezone.localdate(closed_at) - dt.timedelta(
                    days=rng.randint(0, 14)
                )
                task["completed_at"] = closed_at
                task["completed_by_id"] = advocate.user_id
            self.tasks.append(task)

    def insert(self) -> None:
        """Insert the batch: cases first, then their rows with the cases' new ids."""
        Case = casework.Case
        before = (
            Case.objects.filter(organisation_id=self.organisation_id)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
            or 0
        )
        bulk_insert_rows(Case, self.cases)
        ids = dict(
            Case.objects.filter(organisation_id=self.organisation_id, pk__gt=before).values_list(
                "reference", "pk"
            )
        )
        for rows in (self.status_rows, self.issues, self.activities, self.tasks):
            for row in rows:
                row["case_id"] = ids[row["case_id"]]
        bulk_insert_rows(casework.CaseStatus, self.status_rows)
        bulk_insert_rows(casework.Issue, self.issues)
        bulk_insert_rows(casework.Activity, self.activities)
        bulk_insert_rows(casework.Task, self.tasks)
        bulk_insert_rows(
            Case.restricted_managers.through,
            [{"case_id": ids[ref], "membership_id": pk} for ref, pk in self.restricted],
        )


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _bulk_advocates(organisation: Organisation, count: int, *, rng, seed: int) -> list[Membership]:
    """Add ``count`` advocates in two inserts (no passwords: they cannot sign in)."""
    User = get_user_model()
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    start = Membership.objects.filter(organisation=organisation).count()
    users = User.objects.bulk_create(
        [
            User(
                email=f"advocate{start + n}@{organisation.slug}.example",
                full_name=fake.name(),
                password=make_password(None),
            )
            for n in range(count)
        ]
    )
    return Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation=organisation,
                role=Role.ADVOCATE,
                caseload_capacity=rng.choice([20, 25, 30]),
            )
            for user in users
        ]
    )


def seed_cases(
    organisation: Organisation,
    count: int,
    *,
    rng: random.Random,
    mix=DEMO_CASE_MIX,
    batch_size: int = 5000,
    now: dt.datetime | None = None,
    favour_first: bool = False,
) -> CaseSeedCounts:
    """Insert ``count`` cases across the organisation's people, services and advocates.

    Each case gets the status rows the lifecycle would have written (waiting, allocated,
    first contact, on hold, closed) and, once worked on, issues (with outcomes when
    closed), activities with minutes and travel, and the tasks the deadline rules give
    plus a few by hand (some overdue). The first cases take each status once, so even a
    small demo shows every state. References continue the organisation's case sequence.
    """
    counts = CaseSeedCounts()
    services = list(Service.objects.filter(organisation=organisation).order_by("pk"))
    person_ids = list(
        Person.objects.filter(organisation=organisation).order_by("pk").values_list("pk", flat=True)
    )
    members = list(
        Membership.objects.filter(organisation=organisation, is_active=True).order_by("pk")
    )
    # Advocates first, so the first (the demo login) is an advocate.
    staff = sorted(
        (m for m in members if m.role in (Role.ADVOCATE, Role.MANAGER) and m.caseload_capacity > 0),
        key=lambda m: (m.role != Role.ADVOCATE, m.pk),
    )
    managers = [m for m in members if m.role == Role.MANAGER]
    if count <= 0 or not services or not person_ids or not staff:
        return counts
    builder = _CaseBuilder(
        organisation,
        rng=rng,
        mix=mix,
        services=services,
        person_ids=person_ids,
        staff=staff,
        managers=managers,
        now=now or timezone.now(),
        favour_first=favour_first,
    )
    numbers = reserve(organisation, "case_sequence", count)
    for index, number in enumerate(numbers):
        status = (
            builder.statuses[index]
            if index < len(builder.statuses)
            else rng.choices(builder.statuses, builder.status_weights)[0]
        )
        builder.build(number, status)
        if len(builder.cases) >= batch_size or index == count - 1:
            counts.cases += len(builder.cases)
            counts.statuses += len(builder.status_rows)
            counts.issues += len(builder.issues)
            counts.activities += len(builder.activities)
            counts.tasks += len(builder.tasks)
            builder.insert()
            builder.reset()
    # Written directly, not through the activity services: fill the daily time summary.
    seed_time_summary([organisation.pk])
    for model in (casework.Case, casework.CaseStatus, casework.Activity, casework.Task):
        refresh_planner_statistics(model._meta.db_table)
    return counts
