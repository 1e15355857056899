"""Synthetic organisations, services, staff and people for demos and benchmarks.

Names and addresses come from pools drawn once from Faker (en_GB), then rows
are built with a seeded ``random.Random`` and bulk-inserted: this is what lets
100,000 people be created in seconds, and the same seed give the same data.
No row here is a real person.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from faker import Faker

from heard.audit.services import audit_record
from heard.core import local_authorities
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.validators import normalise_uk_postcode, validate_uk_postcode
from heard.organisations.models import Membership, Organisation, Role, Service
from heard.organisations.sequences import reserve
from heard.people import equality
from heard.people.models import ContactMethod, Person

DEMO_PASSWORD = "heard-demo-2026"  # noqa: S105 - printed by ``make run`` for local demo logins only

DEMO_ORGANISATIONS = [
    {
        "name": "Riverside Independent Advocacy",
        "slug": "riverside",
        "nation": Nation.ENGLAND,
        "charity_number": "1180001",
        "areas": ["E08000035", "E08000036"],  # Leeds, Wakefield
    },
    {
        "name": "Afon Advocacy Cymru",
        "slug": "afon",
        "nation": Nation.WALES,
        "charity_number": "1190002",
        "areas": ["W06000015", "W06000014"],  # Cardiff, Vale of Glamorgan
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


def _seed_services(organisation: Organisation, areas: list[str]) -> None:
    area_names = ", ".join(
        local_authorities.by_code(c).name for c in areas if local_authorities.by_code(c)
    )
    statutory = [AdvocacyType.IMCA, AdvocacyType.IMCA_DOLS_39A, AdvocacyType.PAID_RPR]
    if organisation.nation == Nation.ENGLAND:
        contracts = [
            ("Care Act and IMCA advocacy", [AdvocacyType.CARE_ACT, *statutory], 5, 3),
            ("IMHA", [AdvocacyType.IMHA], 2, 1),
            ("NHS complaints advocacy", [AdvocacyType.NHS_COMPLAINTS], 10, 5),
        ]
    else:
        contracts = [
            ("Independent Professional Advocacy", [AdvocacyType.WALES_IPA], 5, 3),
            ("IMCA and DoLS", statutory, 5, 3),
            ("IMHA", [AdvocacyType.IMHA], 2, 1),
        ]
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
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        defaults={"role": role, "caseload_capacity": capacity},
    )
    if report is not None:
        report.staff += 1
    return user


def seed_demo(*, seed: int = 2026, people: int = 60) -> SeedReport:
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
                settings={"demo_areas": spec["areas"]},
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
        if report.organisations:
            audit_record(
                "seed.ran",
                system_actor="seed",
                details={
                    "mode": "demo",
                    "seed": seed,
                    "people": report.people,
                    "staff": report.staff,
                },
            )
    report.logins = demo_logins()
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


def seed_scale(*, seed: int, organisations: int, people: int, staff: int = 12) -> SeedReport:
    """Larger synthetic organisations for benchmarks: ``people`` per organisation."""
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
                settings={"demo_areas": areas},
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
        if report.organisations:
            audit_record(
                "seed.ran",
                system_actor="seed",
                details={
                    "mode": "scale",
                    "seed": seed,
                    "people": report.people,
                    "staff": report.staff,
                },
            )
    return report
