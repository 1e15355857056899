"""A second Heard installation acting as the hub, run in its own process and database.

Usage: ``python -m heard.network.tests.hub_installation PUBLIC_KEY FILE [FILE ...]`` with
``DATABASE_URL`` naming an empty database. It migrates, sets up a network whose one member
has ``PUBLIC_KEY`` registered, imports each file and prints one JSON line per file: the
stored figures, or the reason it was refused.
"""

import json
import os
import sys


def main(public_key: str, paths: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings.test")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from heard.network import services
    from heard.network.models import DataSharingAgreement, MemberStatus, Network, NetworkMember
    from heard.organisations.models import Organisation

    network = Network.objects.create(name="Hub network")
    agreement = DataSharingAgreement.objects.create(network=network, version=1, text="Figures only")
    organisation = Organisation.objects.create(name="Remote member", slug="remote-member")
    member = NetworkMember.objects.create(
        network=network,
        organisation=organisation,
        status=MemberStatus.ACTIVE,
        public_key=public_key,
    )
    member.acceptances.create(agreement=agreement)
    for path in paths:
        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            snapshot = services.figures_import(network=network, raw=raw)
        except ValidationError as error:
            print(json.dumps({"refused": error.messages}))
        else:
            snapshot.refresh_from_db()
            print(json.dumps({"figures": snapshot.figures, "payload": snapshot.payload}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
