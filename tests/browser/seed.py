"""What the browser journeys need on top of the demo content, one set for each run of a journey (tests/browser/site.py).

Run by the site with its environment (its database); prints what it made as JSON. Every set has its own people and
requests, so the runs of a journey (desktop and phone, English and Chinese, no JavaScript) never meet.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.contrib.auth import hashers  # noqa: E402

from accounts.models import User  # noqa: E402
from posts.models import Moderation, ReportReason, ReviewReason  # noqa: E402
from posts.moderation.review import file_report, needs_review  # noqa: E402
from tests.browser.variants import PASSWORD, VARIANTS  # noqa: E402
from tests.factories import CommentFactory, NewUserFactory, PhotoFactory, PostFactory, UserFactory  # noqa: E402

encoded = hashers.make_password(PASSWORD)  # One slow hash, shared by everyone made here.
seed: dict[str, dict] = {}
made: list[int] = []
for key in VARIANTS:
    people = {
        role: UserFactory(email=f"{role}-{key}@example.com", display_name=f"{role.title()} {key}")
        for role in ("poster", "helper", "sought", "reporter")
    }
    newcomer = NewUserFactory(email=f"newcomer-{key}@example.com", display_name=f"Newcomer {key}")
    made += [person.pk for person in (*people.values(), newcomer)]
    poster = people["poster"]
    to_resolve = PostFactory(
        author=poster, title=f"Looking for my chemistry partner Jonas ({key})", sought_name="Jonas Becker"
    )
    lead = CommentFactory(
        post=to_resolve, author=people["helper"], body="Jonas teaches chemistry in Hamburg now.", is_lead=True
    )
    for_leads = PostFactory(author=poster, title=f"Looking for Marta, my host sister in Porto ({key})")
    PhotoFactory(post=for_leads, alt_text="Two girls on a tram in Porto", caption="Porto, 2004")
    about_someone = PostFactory(
        author=poster,
        title=f"Looking for Wang Fang (王芳), my roommate in Nanjing ({key})",
        sought_name="王芳 Wang Fang",
    )
    pending = PostFactory(
        author=newcomer,
        title=f"Looking for the baker from Lyon ({key})",
        moderation=Moderation.PENDING,
        published_at=None,
    )
    to_publish = needs_review(target=pending, reason=ReviewReason.NEW_MEMBER)
    reported = PostFactory(author=newcomer, title=f"Looking for a seller of cheap watches ({key})")
    file_report(reporter=people["reporter"], target=reported, reason=ReportReason.SPAM, details="An advert.")
    to_hide = needs_review(target=reported, reason=ReviewReason.REPORTS)
    seed[key] = {
        "emails": {role: person.email for role, person in people.items()},
        "to_resolve": to_resolve.pk,
        "lead": lead.pk,
        "for_leads": for_leads.pk,
        "about_someone": about_someone.pk,
        "pending": pending.pk,
        "to_publish": to_publish.pk,
        "reported": reported.pk,
        "to_hide": to_hide.pk,
    }
User.objects.filter(pk__in=made).update(password=encoded)
print(json.dumps(seed))
