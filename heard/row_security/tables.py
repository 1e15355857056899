"""The one list of tenant-owned tables that PostgreSQL row-level security guards (ADR-0035).

Every table holding an organisation's rows is here: those with an
``organisation_id`` column, and child tables (many-to-many links, seals) that
reach their organisation through a parent row. ``tests`` keep the list
complete: a model with a foreign key to an organisation, or to a table listed
here, that is neither listed nor exempted below fails the build.

Adding a table: list it, then add a migration to ``heard/row_security`` that
depends on the migration creating the table and runs
``migrations.RunPython(policies.forwards, migrations.RunPython.noop)``
(``heard makemigrations row_security --empty``, then edit). The policies are
refreshed for every listed table each time, so the migration is the same each time.
"""

from __future__ import annotations

from dataclasses import dataclass

DIRECT = "direct"  # the row's own organisation_id
PARENT = "parent"  # the organisation of the parent row it points to
MEMBERSHIP = "membership"  # direct, and a person's own memberships in every organisation
AUDIT = "audit"  # direct, and the platform's own events (no organisation)


@dataclass(frozen=True)
class TenantTable:
    table: str
    kind: str = DIRECT
    parent: str = ""  # the parent table, for PARENT
    column: str = ""  # the column here that holds the parent's id, for PARENT


def child(table: str, parent: str, column: str) -> TenantTable:
    return TenantTable(table, PARENT, parent, column)


TENANT_TABLES: list[TenantTable] = [
    # organisations
    TenantTable("organisations_service"),
    TenantTable("organisations_membership", MEMBERSHIP),
    TenantTable("organisations_organisation_speaking_up_leads"),
    # audit
    TenantTable("audit_auditevent", AUDIT),
    child("audit_auditseal", "audit_auditevent", "event_id"),
    TenantTable("audit_pendinganonymousevent"),
    # people, referrals, casework
    TenantTable("people_person"),
    TenantTable("referrals_referral"),
    TenantTable("referrals_owedemails"),
    TenantTable("referrals_emailsqueued"),
    TenantTable("referrals_triagedecision"),
    TenantTable("casework_case"),
    child("casework_case_restricted_managers", "casework_case", "case_id"),
    TenantTable("casework_casestatus"),
    TenantTable("casework_prioritychange"),
    TenantTable("casework_instructionchange"),
    TenantTable("casework_conflictofinterest"),
    TenantTable("casework_issue"),
    TenantTable("casework_activity"),
    TenantTable("casework_task"),
    TenantTable("casework_document"),
    # areas built on cases
    TenantTable("challenges_challenge"),
    TenantTable("safeguarding_safeguardingconcern"),
    TenantTable("speaking_up_speakingupconcern"),
    TenantTable("speaking_up_speakingupaction"),
    TenantTable("system_change_systemissue"),
    TenantTable("system_change_evidencelink"),
    TenantTable("system_change_action"),
    # advocates' development
    TenantTable("development_advocateprofile"),
    TenantTable("development_inductionitem"),
    TenantTable("development_inductionsignoff"),
    TenantTable("development_shadowvisit"),
    TenantTable("development_readiness"),
    TenantTable("development_trainingitem"),
    TenantTable("development_trainingrecord"),
    TenantTable("development_supervisionfrequency"),
    TenantTable("development_supervisionsession"),
    child(
        "development_supervisionsession_attendees",
        "development_supervisionsession",
        "supervisionsession_id",
    ),
    child(
        "development_supervisionsession_cases",
        "development_supervisionsession",
        "supervisionsession_id",
    ),
    TenantTable("development_supervisionaction"),
    TenantTable("development_reflectivenote"),
    child(
        "development_reflectivenote_people_named",
        "development_reflectivenote",
        "reflectivenote_id",
    ),
    TenantTable("development_wellbeingcheckin"),
    TenantTable("development_leave"),
    TenantTable("development_barrier"),
    # the voice of the people supported (feedback, involvement, "you said, we did")
    TenantTable("voice_feedbackresponse"),
    TenantTable("voice_feedbackinvitation"),
    TenantTable("voice_involvement"),
    TenantTable("voice_engagementsession"),
    TenantTable("voice_sessiontheme"),
    TenantTable("voice_yousaidwedid"),
    TenantTable("voice_selfassessment"),
    # reports
    TenantTable("reporting_commission"),
    TenantTable("reporting_reportexport"),
    TenantTable("reporting_dailytime"),
    # data protection rights
    TenantTable("rights_dataprotectionsettings"),
    TenantTable("rights_subjectaccessrequest"),
    TenantTable("rights_erasurerequest"),
    TenantTable("rights_retentionreview"),
    # imports
    TenantTable("imports_importsource"),
    TenantTable("imports_importjob"),
    child("imports_stagedrow", "imports_importjob", "job_id"),
    child("imports_importedrecord", "imports_importjob", "job_id"),
    TenantTable("imports_sourcekey"),
    # the network hub: the organisation's own signing key and remote hubs (the network's own
    # tables are in NETWORK_TABLES below)
    TenantTable("network_signingkey"),
    TenantTable("network_remotehub"),
    TenantTable("network_remotehubdelivery"),
]

# The network hub's tables (ADR-0040): keyed on the networks bound with the organisation and
# person (or named by a survey link or a network token), not on one organisation. Their
# policies are written out in ``policies.NETWORK_POLICIES``.
NETWORK_TABLES: list[str] = [
    "network_network",
    "network_networkcoordinator",
    "network_networkmember",
    "network_datasharingagreement",
    "network_agreementacceptance",
    "network_notification",
    "network_codeofconductacceptance",
    "network_forumtopic",
    "network_forumthread",
    "network_forumpost",
    "network_forumreport",
    "network_forumsuspension",
    "network_survey",
    "network_surveyquestion",
    "network_surveylink",
    "network_surveyresponse",
    "network_aggregatesnapshot",
    "network_resource",
    "network_resourceversion",
]

# Tables that point at an organisation or a tenant table but are deliberately left
# without a policy, each with the reason.
EXEMPT: dict[str, str] = {
    "organisations_organisation": (
        "the tenants themselves: public forms find their organisation by address and a "
        "person's organisation switcher lists every organisation they belong to before one "
        "is chosen; it holds no personal data about the people supported"
    ),
    # The API (ADR-0035: an API authenticated inside the view binds for itself).
    "api_apitoken": (
        "found by the public prefix of its bearer token before any organisation or person is "
        "known: the token is what tells the API which organisation to bind. It keeps only a "
        "hash of the secret, its owner and scopes, no personal data about the people "
        "supported, and its own pages reach it scoped to the organisation (ADR-0003)"
    ),
}
