"""Which networks the request may see: the network hub's tenancy axis (ADR-0040).

A network's pages are open to two kinds of people only:
- its coordinators (a staff membership with a ``NetworkCoordinator`` row), and
- staff who see casework (admins, managers, advocates) of an organisation that is an
  *active* member.
Everything else — another network, an invitation to someone else, a post in another
network's forum — is a 404, exactly like another organisation's record. Coordinators
never reach a member's own records: those stay behind ``heard.organisations.tenancy``,
and a coordinator's membership does not see personal data (``CASEWORK_ROLES``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from heard.organisations.models import CASEWORK_ROLES

from .models import (
    DataSharingAgreement,
    ForumPost,
    ForumThread,
    ForumTopic,
    MemberStatus,
    Network,
    NetworkMember,
    Resource,
    ResourceVersion,
    Survey,
)


@dataclass
class NetworkAccess:
    network: Network
    is_coordinator: bool
    member: NetworkMember | None
    current_agreement: DataSharingAgreement | None
    agreement_accepted: bool

    @property
    def takes_part(self) -> bool:
        """Staff of a member organisation that accepted the current agreement, or a coordinator."""
        return self.is_coordinator or (self.member is not None and self.agreement_accepted)


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return None
    return membership


def visible_networks(request) -> QuerySet[Network]:
    """Networks the request's membership coordinates, or its organisation actively belongs to."""
    membership = _membership(request)
    if membership is None:
        return Network.objects.none()
    condition = Q(coordinators__membership=membership)
    if membership.role in CASEWORK_ROLES:
        condition |= Q(
            members__organisation_id=membership.organisation_id,
            members__status=MemberStatus.ACTIVE,
        )
    return Network.objects.filter(condition).distinct()


def access_for(request, network: Network) -> NetworkAccess:
    """How the request stands in ``network`` (which it must already be able to see)."""
    membership = _membership(request)
    is_coordinator = network.coordinators.filter(membership=membership).exists()
    member = None
    if membership is not None and membership.role in CASEWORK_ROLES:
        member = network.members.filter(
            organisation_id=membership.organisation_id, status=MemberStatus.ACTIVE
        ).first()
    current = network.agreements.order_by("-version").first()
    accepted = bool(
        member is not None
        and (current is None or member.acceptances.filter(agreement=current).exists())
    )
    return NetworkAccess(network, is_coordinator, member, current, accepted)


def get_network_or_404(request, network_id) -> tuple[Network, NetworkAccess]:
    try:
        network = visible_networks(request).get(pk=network_id)
    except (Network.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc
    return network, access_for(request, network)


def require_coordinator(access: NetworkAccess) -> None:
    """Coordinator-only pages: anyone else in the network gets a 404, not a hint."""
    if not access.is_coordinator:
        raise Http404("Not found")


def require_taking_part(access: NetworkAccess) -> None:
    if not access.takes_part:
        raise Http404("Not found")


def _get_in_network(request, queryset: QuerySet, network_path: str, **lookup):
    try:
        obj = queryset.filter(
            **{f"{network_path}__in": visible_networks(request).values("pk")}
        ).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc
    return obj


def get_topic_or_404(request, topic_id) -> ForumTopic:
    return _get_in_network(
        request, ForumTopic.objects.select_related("network"), "network", pk=topic_id
    )


def get_thread_or_404(request, thread_id) -> ForumThread:
    return _get_in_network(
        request,
        ForumThread.objects.select_related("topic__network"),
        "topic__network",
        pk=thread_id,
    )


def get_post_or_404(request, post_id) -> ForumPost:
    return _get_in_network(
        request,
        ForumPost.objects.select_related("thread__topic__network", "author__user"),
        "thread__topic__network",
        pk=post_id,
    )


def get_survey_or_404(request, survey_id) -> Survey:
    return _get_in_network(
        request, Survey.objects.select_related("network"), "network", pk=survey_id
    )


def pending_invitations(request) -> QuerySet[NetworkMember]:
    """Invitations to the request's organisation, for its admin to answer."""
    membership = _membership(request)
    if membership is None:
        return NetworkMember.objects.none()
    return NetworkMember.objects.filter(
        organisation_id=membership.organisation_id, status=MemberStatus.INVITED
    ).select_related("network")


def get_invitation_or_404(request, invitation_id) -> NetworkMember:
    try:
        return pending_invitations(request).get(pk=invitation_id)
    except (NetworkMember.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def get_coordinated_member_or_404(request, member_id) -> NetworkMember:
    """A member of a network the request coordinates; 404 for everyone else."""
    membership = _membership(request)
    if membership is None:
        raise Http404("Not found")
    try:
        return NetworkMember.objects.select_related("network", "organisation").get(
            pk=member_id, network__coordinators__membership=membership
        )
    except (NetworkMember.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def get_resource_or_404(request, resource_id) -> Resource:
    return _get_in_network(
        request, Resource.objects.select_related("network"), "network", pk=resource_id
    )


def get_resource_version_or_404(request, version_id) -> ResourceVersion:
    return _get_in_network(
        request,
        ResourceVersion.objects.select_related("resource__network"),
        "resource__network",
        pk=version_id,
    )
