"""The page benchmark's data set (`manage.py seed_bench`): many requests, one of them viral.

Everything is written in bulk: members, requests, their search index (`build_index`, the same
code a save runs, then one bulk insert of the keys and the vocabulary), comments and follows.
Only the viral request's photos go through the photo pipeline one by one, so that their
thumbnails exist as they would after an upload.

Every bench member's address ends in BENCH_DOMAIN; `wipe` removes them and all they wrote.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from posts.demo.images import SCENES, demo_photo
from posts.models import Comment, Follow, Moderation, NameKey, Photo, Post, Relationship, Status
from posts.reach import pagecache
from posts.requests.images import process_upload
from posts.search.index import add_to_vocabulary, build_index, vocabulary_keys

BENCH_DOMAIN = "bench.example.com"
MEMBER_EMAIL = f"member@{BENCH_DOMAIN}"
PASSWORD = "reconnect-bench"  # noqa: S105 - the documented bench password, on a throwaway database
TARGET_NAME, TARGET_LATIN = "李响灿", "Li Xiangcan"
VIRAL_TITLE = "Katharina is looking for her exchange-year host sister"
BATCH = 2000

LATIN_FIRST = """Anna Katharina Jonas Lukas Maria Sophie Felix Paul Emma Lena Thomas Michael Sarah Laura David
Julia Daniel Simon Hannah Peter Pierre Camille Louis Chloé Manon Élodie Carlos Lucía Javier Marta Pablo Sofía
John Mary James Emily Robert Jennifer Kasia Piotr Agnieszka Tomasz Nguyễn Minh Lan Hùng Kenji Yuki Haruto""".split()
LATIN_LAST = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Martin Bernard Dubois Durand
García Rodríguez López Sánchez Smith Johnson Williams Brown Taylor Nowak Kowalski Wójcik Trần Phạm Tanaka Sato
Suzuki Rossi Bianchi Silva Santos Jensen Hansen""".split()
HAN_SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗".split()
HAN_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文辉力志鹏宇浩然梓萱子涵一诺晨")
COUNTRIES = ("DE", "CN", "US", "FR", "GB", "ES", "PL", "VN", "JP", "TW", "BR", "CA", "AU", "IT")
CITIES = {
    "DE": ("Hamburg", "Berlin", "München", "Köln"),
    "CN": ("武汉", "上海", "Beijing", "成都"),
    "US": ("Boston", "Chicago", "Seattle"),
    "FR": ("Lyon", "Paris", "Marseille"),
    "GB": ("Leeds", "London", "Glasgow"),
    "ES": ("Madrid", "Sevilla"),
    "PL": ("Kraków", "Gdańsk"),
    "VN": ("Hà Nội", "Huế"),
    "JP": ("Osaka", "Sapporo"),
    "TW": ("台北", "Kaohsiung"),
    "BR": ("São Paulo", "Recife"),
    "CA": ("Toronto", "Montréal"),
    "AU": ("Melbourne", "Perth"),
    "IT": ("Bologna", "Torino"),
}
PLACES = ("high school", "university", "language school", "hospital", "train station", "summer camp", "factory")
STORIES = (
    "We met at the {place} in {city} in {year} and lost touch when I moved abroad.",
    "{name} helped me when I arrived in {city} without a word of the language. I never said thank you properly.",
    "We shared a desk at the {place} in {city}. I still have the photo from {year}.",
    "我们{year}年在{city}的{place}认识，后来就失去了联系。希望能再见一面。",
    "Wir haben {year} zusammen in {city} gearbeitet. Ich würde mich so freuen, von dir zu hören.",
)
COMMENTS = (
    "I think I know someone from that class. I'll ask around.",
    "Shared this in our alumni group in {city}.",
    "Good luck! Have you tried the school's archive?",
    "My aunt worked there in those years, I'll ask her this weekend.",
    "Sharing. 转发了，希望能找到！",
)
LEADS = (
    "There is a {name} on the {city} alumni list from {year}. The office can pass on a message.",
    "A colleague of mine studied at the {place} then; she remembers a {name} who moved to {city}.",
)


@dataclass
class Seeded:
    requests: int = 0
    comments: int = 0
    leads: int = 0
    private_leads: int = 0
    followers: int = 0
    photos: int = 0
    members: int = 0
    viral_pk: int | None = None
    target_pk: int | None = None
    stored_files: list[tuple[Storage, str]] = field(default_factory=list)


def wipe() -> int:
    """Remove every bench member and everything they wrote (photo files too); returns how many members went."""
    user_model = get_user_model()
    members = user_model.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    posts = Post.objects.filter(author__in=members)
    for photo in Photo.objects.filter(post__in=posts).iterator():
        for image in (photo.image, photo.thumbnail):
            if image.name:
                image.storage.delete(image.name)
    # Children first, each as one DELETE where Django can, so that 100,000 requests do not go one by one.
    NameKey.objects.filter(post__in=posts)._raw_delete(NameKey.objects.db)
    Follow.objects.filter(post__in=posts)._raw_delete(Follow.objects.db)
    Follow.objects.filter(user__in=members)._raw_delete(Follow.objects.db)
    Post.objects.filter(pk__in=posts).update(resolved_comment=None)
    count, _ = members.delete()
    pagecache.everything_changed()
    return count


def seed(*, requests: int, viral_comments: int, viral_leads: int, viral_private: int, followers: int,
         photos: int, now: datetime, seed_value: int = 20261202) -> Seeded:  # fmt: skip
    """Write the data set in one transaction; photo files saved before a failure are removed again."""
    seeded = Seeded()
    try:
        with transaction.atomic():
            rng = random.Random(seed_value)  # noqa: S311 - made-up data
            _Builder(seeded, rng, now).build(requests, viral_comments, viral_leads, viral_private, followers, photos)
            pagecache.everything_changed()
    except BaseException:
        for storage, name in seeded.stored_files:
            storage.delete(name)
        raise
    if connection.vendor == "postgresql":
        # Statistics for the planner now, not whenever autovacuum comes by: a bulk load leaves none, and the
        # first minutes of a benchmark would measure plans made for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return seeded


class _Builder:
    def __init__(self, seeded: Seeded, rng: random.Random, now: datetime) -> None:
        self.seeded, self.rng, self.now = seeded, rng, now

    def build(self, requests: int, viral_comments: int, viral_leads: int, viral_private: int,
              followers: int, photos: int) -> None:  # fmt: skip
        authors = self._members("author", max(20, requests // 20))
        fans = self._members("follower", followers)
        commenters = authors + fans
        member = get_user_model().objects.create(
            email=MEMBER_EMAIL, display_name="Bench member", password=make_password(PASSWORD), languages=["en"]
        )
        EmailAddress.objects.create(user=member, email=MEMBER_EMAIL, verified=True, primary=True)
        self.seeded.members = len(authors) + len(fans) + 1

        made = 0
        while made < requests:
            size = min(BATCH, requests - made)
            posts = [self._request(authors, made + i, requests) for i in range(size)]
            self._insert_requests(posts)
            comments = []
            for post in posts:
                viral = post._bench_role == "viral"  # type: ignore[attr-defined]
                if post.moderation == Moderation.PUBLISHED and not viral and self.rng.random() < 0.5:
                    for n in range(self.rng.randrange(1, 4)):
                        comments.append(self._comment(post, self.rng.choice(commenters), n, lead=n == 1))
            self._insert_comments(comments)
            made += size
        viral = Post.objects.get(pk=self.seeded.viral_pk)
        self._viral(viral, commenters, fans, viral_comments, viral_leads, viral_private, photos)

    def _members(self, role: str, count: int) -> list[int]:
        user_model = get_user_model()
        unusable = make_password(None)
        users = []
        for i in range(count):
            country = self.rng.choice(COUNTRIES)
            users.append(
                user_model(
                    email=f"{role}-{i}@{BENCH_DOMAIN}",
                    display_name=self._name(country),
                    country=country,
                    password=unusable,
                    languages=["zh-hans"] if country in ("CN", "TW") else ["en"],
                    date_joined=self.now - timedelta(days=400),
                )
            )
        user_model.objects.bulk_create(users, batch_size=BATCH)
        return list(
            user_model.objects.filter(email__startswith=f"{role}-", email__endswith=f"@{BENCH_DOMAIN}").values_list(
                "pk", flat=True
            )
        )

    def _name(self, country: str) -> str:
        rng = self.rng
        if country in ("CN", "TW") or rng.random() < 0.15:
            return rng.choice(HAN_SURNAMES) + "".join(rng.choice(HAN_GIVEN) for _ in range(rng.choice((1, 2))))
        return f"{rng.choice(LATIN_FIRST)} {rng.choice(LATIN_LAST)}"

    def _request(self, authors: list[int], index: int, total: int) -> Post:
        rng = self.rng
        met_country = rng.choice(COUNTRIES)
        city = rng.choice(CITIES[met_country])
        name = self._name(met_country)
        other_names = ""
        year = rng.randrange(1965, 2022)
        place = rng.choice(PLACES)
        title = f"Looking for {name}, {place} in {city}"
        relationship = rng.choice(Relationship.values)
        if index == total // 3:  # The request a name search must find.
            name, other_names, met_country, city, year = TARGET_NAME, TARGET_LATIN, "CN", "武汉", 2009
            title, relationship = "寻找李响灿 — looking for Li Xiangcan, my classmate in Wuhan", Relationship.CLASSMATE
        if index == total // 2:  # The viral one.
            name, met_country, city, year, title = "Anja Becker", "DE", "Hamburg", 1998, VIRAL_TITLE
            relationship = Relationship.HOST_FAMILY
        story = rng.choice(STORIES).format(place=place, city=city, year=year, name=name)
        created = self.now - timedelta(days=rng.uniform(1, 3 * 365))
        roll = rng.random()
        special = index in (total // 3, total // 2)
        moderation = Moderation.PENDING if roll < 0.02 and not special else Moderation.PUBLISHED
        status = Status.OPEN
        if not special and roll > 0.88:
            status = Status.RESOLVED if roll > 0.9 else Status.CLOSED
        post = Post(
            author_id=rng.choice(authors),
            title=title[:140],
            sought_name=name,
            sought_other_names=other_names,
            relationship=relationship,
            met_place=place,
            met_city=city,
            met_country=met_country,
            year_from=year,
            year_to=year + rng.randrange(0, 4),
            now_country=rng.choice(COUNTRIES) if rng.random() < 0.6 else "",
            story=story,
            languages=["zh-hans", "en"] if met_country in ("CN", "TW") else ["en"],
            poster_then_name=self._name(rng.choice(COUNTRIES)) if rng.random() < 0.5 else "",
            moderation=moderation,
            status=status,
            created_at=created,
            last_activity_at=created,
            published_at=created if moderation == Moderation.PUBLISHED else None,
        )
        if status == Status.RESOLVED:
            post.resolved_at = created + timedelta(days=rng.uniform(1, 60))
            post.resolved_note = "We found each other. Thank you all!"
        post._bench_role = "target" if index == total // 3 else "viral" if index == total // 2 else ""  # type: ignore[attr-defined]
        return post

    def _insert_requests(self, posts: list[Post]) -> None:
        keys: list[NameKey] = []
        for post in posts:
            columns, post_keys = build_index(post)
            for column, value in columns.items():
                setattr(post, column, value)
            keys += post_keys
        Post.objects.bulk_create(posts, batch_size=BATCH)
        for key in keys:
            key.post_id = key.post.pk  # bulk_create filled in the ids on the same objects
        NameKey.objects.bulk_create(keys, batch_size=5000)
        add_to_vocabulary(vocabulary_keys(keys))
        for post in posts:
            if post._bench_role == "target":  # type: ignore[attr-defined]
                self.seeded.target_pk = post.pk
            elif post._bench_role == "viral":  # type: ignore[attr-defined]
                self.seeded.viral_pk = post.pk
        self.seeded.requests += len(posts)

    def _comment(self, post: Post, author: int, n: int, *, lead: bool, private: bool = False) -> Comment:
        template = self.rng.choice(LEADS if lead else COMMENTS)
        return Comment(
            post=post,
            author_id=author,
            body=template.format(name=post.sought_name, city=post.met_city, year=post.year_from, place=post.met_place),
            is_lead=lead,
            is_private=private,
            created_at=min(post.created_at + timedelta(hours=1 + n * 3), self.now),
        )

    def _insert_comments(self, comments: list[Comment]) -> None:
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        self.seeded.comments += len(comments)
        self.seeded.leads += sum(c.is_lead for c in comments)
        self.seeded.private_leads += sum(c.is_private for c in comments)

    def _viral(self, viral: Post, commenters: list[int], fans: list[int], count: int, leads: int, private: int,
               photos: int) -> None:  # fmt: skip
        viral.created_at = viral.published_at = self.now - timedelta(days=1)
        viral.story = (
            "Katharina spent 1998 with a host family in Hamburg. Their daughter Anja, then sixteen, became her sister "
            "for a year. The family moved in 2001 and the letters stopped. Katharina would love to hear from her."
        )
        lead_at = set(self.rng.sample(range(count), min(leads, count)))
        private_at = set(self.rng.sample(sorted(lead_at), min(private, len(lead_at))))
        comments = []
        for n in range(count):
            comment = self._comment(viral, self.rng.choice(commenters), 0, lead=n in lead_at, private=n in private_at)
            comment.created_at = viral.created_at + timedelta(seconds=15 * (n + 1))
            comments.append(comment)
        self._insert_comments(comments)
        viral.last_activity_at = min(viral.created_at + timedelta(seconds=15 * (count + 1)), self.now)
        viral.save(update_fields=["created_at", "published_at", "story", "last_activity_at"])
        Follow.objects.bulk_create(
            [Follow(user_id=fan, post=viral, created_at=viral.created_at + timedelta(minutes=1)) for fan in fans],
            batch_size=BATCH,
        )
        self.seeded.followers = len(fans)
        scenes = sorted(SCENES)
        for order in range(photos):
            upload = SimpleUploadedFile(
                "photo.jpg", demo_photo(scenes[order % len(scenes)], order, size=(640, 480)), content_type="image/jpeg"
            )
            processed = process_upload(upload)
            photo = Photo.objects.create(
                post=viral, image=processed.full, thumbnail=processed.thumbnail, order=order,
                caption=f"Hamburg, 1998 ({order + 1})", alt_text="A photo from the exchange year",
                created_at=viral.created_at,
            )  # fmt: skip
            self.seeded.stored_files += [
                (photo.image.storage, photo.image.name),
                (photo.thumbnail.storage, photo.thumbnail.name),
            ]
            self.seeded.photos += 1
