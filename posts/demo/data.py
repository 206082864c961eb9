"""The demo content that `manage.py seed_demo` loads: people, requests with their photos and comments, reports.

Plain data: what each demo person is, wrote and reported, and when (in days before loading).
posts.demo.loader turns it into rows with their history.
"""

from __future__ import annotations

from dataclasses import dataclass

from posts.models import Moderation, Relationship, ReportReason, ReportStatus, Status, WatchedAction

# Watched words a moderator has added: (pattern, is a regular expression, action, note).
WATCHED_WORDS = (
    ("fastfind888", False, WatchedAction.BLOCK, "The paid 'people finder' that spammed leads in 2026."),
    ("寻人服务", False, WatchedAction.HOLD, "Paid tracing services advertise with this."),
    (r"western\s+union|money\s*gram", True, WatchedAction.HOLD, "Requests for money transfers."),
    ("private investigator", False, WatchedAction.FLAG, "Fine to mention; worth a look."),
)

MEMBER_EMAIL = "member@example.com"
MODERATOR_EMAIL = "moderator@example.com"
PASSWORD = "reconnect-demo"  # noqa: S105 - the documented demo password, printed by `make run`
MODERATORS_GROUP = "Moderators"

LEAD = "lead"
PRIVATE = "private"


@dataclass(frozen=True)
class Person:
    """A demo account; `key` is how the data below refers to it."""

    key: str
    email: str
    name: str
    country: str
    languages: tuple[str, ...]
    interface: str
    bio: str
    staff: bool = False


@dataclass(frozen=True)
class Picture:
    """A generated photo: one of posts.demo.images.SCENES, with its caption and alt text."""

    scene: str
    caption: str
    alt: str


@dataclass(frozen=True)
class Note:
    """A comment `after` days after the request was posted; `kind` is "", LEAD or PRIVATE."""

    after: float
    author: str
    body: str
    kind: str = ""
    hidden: str = ""


@dataclass(frozen=True)
class Request:
    """One demo request; `age` is how many days ago it was posted."""

    key: str
    author: str
    age: float
    title: str
    sought_name: str
    relationship: str
    story: str
    languages: tuple[str, ...]
    other_names: str = ""
    nickname: str = ""
    met_place: str = ""
    met_city: str = ""
    met_country: str = ""
    years: tuple[int | None, int | None] = (None, None)
    now_country: str = ""
    on_behalf_of: str = ""
    then_name: str = ""
    status: str = Status.OPEN
    moderation: str = Moderation.PUBLISHED
    reason: str = ""
    was_published: bool = True
    moderated_after: float = 1
    resolved_after: float | None = None
    reunion: str = ""
    helped_by: int | None = None
    closed_after: float | None = None
    photos: tuple[Picture, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Flag:
    """A report about a request (`note` is None) or one of its comments (index into its notes)."""

    reporter: str
    post: str
    reason: str
    details: str
    age: float
    note: int | None = None
    status: str = ReportStatus.OPEN


def _md(*paragraphs: str) -> str:
    """Join paragraphs into Markdown (the renderer turns single newlines into line breaks)."""
    return "\n\n".join(paragraphs)


PEOPLE: tuple[Person, ...] = (
    Person(
        "member",
        MEMBER_EMAIL,
        "Anna Lindqvist",
        "SE",
        ("en", "sv", "de"),
        "en",
        "Primary-school teacher in Uppsala. My father studied in Wuhan in the eighties and I had a penpal in Kraków "
        "in the nineties: both stories are here.",
    ),
    Person(
        "moderator",
        MODERATOR_EMAIL,
        "Jonas Weber",
        "DE",
        ("de", "en", "zh-hans"),
        "en",
        "Volunteer moderator. If something on a page worries you, use the report link and one of us will look.",
        staff=True,
    ),
    Person(
        "wang",
        "wang.fang@example.com",
        "王芳",
        "CN",
        ("zh-hans", "en", "fr"),
        "zh-hans",
        "成都的图书管理员，2012年在里昂学过法语。正在帮奶奶寻找她小时候的朋友。",
    ),
    Person(
        "katharina",
        "katharina.mueller@example.com",
        "Katharina Müller",
        "DE",
        ("de", "en"),
        "en",
        "Archivist in Berlin. Grew up in Lichtenberg, worked in Shanghai for two years. Happy to help with German "
        "records, old address books and crew lists.",
    ),
    Person(
        "chen",
        "chen.ming@example.com",
        "陈明",
        "CN",
        ("zh-hans", "en"),
        "zh-hans",
        "上海的软件工程师。2017–2018年在美国爱荷华州做交换生。",
    ),
    Person(
        "simon",
        "simon.becker@example.com",
        "Simon Becker",
        "DE",
        ("de", "en", "ja"),
        "en",
        "Nurse in Hamburg. Spent a school year in Osaka in 2009 and took the train to Mongolia in 2013.",
    ),
    Person(
        "lin",
        "lin.chiahui@example.com",
        "林佳慧",
        "TW",
        ("zh-hant", "zh-hans", "en"),
        "zh-hans",
        "台北的平面設計師，兩個孩子的媽媽。喜歡在陽台種番茄。",
    ),
    Person(
        "yuki",
        "yuki.tanaka@example.com",
        "Yuki Tanaka",
        "AU",
        ("ja", "en"),
        "en",
        "English teacher from Toyonaka, now living in Brisbane. Ask me anything about Osaka or Queensland.",
    ),
    Person(
        "marek",
        "marek.kowalski@example.com",
        "Marek Kowalski",
        "PL",
        ("pl", "en"),
        "en",
        "Baker in Gdańsk. Hitchhiked a lot when I was young and owe thanks to half of Europe.",
    ),
    Person(
        "zeynep",
        "zeynep.arslan@example.com",
        "Zeynep Arslan",
        "TR",
        ("tr", "en", "de", "zh-hans"),
        "en",
        "Urban planner in Istanbul. Erasmus in Utrecht, two years in Shanghai. I can help with Turkish sources.",
    ),
    Person(
        "lan",
        "lan.nguyen@example.com",
        "Nguyễn Thị Lan",
        "DE",
        ("vi", "de", "en"),
        "en",
        "Came to Rostock in 1988 and stayed. I run a restaurant in Leipzig and know many Vietnamese families in "
        "Germany.",
    ),
    Person(
        "tom",
        "tom.harlow@example.com",
        "Tom Harlow",
        "GB",
        ("en",),
        "en",
        "Retired maths teacher in Bristol. Good at finding things in old newspapers.",
    ),
    Person(
        "ines",
        "ines.carvalho@example.com",
        "Inês Carvalho",
        "PT",
        ("pt", "en"),
        "en",
        "Grew up partly in Macau. Architect in Porto.",
    ),
    Person(
        "jiwoo",
        "park.jiwoo@example.com",
        "박지우 Park Ji-woo",
        "KR",
        ("ko", "en"),
        "en",
        "Landscape architect in Seoul.",
    ),
    Person(
        "spam",
        "fastfind888@example.com",
        "寻人快线 FastFind",
        "",
        ("zh-hans", "en"),
        "zh-hans",
        "专业寻人，成功率99%。",
    ),
)


REQUESTS: tuple[Request, ...] = (
    Request(
        key="chen_iowa",
        author="simon",
        age=35,
        title="Looking for Chen Ming, the exchange student from Chengdu at Regina High School",
        sought_name="Chen Ming",
        other_names="陈明, Ming",
        relationship=Relationship.CLASSMATE,
        met_place="Regina High School",
        met_city="Iowa City",
        met_country="US",
        years=(2017, 2018),
        now_country="CN",
        languages=("en", "de"),
        then_name="Simon Becker",
        story=_md(
            "In 2017 a boy from Chengdu sat down in my chemistry class by mistake, and I told him to stay because I "
            "needed a lab partner. His name was **Chen Ming**, and for a year we blew up things together.",
            "I gave him a periodic-table mug when he left. I moved back to Germany soon after, and lost his "
            "WeChat when I changed phones.",
        ),
    ),
    Request(
        key="simon_iowa",
        author="chen",
        age=420,
        title="Looking for Simon, my lab partner at Regina High School, Iowa (2017–2018)",
        sought_name="Simon",
        other_names="Simon H., Simeon",
        nickname="Si",
        relationship=Relationship.CLASSMATE,
        met_place="Regina High School",
        met_city="Iowa City",
        met_country="US",
        years=(2017, 2018),
        now_country="US",
        languages=("zh-hans", "en"),
        then_name="陈明",
        story=_md(
            "I was an exchange student from Chengdu at Regina High School in Iowa City for the 2017–2018 school year. "
            "On my first day I sat in the wrong chemistry class, and the boy next to me said “you can stay, I need a "
            "lab partner anyway.” That was Simon.",
            "He played the cello in the school orchestra, ate his lunch in the music room, and drove an old green "
            "Honda that smelled of pine air freshener. At Thanksgiving he took me home to his family, and his mother "
            "sent me back with a whole pie.",
            "I went back to China in June 2018, lost my American phone number and, with it, every contact. I only "
            "ever knew him as **Simon**; I think his last name started with H.",
            "If you were at Regina in those years, or if you are Simon: I still have the periodic-table mug you gave "
            "me. 谢谢！",
        ),
        photos=(
            Picture(
                "school",
                "Regina High School, the way I remember it",
                "A red-brick school building with a small tower and a flagpole, and a path across a green lawn",
            ),
            Picture(
                "bridge",
                "The Iowa River, where we walked after school",
                "A stone bridge with round arches over a calm river",
            ),
        ),
        notes=(
            Note(
                3,
                "katharina",
                "What a lovely story. American high schools keep their yearbooks in the library, and the orchestra "
                "photo would have every cellist's full name under it.",
            ),
            Note(
                9,
                "marek",
                "The 2018 Regina yearbook is on a yearbook archive site. The orchestra page lists a “Simon H.” on "
                "cello, grade 11. I would ask the alumni office for his full name: they forward letters.",
                LEAD,
            ),
            Note(
                30,
                "spam",
                "专业寻人服务，三天找到，成功率99%！海外寻人请加微信 fastfind888",
                hidden="Advertising for a paid search service.",
            ),
            Note(
                41,
                "chen",
                "Thank you, Marek! I wrote to the alumni office and they promised to forward my letter. Now I wait.",
            ),
            Note(
                180,
                "yuki",
                "A colleague of mine graduated from Regina in 2019. She remembers a Simon Hartley who played the cello "
                "and went on to study music at a college in Minnesota. She is happy to help: answer here and I will "
                "pass on her email address.",
                PRIVATE,
            ),
            Note(183, "chen", "That sounds like him! Thank you so much, Yuki."),
        ),
    ),
    Request(
        key="li_xiangcan",
        author="member",
        age=900,
        title="Looking for Professor 李响灿 (Li Xiangcan), my father's teacher in Wuhan, 1985–1987",
        sought_name="李响灿",
        other_names="Li Xiangcan, Li Xiang Can, 李響燦, Lee Hsiang-tsan",
        nickname="李老师 (Teacher Li)",
        relationship=Relationship.TEACHER,
        met_place="Wuhan University, Department of Chemistry",
        met_city="Wuhan",
        met_country="CN",
        years=(1985, 1987),
        now_country="CN",
        languages=("en", "sv"),
        on_behalf_of="my father",
        story=_md(
            "My father, Lars Lindqvist, spent two years at Wuhan University as one of the first Swedish exchange "
            "students in China. He was 24 and spoke almost no Chinese, and his supervisor, Professor **李响灿 "
            "(Li Xiangcan)**, became his teacher, his guide and his friend.",
            "Professor Li taught him to ride a bicycle through Wuhan traffic, invited him home for Spring Festival "
            "dumplings, and corrected his characters in red ink “so that the mistakes would be ashamed of "
            "themselves”.",
            "They wrote letters until about 1992. Then a letter came back unopened, and my father never found the "
            "new address. He is 63 now and talks about Professor Li more every year.",
            "Professor Li would be in his late eighties. If you know him or his family, please write: my father "
            "reads every comment (I translate).",
        ),
        status=Status.RESOLVED,
        resolved_after=60,
        helped_by=2,
        reunion="My father and Professor Li spoke on a video call last week, the first time in more than thirty "
        "years. Professor Li had kept all the letters in a biscuit tin, and he still corrected my father's tones. We "
        "are going to Wuhan together in the autumn. Thank you, everyone, and 王芳 and her cousin most of all.",
        photos=(
            Picture(
                "bridge",
                "The Yangtze at Wuhan, after a sketch my father made in 1986",
                "A long stone bridge with arches over a wide river under an evening sky",
            ),
            Picture("city", "Wuhan at dusk", "City towers with lit windows beside a river at dusk"),
        ),
        notes=(
            Note(
                5,
                "wang",
                "我把这篇转给了我在武汉的表姐，她在武大图书馆工作。I have shared this with my cousin, who works at "
                "the Wuhan University library.",
            ),
            Note(
                12,
                "chen",
                "武汉大学化学系的系史里有“李响灿，副教授，1979–1996”。The department's published history lists 李响灿 "
                "as an associate professor from 1979 to 1996, so the name and the years match.",
                LEAD,
            ),
            Note(
                41,
                "wang",
                "我表姐问到了！李响灿老师退休后住在武昌的武大老宿舍，身体很好。他的女儿李静很愿意和你们联系，"
                "她的微信号是 lijing_whu。My cousin found him: Professor Li lives in the old staff housing in "
                "Wuchang and is well. His daughter, 李静, would love to hear from your father; her WeChat ID is "
                "lijing_whu.",
                PRIVATE,
            ),
            Note(
                42,
                "member",
                "I can't believe it. Thank you, 王芳, and please thank your cousin for us. My father cried when I read "
                "it to him.",
            ),
            Note(63, "katharina", "This made my week. Congratulations to both of them!"),
            Note(64, "lin", "太感動了，恭喜！"),
        ),
    ),
    Request(
        key="dubai_airport",
        author="lin",
        age=610,
        title="尋找2019年在杜拜機場幫助我的地勤人員 Mariam",
        sought_name="Mariam",
        other_names="Maryam, مريم",
        relationship=Relationship.HELPER,
        met_place="Dubai International Airport, Terminal 3",
        met_city="Dubai",
        met_country="AE",
        years=(2019, 2019),
        now_country="AE",
        languages=("zh-hant", "en"),
        story=_md(
            "2019年11月，我從台北經杜拜轉機到里斯本。第一段航班延誤，我錯過了轉機，凌晨兩點一個人在第三航廈，"
            "手機沒電，護照夾也不見了。",
            "一位名牌上寫著 **Mariam** 的地勤人員陪我走了將近兩個小時：先幫我改好機票，再陪我回到安檢口，"
            "最後在一個置物籃裡找到了我的護照夾。她還請我喝了一杯加了小豆蔻的熱茶，說：「妳現在安全了。」",
            "她大約三十歲，戴著深藍色的頭巾，英文很好，說自己來自約旦。我當時太慌張，連她的全名都沒有問。",
            "如果你認識她，或在杜拜機場工作，請幫我轉達：謝謝妳，Mariam。I would love to thank her properly.",
        ),
        photos=(
            Picture(
                "airport",
                "杜拜機場的清晨",
                "Morning sky over an airport runway, with a plane climbing past a control tower",
            ),
        ),
        notes=(
            Note(
                4,
                "zeynep",
                "Dubai Airports has a compliments form on its website. They pass thanks on to the employee even "
                "without a surname if you give the date, the time and the terminal. Worth trying!",
                LEAD,
            ),
            Note(6, "lin", "謝謝妳！我已經填了表格。Thank you, I sent the form today."),
            Note(150, "marek", "Hoping for you! People like Mariam are why I still like airports."),
        ),
    ),
    Request(
        key="istanbul_layover",
        author="marek",
        age=540,
        title="Looking for Emre, who helped me through a 14-hour layover at Istanbul Airport (2019)",
        sought_name="Emre",
        other_names="Emre Y.",
        relationship=Relationship.HELPER,
        met_place="Istanbul Airport (IST), international transfer desk",
        met_city="Istanbul",
        met_country="TR",
        years=(2019, 2019),
        now_country="TR",
        languages=("pl", "en"),
        story=_md(
            "In March 2019 my flight from Warsaw to Bangkok was cancelled during the transfer in Istanbul. The next "
            "one left 14 hours later, my bank card had been blocked for “unusual activity”, and I had eleven złoty "
            "in cash.",
            "A young man from the transfer desk, **Emre**, saw me sitting on the floor by a charging point. On his "
            "break he shared his lunch (simit and white cheese), lent me his own phone to call my bank, and came back "
            "at the end of his shift to make sure I had found my gate.",
            "He was about 25, studied English in the evenings and was a big Beşiktaş fan. I promised to send him a "
            "postcard from Thailand and lost the paper with his address. I still feel bad about that postcard.",
        ),
        photos=(
            Picture(
                "airport",
                "The view from the transfer area, as I remember it",
                "An airport runway with a low terminal building and a plane taking off",
            ),
        ),
        notes=(
            Note(
                2,
                "zeynep",
                "Türkçe yazabilirim! I can help you write a short message in Turkish for the airport's social media "
                "pages, if you like.",
            ),
            Note(3, "marek", "That would be wonderful, thank you Zeynep!"),
            Note(
                20,
                "zeynep",
                "I posted in a Turkish group for airport staff. Two people answered that an Emre worked at the "
                "transfer desk in 2019 and later moved to Sabiha Gökçen airport. I'm asking for his surname.",
                LEAD,
            ),
        ),
    ),
    Request(
        key="osaka_host",
        author="simon",
        age=1000,
        title="Looking for my host family in Osaka, the Fujimotos (2009–2010)",
        sought_name="Fujimoto family",
        other_names="藤本, ふじもと, 藤本浩, Hiroshi Fujimoto, Aiko Fujimoto",
        nickname="Okaasan and Otousan",
        relationship=Relationship.HOST_FAMILY,
        met_place="Toyonaka, near Hotarugaike station",
        met_city="Osaka",
        met_country="JP",
        years=(2009, 2010),
        now_country="JP",
        languages=("de", "en", "ja"),
        story=_md(
            "I spent my exchange year, 2009–2010, with the **Fujimoto** family in Toyonaka, in the north of Osaka. "
            "Fujimoto-san (Hiroshi) worked for a railway company, Okaasan taught ikebana at home, and their daughter "
            "Aiko was twelve and determined to teach me the Kansai dialect.",
            "They gave me a room with a view of a cherry tree, and a bicycle with a basket. On my last evening "
            "Okaasan wrote my name in katakana on a fan; it still hangs on my wall in Hamburg.",
            "We sent New Year cards until 2015, then mine came back. I'd love to tell them I became a nurse: "
            "Otousan always said I was too clumsy for it.",
        ),
        status=Status.RESOLVED,
        resolved_after=33,
        helped_by=1,
        reunion="I wrote to Aiko, and a week later Okaasan called me on video: “Simon-kun, you still talk like a "
        "Kansai boy.” Otousan says he will believe I'm a nurse when he sees the uniform. I'm flying to Kobe in April. "
        "Thank you, Yuki: you walked into a bakery for a stranger.",
        photos=(
            Picture(
                "garden",
                "The cherry tree outside my window",
                "A low house with a dark tiled roof beside a cherry tree in blossom",
            ),
            Picture("city", "Osaka at night", "City towers with lit windows reflected in a river at dusk"),
            Picture(
                "mountains", "Minoo park, where we walked in autumn", "Blue hills above a lake, with a row of trees"
            ),
        ),
        notes=(
            Note(
                6,
                "yuki",
                "I grew up in Toyonaka! The shopping street by Hotarugaike station is still there, and the small "
                "shops often know the old families.",
            ),
            Note(
                14,
                "yuki",
                "I asked at the bakery beside the station. The owner remembers Fujimoto-san: the family moved to Kobe "
                "in 2015 when he retired, and she still exchanges New Year cards with Okaasan. She gave me Aiko's "
                "email address: aiko.fujimoto@example.jp. Aiko says please write, in German or English!",
                PRIVATE,
            ),
            Note(16, "simon", "Yuki, danke! ありがとう! I'm writing to Aiko tonight."),
            Note(35, "chen", "恭喜！Congratulations!"),
            Note(36, "yuki", "Simon, I'm so happy. Please say hello to Okaasan from Toyonaka!"),
        ),
    ),
    Request(
        key="krakow_penpal",
        author="member",
        age=1050,
        title="Looking for Agnieszka (Aga), my penpal from Kraków, 1994–1999",
        sought_name="Agnieszka Nowak",
        other_names="Aga Nowak, Agnieszka Nowakowa",
        nickname="Aga",
        relationship=Relationship.FRIEND,
        met_place="School penpal programme, Uppsala–Kraków",
        met_city="Kraków",
        met_country="PL",
        years=(1994, 1999),
        now_country="PL",
        languages=("en", "sv", "de"),
        story=_md(
            "When I was ten, my class in Uppsala was paired with a school in Kraków, and I got **Agnieszka Nowak**. "
            "We wrote to each other in careful school English for five years: about sixty letters, which I still "
            "keep in a shoebox.",
            "What I remember from her letters:",
            "- she had a dachshund called Bursztyn (“amber”)\n"
            "- her father drove a tram on line 4\n"
            "- she wanted to become a vet\n"
            "- she once sent me a dried edelweiss from the Tatra mountains",
            "Her last letter, in 1999, said they were moving to a new flat. The new address never came. I know Nowak "
            "is the most common surname in Poland, but maybe the dachshund helps.",
        ),
        photos=(
            Picture(
                "old_town",
                "Kraków as she described it in her letters",
                "Colourful old-town houses with pointed roofs and a church tower on a square",
            ),
        ),
        notes=(
            Note(
                10,
                "marek",
                "Nowak is the Smith of Poland 🙂 but the tram and the vet are good details. I can help you search "
                "Polish sources.",
            ),
            Note(
                40,
                "marek",
                "Many Uppsala exchanges in the nineties were with Szkoła Podstawowa nr 7 in Kraków. Its alumni "
                "group is very active; I have posted your story there in Polish.",
                LEAD,
            ),
            Note(
                300,
                "katharina",
                "If she became a vet, she will be in the public register of the Kraków veterinary chamber. Maiden "
                "names are often listed too.",
            ),
            Note(302, "member", "Thank you both. I've written to the register. Fingers crossed."),
        ),
    ),
    Request(
        key="ship_cook",
        author="wang",
        age=480,
        title="替我父亲寻找货轮上的菲律宾厨师 Ramon（2003–2005）",
        sought_name="Ramon Dela Cruz",
        other_names="Ramón de la Cruz, Ramon Delacruz",
        nickname="Mon（阿蒙）",
        relationship=Relationship.COLLEAGUE,
        met_place="集装箱船 MV Pacific Harmony（上海—马尼拉—新加坡航线）",
        years=(2003, 2005),
        now_country="PH",
        languages=("zh-hans", "en"),
        on_behalf_of="我父亲",
        story=_md(
            "我父亲王建国是一名轮机员，2003年到2005年在一艘集装箱货轮上工作。船上有一位菲律宾厨师叫 "
            "**Ramon Dela Cruz**，大家都叫他 Mon。",
            "父亲说，他第一次跑远洋晕船晕得厉害，是 Mon 每天给他煮姜汤，还教他用英语和船员们打牌。"
            "春节那天船在印度洋上，Mon 特地学着包了饺子，虽然包得歪歪扭扭，大家都说那是吃过最好吃的饺子。",
            "Mon 当时四十岁左右，来自宿务（Cebu），有三个女儿。父亲退休以后常常提起他，想知道他过得好不好。",
            "If you know Ramon, a ship's cook from Cebu, please tell him that Wang the engineer from Shanghai "
            "still remembers the dumplings.",
        ),
        photos=(
            Picture(
                "harbour",
                "一艘和那条船很像的集装箱船",
                "A container ship loaded with colourful containers in a harbour with cranes",
            ),
        ),
        notes=(
            Note(
                8,
                "simon",
                "Filipino seafarers are very well connected. Try the seafarers' union in Manila and the big online "
                "groups for Filipino seamen: everyone on board remembers the cook!",
            ),
            Note(
                25,
                "katharina",
                "Ships calling at Hamburg filed crew lists with the port. I found “R. Dela Cruz, cook” on a 2004 list "
                "for a ship of that name, so at least the spelling is confirmed.",
                LEAD,
            ),
            Note(27, "wang", "谢谢！父亲说拼写就是这样的。Thank you, my father says that is the spelling."),
            Note(95, "chen", "加油！希望叔叔早日找到 Mon。"),
        ),
    ),
    Request(
        key="berlin_neighbour",
        author="katharina",
        age=760,
        title="Looking for Hoa, my Vietnamese neighbour and best friend in Berlin-Lichtenberg (1991–1996)",
        sought_name="Hoa",
        other_names="Nguyễn Thị Hoa, Nguyen Thi Hoa, Hoa Nguyen",
        nickname="Hoa-Hoa",
        relationship=Relationship.FRIEND,
        met_place="Frankfurter Allee, Lichtenberg (the tall block by the U-Bahn)",
        met_city="Berlin",
        met_country="DE",
        years=(1991, 1996),
        now_country="VN",
        languages=("de", "en"),
        story=_md(
            "From 1991 to 1996 the Nguyễn family lived two floors below us in a tall block on Frankfurter Allee. "
            "**Hoa** and I were the same age, went to the same school, and spent every afternoon on the stairs "
            "between our flats.",
            "Her parents had come to the GDR as contract workers. At Tết her mother cooked phở for the whole "
            "staircase, and my mother brought Stollen in return. Hoa taught me to count in Vietnamese; I taught her "
            "the worst German swear words, and we were both punished.",
            "In the summer of 1996 the family went back to Vietnam, to Hải Phòng I think. We wrote twice, and then "
            "the letters stopped.",
            "Hoa, if you read this: I still can't cook phở, but I kept the red envelope you gave me. Ich vermisse "
            "dich.",
        ),
        photos=(
            Picture(
                "snow",
                "Winter in our courtyard",
                "Snow-covered houses and bare trees under a pale winter sky",
            ),
        ),
        notes=(
            Note(
                3,
                "lan",
                "Chào chị! I was a contract worker in Rostock in those years. Many families from Lichtenberg went "
                "home to Hải Phòng in 1996. I will ask in our association's group.",
            ),
            Note(
                30,
                "lan",
                "A woman in our group, chị Thu, lived in your building until 1995. She says Hoa's family moved to "
                "Hải Phòng and Hoa later taught German at a language centre in Hanoi. Thu has the phone number of "
                "Hoa's aunt and will call her this weekend. I'll write here as soon as I know more.",
                PRIVATE,
            ),
            Note(32, "katharina", "Lan, I have no words. Danke! Cảm ơn!"),
        ),
    ),
    Request(
        key="zoe_lyon",
        author="wang",
        age=350,
        title="寻找2012年在里昂认识的法国朋友 Zoë",
        sought_name="Zoë",
        other_names="Zoe, Zoé, 佐伊",
        relationship=Relationship.FRIEND,
        met_place="里昂第二大学附近的语言交换咖啡馆",
        met_city="Lyon",
        met_country="FR",
        years=(2012, 2013),
        now_country="FR",
        languages=("zh-hans", "en", "fr"),
        story=_md(
            "2012年我在里昂学法语。每周四晚上，我都去学校附近的一家语言交换咖啡馆，在那里认识了 **Zoë**。"
            "她名字里的 ë 上面有两个点，她说：“这两个点很重要。”",
            "Zoë 当时在读对外法语教学（FLE）的硕士，想以后到中国教法语。她教我做可丽饼，我教她包馄饨；"
            "她学会的第一句中文是“太好吃了”。",
            "2013年回国前我的手机被偷，所有联系方式都没了。我只记得她来自里昂附近，留着红色的短发，"
            "骑一辆黄色的自行车。",
            "Zoë, si tu lis ceci : tu me manques ! 希望有一天能再和你一起吃可丽饼。",
        ),
        photos=(Picture("bridge", "索恩河上的石桥", "A stone bridge with arches over a river"),),
        notes=(
            Note(
                7,
                "katharina",
                "Zoë with the two dots is much rarer than Zoé in France. Searching for both spellings together with "
                "“FLE” might narrow it down a lot.",
            ),
            Note(
                60,
                "simon",
                "There is a Zoë M. teaching French at a language school in Kunming whose profile says she studied FLE "
                "at Lyon 2. Maybe she came to China after all?",
                LEAD,
            ),
            Note(61, "wang", "天哪，真的有可能！我这就去联系。Thank you, Simon!"),
        ),
    ),
    Request(
        key="mueller_hamburg",
        author="chen",
        age=300,
        title="替父亲寻找1992年在汉堡照顾他的穆勒先生（Herr Müller）",
        sought_name="Müller",
        other_names="Mueller, Muller, 穆勒, Klaus Müller",
        relationship=Relationship.COLLEAGUE,
        met_place="Blohm + Voss shipyard, Steinwerder",
        met_city="Hamburg",
        met_country="DE",
        years=(1992, 1992),
        now_country="DE",
        languages=("zh-hans", "en"),
        on_behalf_of="我父亲",
        story=_md(
            "1992年，我父亲作为上海一家造船厂的技术员，到汉堡的船厂学习了八个月。那里的一位德国老师傅 "
            "**Müller 先生**负责带他们。",
            "父亲只记得他姓 Müller，可能叫 Klaus，当时五十岁左右，留着灰色的胡子，总是说“Langsam, langsam”"
            "（慢慢来）。圣诞节他请父亲到家里过节，他太太做了土豆沙拉，还送了父亲一条围巾。",
            "父亲回国后寄过几封信，后来就断了联系。我知道 Müller 是德国最常见的姓，但还是想试一试。",
        ),
        photos=(Picture("harbour", "汉堡港", "A container ship and two cranes in a harbour"),),
        notes=(
            Note(
                5,
                "katharina",
                "Müller is the most common surname in Germany 😅 but the shipyard and the year narrow it down a lot. "
                "I'll ask the shipyard's works archive.",
            ),
            Note(
                45,
                "simon",
                "My uncle worked at Blohm + Voss in the nineties. He remembers a Klaus Müller, a welding foreman who "
                "“always looked after the Chinese guests”, and who retired to Buxtehude. I'm trying to find out more.",
                LEAD,
            ),
            Note(46, "chen", "太好了！Vielen Dank, Simon!"),
            Note(
                47,
                "katharina",
                "That's a great lead. The local paper in Buxtehude prints “looking for” notices for free, by the way.",
            ),
            Note(120, "chen", "更新：我们给布克斯特胡德的报纸寄了信。Update: we wrote to the Buxtehude paper."),
        ),
    ),
    Request(
        key="grandma_tanya",
        author="wang",
        age=680,
        title="替奶奶寻找哈尔滨的童年好友塔尼娅（1950年代）",
        sought_name="塔尼娅",
        other_names="Tanya, Tatiana, Tatyana, Татьяна, Таня",
        nickname="小塔",
        relationship=Relationship.FRIEND,
        met_place="哈尔滨道里区，中央大街附近的一个大院",
        met_city="Harbin",
        met_country="CN",
        years=(1950, 1960),
        languages=("zh-hans", "en"),
        on_behalf_of="我奶奶 (my grandmother)",
        story=_md(
            "我奶奶今年八十五岁。她小时候住在哈尔滨道里区，中央大街附近的一个大院里。院子里住着一户俄罗斯侨民，"
            "他们家的女儿叫**塔尼娅**，和奶奶同岁。",
            "奶奶说，塔尼娅教她唱《喀秋莎》，她教塔尼娅跳皮筋。冬天她们在松花江的冰面上滑冰，"
            "塔尼娅的妈妈会烤很甜的列巴。",
            "1960年前后，塔尼娅一家离开了哈尔滨。走之前，两个小姑娘交换了礼物：奶奶给了她一根红头绳，"
            "塔尼娅给了奶奶一个蓝色的发卡。那个发卡奶奶一直留到今天。",
            "奶奶不记得塔尼娅姓什么，也不知道她们去了哪里。如果您的家人是从哈尔滨出去的俄罗斯人，请帮我们问一问。"
            "My grandmother would love to know that Tanya had a good life.",
        ),
        photos=(
            Picture("snow", "哈尔滨的冬天", "Snow-covered houses and bare trees under a pale winter sky"),
            Picture(
                "old_town",
                "中央大街的老房子",
                "A row of colourful old houses with pointed roofs beside a church tower",
            ),
        ),
        notes=(
            Note(
                10,
                "marek",
                "Many Harbin Russians left in 1959–1962 for Australia and Brazil, not only for the USSR. There is an "
                "association of Harbin Russians in Sydney; worth asking there too.",
            ),
            Note(
                22,
                "katharina",
                "An archive of Harbin emigrants lists a Татьяна Соколова (Tatiana Sokolova), born 1940, who left "
                "Harbin for Brisbane with her parents in 1960. The family lived on Kitayskaya Street, today's "
                "中央大街. Could that be her?",
                LEAD,
            ),
            Note(
                24,
                "wang",
                "奶奶说姓什么她想不起来了，但“布里斯班”这个地名她好像听说过！Grandma says Brisbane sounds familiar!",
            ),
            Note(
                230,
                "yuki",
                "I live in Brisbane now. The newsletter of a Russian Orthodox parish here mentions a Tatiana Sokolova, "
                "born in Harbin, who sings in the choir. The parish office is open on Sunday mornings; I can go with a "
                "Russian-speaking friend if you would like.",
                PRIVATE,
            ),
            Note(231, "wang", "Yuki，谢谢你！奶奶听了特别激动。Yes, please!"),
            Note(675, "spam", "专业寻人，海外寻亲，成功率99%！加微信 fastfind888 免费咨询！"),
        ),
    ),
    Request(
        key="vancouver_host",
        author="lin",
        age=820,
        title="尋找1998年溫哥華的寄宿家庭 Thompson 一家",
        sought_name="Linda Thompson",
        other_names="Gary Thompson, 湯普森, Thompson family",
        nickname="Grandma Linda",
        relationship=Relationship.HOST_FAMILY,
        met_place="Kitsilano, near Kits Beach",
        met_city="Vancouver",
        met_country="CA",
        years=(1998, 1998),
        now_country="CA",
        languages=("zh-hant", "en"),
        story=_md(
            "1998年夏天，我十六歲，第一次出國，在溫哥華上了兩個月的英文夏令營，住在 Kitsilano 的 **Thompson** 家。",
            "Linda 每天早上幫我做花生醬三明治，Gary 週末開車帶我們去看山、去海邊。我想家的時候，"
            "Linda 就陪我在院子裡種番茄，她說：「植物和人一樣，換了地方也會長得很好。」",
            "回台灣以後我們通了幾年信，後來我搬家、換了電子郵件，就斷了聯絡。現在我自己也當了媽媽，"
            "很想告訴她：我把番茄種在陽台上了。",
        ),
        status=Status.RESOLVED,
        resolved_after=72,
        helped_by=1,
        reunion="我寫信到社區花園，Linda 當天就回信了。她還留著我當年送她的茶杯。Gary 在2016年過世了，"
        "但 Linda 說他常常提起我。下個月我要帶女兒去溫哥華看她，一起種番茄。謝謝 Zeynep！",
        photos=(
            Picture(
                "mountains",
                "溫哥華北岸的山",
                "Blue mountains above a lake, with a row of trees on the shore",
            ),
        ),
        notes=(
            Note(
                15,
                "katharina",
                "Kitsilano has a neighbourhood house with a local history group; they often know long-time families.",
            ),
            Note(
                40,
                "zeynep",
                "A Vancouver paper ran a story in 2020 about Kitsilano community gardeners. One of them, Linda "
                "Thompson, talks about “our Taiwanese daughter from 1998” who helped plant her first tomatoes. "
                "I think it's her! The garden is the one on West 6th Avenue.",
                LEAD,
            ),
            Note(41, "lin", "我哭了。I'm crying. 謝謝妳，Zeynep！"),
            Note(74, "member", "Congratulations! Stories like this are why this site exists."),
        ),
    ),
    Request(
        key="cairns_liam",
        author="yuki",
        age=700,
        title="Looking for Liam, my housemate in Cairns during my working holiday (2014)",
        sought_name="Liam O'Brien",
        other_names="Liam OBrien, Liam O Brien",
        nickname="Cork Liam",
        relationship=Relationship.FRIEND,
        met_place="Backpacker share house on Sheridan Street",
        met_city="Cairns",
        met_country="AU",
        years=(2014, 2014),
        now_country="IE",
        languages=("ja", "en"),
        story=_md(
            "In 2014 I spent a working-holiday year in Australia. In Cairns I shared a house with four backpackers, "
            "and one of them was **Liam**, from Ireland, who worked on the reef boats and cooked terrible but "
            "enormous Sunday dinners.",
            "I was too shy to speak English at my café job, so Liam made me practise every evening by ordering "
            "imaginary coffees from me. By the end I could handle a whole breakfast rush. He called me “the boss”.",
            "He went home before me, and our share-house group chat disappeared with an old phone. I'd like to tell "
            "him I now teach English, and I still use his coffee game in class.",
        ),
        status=Status.RESOLVED,
        resolved_after=36,
        helped_by=2,
        reunion="Liam answered the bakery's message himself! He is a PE teacher in Cork now and still has the photo "
        "of our share-house dinner. Last Sunday all five of us had a video call across four time zones. Thank you, "
        "Tom!",
        photos=(
            Picture(
                "beach",
                "Palm Cove, where we went every Sunday",
                "A palm tree on a sandy beach beside turquoise water",
            ),
        ),
        notes=(
            Note(
                4,
                "tom",
                "An Irish Liam in Cairns in 2014: that's half of County Cork 😄 Do you remember his home town, or "
                "which team he supported?",
            ),
            Note(5, "yuki", "He supported Cork in hurling! And he said his mother had a bakery."),
            Note(
                28,
                "tom",
                "There's an O'Brien's bakery in Mallow, County Cork, and in 2014 the bakery's page shared photos of "
                "“our Liam on the Great Barrier Reef”. Worth a message?",
                LEAD,
            ),
            Note(37, "tom", "Brilliant news. Delighted for you both!"),
        ),
    ),
    Request(
        key="norway_lift",
        author="marek",
        age=980,
        title="Looking for Ingrid, who gave me a lift to Tromsø in July 2008",
        sought_name="Ingrid",
        relationship=Relationship.HELPER,
        met_place="E8 road near Skibotn",
        met_city="Tromsø",
        met_country="NO",
        years=(2008, 2008),
        now_country="NO",
        languages=("pl", "en"),
        story=_md(
            "In July 2008 I was hitchhiking to Nordkapp with a tent and too little money. Near Skibotn it started to "
            "pour, and after three hours a woman called **Ingrid** stopped her red Volvo estate and drove me all the "
            "way to Tromsø.",
            "She was about sixty, a retired schoolteacher, and she played Polish folk songs on a cassette because "
            "her late husband had loved them. She gave me dry socks and a packet of brown cheese, and would not "
            "take anything in return.",
        ),
        status=Status.CLOSED,
        closed_after=121,
        notes=(
            Note(12, "simon", "The campsite in Skibotn might still have its old guest books. Worth a try."),
            Note(
                120,
                "marek",
                "I'm closing this. A friend in Tromsø found Ingrid's son: his mother remembers “the wet Polish boy”, "
                "but she prefers not to be in touch online, and he passed on her greetings. That is enough for me. "
                "Takk, Ingrid.",
            ),
        ),
    ),
    Request(
        key="finland_camp",
        author="zeynep",
        age=930,
        title="Looking for Aino from the international summer camp in Finland (2005)",
        sought_name="Aino",
        other_names="Aino K.",
        relationship=Relationship.FRIEND,
        met_place="International youth summer camp on Lake Päijänne",
        met_city="Jyväskylä",
        met_country="FI",
        years=(2005, 2005),
        now_country="FI",
        languages=("tr", "en", "de"),
        story=_md(
            "In the summer of 2005 I spent three weeks at an international youth camp by a lake in central Finland. "
            "My tent neighbour was **Aino**, who showed me how to jump from the sauna into the lake and laughed "
            "when I screamed.",
            "We wrote emails for a year or two. I only remember that her surname started with K and that she played "
            "the kantele.",
        ),
        status=Status.CLOSED,
        closed_after=15,
        notes=(
            Note(
                15,
                "zeynep",
                "Closing this for now: I want to go through my old email backups first, and I'll reopen it if I need "
                "help. Thanks for reading!",
            ),
        ),
    ),
    Request(
        key="seoul_minji",
        author="chen",
        age=870,
        title="寻找2019年在首尔旅行时认识的韩国朋友敏智",
        sought_name="金敏智",
        other_names="Kim Min-ji, 김민지, Minji Kim",
        nickname="敏智",
        relationship=Relationship.FRIEND,
        met_place="首尔弘大附近的青年旅舍",
        met_city="Seoul",
        met_country="KR",
        years=(2019, 2019),
        now_country="KR",
        languages=("zh-hans", "en"),
        story=_md(
            "2019年寒假，我一个人去首尔旅行，在弘大附近的青年旅舍认识了在那里打工的**敏智**。"
            "她带我去吃辣炒年糕，还教我用韩语说“谢谢”。",
            "她说她想来成都看大熊猫。回国后我们在网上聊过一阵，后来我的账号被盗，就再也找不到她了。",
        ),
        status=Status.CLOSED,
        closed_after=40,
        notes=(Note(40, "chen", "先关闭这个请求：我找到了旅舍的邮箱，想先自己写信问问。谢谢大家！"),),
    ),
    Request(
        key="tallinn_nurse",
        author="member",
        age=2,
        title="Looking for Kadri, the nurse who cared for my mother in Tallinn (2002)",
        sought_name="Kadri",
        other_names="Kadri T.",
        relationship=Relationship.HELPER,
        met_place="Tallinn Central Hospital, cardiology ward",
        met_city="Tallinn",
        met_country="EE",
        years=(2002, 2002),
        now_country="EE",
        languages=("en", "sv"),
        story=_md(
            "In March 2002 my mother fell ill on a ferry trip from Stockholm to Tallinn and spent ten days in "
            "hospital there. A young nurse called **Kadri** looked after her, translated for us, and on her day off "
            "brought my mother a bunch of snowdrops.",
            "My mother is 80 now and still tells the story of the snowdrops. We would simply like to say thank you.",
        ),
        moderation=Moderation.PENDING,
        photos=(
            Picture(
                "old_town",
                "Tallinn's old town, as we saw it from the hospital",
                "Colourful old houses with pointed roofs and a church tower",
            ),
        ),
    ),
    Request(
        key="macau_kayan",
        author="ines",
        age=1,
        title="Looking for Wong Ka Yan (黃嘉欣), my classmate in Macau before the 1999 handover",
        sought_name="黃嘉欣",
        other_names="Wong Ka Yan, Ka Yan Wong, 黄嘉欣, Kayan",
        nickname="Kayan",
        relationship=Relationship.CLASSMATE,
        met_place="Escola Portuguesa de Macau",
        met_city="Macau",
        met_country="MO",
        years=(1997, 1999),
        languages=("pt", "en"),
        story=_md(
            "My father worked in Macau until the handover in December 1999, and I spent three school years there. "
            "My best friend in class was **Wong Ka Yan** (黃嘉欣), whom everyone called Kayan. She helped me with "
            "Cantonese, and I helped her with Portuguese verbs.",
            "On our last day she gave me a jade bracelet and wrote her address in characters I couldn't read yet. "
            "I can read them now, but the building in Taipa has since been pulled down.",
            "Kayan, I live in Porto now. Obrigada, 多謝, for everything.",
        ),
        moderation=Moderation.PENDING,
    ),
    Request(
        key="ankara_teacher",
        author="zeynep",
        age=4,
        title="Looking for 李老师 (Li Wei), my Chinese teacher in Ankara (2013–2014)",
        sought_name="李伟",
        other_names="Li Wei, 李偉",
        nickname="李老师",
        relationship=Relationship.TEACHER,
        met_place="Chinese evening class, Middle East Technical University",
        met_city="Ankara",
        met_country="TR",
        years=(2013, 2014),
        now_country="CN",
        languages=("tr", "en", "de", "zh-hans"),
        story=_md(
            "In 2013 I took evening Chinese classes at my university in Ankara. Our teacher, **李伟 (Li Wei)**, was "
            "a volunteer from Jinan, and she made us sing Chinese songs to learn the tones.",
            "She went home in the summer of 2014. Because of her I later worked in Shanghai for two years. I know "
            "Li Wei is a very common name, so every idea is welcome: she loved Turkish tea and hated our winters.",
        ),
        moderation=Moderation.PENDING,
    ),
    Request(
        key="rostock_supervisor",
        author="lan",
        age=200,
        title="Looking for Frau Schubert, my supervisor at the textile factory in Rostock (1988–1990)",
        sought_name="Renate Schubert",
        other_names="Frau Schubert",
        relationship=Relationship.COLLEAGUE,
        met_place="Textile factory, Rostock-Lütten Klein",
        met_city="Rostock",
        met_country="DE",
        years=(1988, 1990),
        now_country="DE",
        languages=("vi", "de", "en"),
        story=_md(
            "I came to the GDR as a contract worker in 1988, nineteen years old and very homesick. My supervisor, "
            "**Frau Schubert**, taught me German in our lunch breaks with a children's picture book, and she took me "
            "to the doctor when nobody else would.",
            "When the factory closed in 1990 she helped me fill in every form so that I could stay. I found her in "
            "an old phone book: Kopenhagener Straße 12, third floor, telephone 0381 000 0000. Her daughter Sabine "
            "works at the post office on the corner.",
            "If you know her, please tell her that Lan is well, with a family and a restaurant in Leipzig.",
        ),
        moderation=Moderation.HIDDEN,
        reason="We have hidden this request because it gives a home address, a phone number and a relative's "
        "workplace. Please edit it to remove them (the city and the years are enough for a search), then write to "
        "us and we will publish it again.",
        moderated_after=0.5,
    ),
    Request(
        key="fastfind_advert",
        author="spam",
        age=150,
        title="寻人服务 | Find anyone in 3 days, 99% success",
        sought_name="Anyone",
        relationship=Relationship.OTHER,
        languages=("zh-hans", "en"),
        story=_md(
            "专业寻人团队，国内海外均可，三天出结果，成功率99%！",
            "Professional people search: lost relatives, old classmates, debtors. Pay only when found. "
            "加微信 fastfind888。",
        ),
        moderation=Moderation.HIDDEN,
        reason="Advertising for a paid search service. Reconnect is free, and requests are only for people looking "
        "for someone themselves.",
        was_published=False,
        moderated_after=0.2,
    ),
    Request(
        key="manila_jess",
        author="tom",
        age=260,
        title="Looking for Jess, who I met at a hostel in Manila (2016)",
        sought_name="Jess",
        other_names="Jessica, Jessa",
        relationship=Relationship.FRIEND,
        met_place="A hostel in Makati",
        met_city="Manila",
        met_country="PH",
        years=(2016, 2016),
        now_country="PH",
        languages=("en",),
        story=_md(
            "In February 2016 I spent two weeks at a hostel in Makati. **Jess** worked at the front desk and took a "
            "group of us to her favourite street-food stalls in Quezon City, then planned our whole trip to Palawan.",
            "We lost touch when I changed phones. I'd just like to know she is well.",
        ),
        moderation=Moderation.REMOVED,
        reason="Removed at the request of the person sought. She remembers you kindly, but asked us not to keep her "
        "name on a public page.",
        moderated_after=10,
        photos=(Picture("beach", "El Nido, the trip Jess planned for us", "A palm tree on a sandy beach by the sea"),),
        notes=(Note(3, "member", "Good luck, Tom!"),),
    ),
    Request(
        key="chengdu_teacher",
        author="chen",
        age=560,
        title="寻找我初中的加拿大英语老师 David MacLeod（麦老师）",
        sought_name="David MacLeod",
        other_names="Dave MacLeod, David McLeod, 麦老师",
        nickname="Mr. Mac",
        relationship=Relationship.TEACHER,
        met_place="成都市武侯区的一所公立初中",
        met_city="Chengdu",
        met_country="CN",
        years=(2012, 2014),
        now_country="CA",
        languages=("zh-hans", "en"),
        story=_md(
            "2012到2014年，我在成都读初中。我们的外教 **David MacLeod** 来自加拿大新斯科舍省，我们都叫他“麦老师”。",
            "麦老师每节课都带一把尤克里里，用唱歌的方式教我们英语。我英语考试不及格的时候，"
            "他每天放学后陪我练二十分钟口语，还对我说：“Mistakes are proof that you are trying.”",
            "后来我能去美国做交换生，全是因为他。他2014年回国以后，学校的邮箱就停用了。我想亲口对他说一声谢谢。",
        ),
        status=Status.RESOLVED,
        resolved_after=88,
        helped_by=1,
        reunion="麦老师回信了！他说他一直留着我们班送他的熊猫玩偶。现在他在加拿大教音乐，"
        "还邀请我给他的学生们视频讲讲中国。谢谢 Anna！",
        notes=(
            Note(
                6,
                "katharina",
                "What a teacher. Nova Scotia is small; its teachers' union newsletter often mentions teachers who "
                "came back from abroad.",
            ),
            Note(
                70,
                "member",
                "Nova Scotia's register of certified teachers is public. There is a David MacLeod teaching music at a "
                "school in Antigonish, and the school's website says he “taught English in Chengdu, China”.",
                LEAD,
            ),
            Note(72, "chen", "就是他！我给学校写了邮件。Thank you, Anna!"),
            Note(92, "wang", "恭喜恭喜！"),
        ),
    ),
    Request(
        key="utrecht_jiwoo",
        author="zeynep",
        age=240,
        title="Looking for Ji-woo, my Korean friend from my Erasmus semester in Utrecht (2015)",
        sought_name="Park Ji-woo",
        other_names="박지우, Jiwoo Park, Ji Woo Park",
        nickname="JW",
        relationship=Relationship.CLASSMATE,
        met_place="Utrecht University, international student housing",
        met_city="Utrecht",
        met_country="NL",
        years=(2015, 2015),
        now_country="KR",
        languages=("tr", "en", "de"),
        story=_md(
            "In the spring of 2015 I was an Erasmus student in Utrecht, and **Park Ji-woo** had the room next to "
            "mine. We were the only early risers in the corridor, so every morning we had breakfast together: simit "
            "from my mother's parcels, kimchi from hers.",
            "We cycled to every class in the rain, got lost in Amsterdam twice, and promised to visit each other in "
            "Istanbul and Seoul. Neither of us did.",
            "Ji-woo studied urban planning and wanted to design parks. If you know her, please tell her the girl "
            "from room 214 would love to hear from her.",
        ),
        notes=(
            Note(
                12,
                "simon",
                "Korean alumni of Dutch universities have their own network; the Korean embassy in The Hague knows "
                "about it.",
            ),
            Note(
                230,
                "yuki",
                "박지우 is a very common name, so it may help to add the year she graduated in Seoul if you know it.",
            ),
        ),
    ),
    Request(
        key="dalian_sister",
        author="yuki",
        age=450,
        title="Looking for 王丽 (Wang Li), my host sister in Dalian (2011)",
        sought_name="王丽",
        other_names="Wang Li, 王麗, Lily Wang",
        nickname="Lily",
        relationship=Relationship.HOST_FAMILY,
        met_place="Homestay during a summer Chinese course, Shahekou district",
        met_city="Dalian",
        met_country="CN",
        years=(2011, 2011),
        now_country="CN",
        languages=("ja", "en"),
        story=_md(
            "In the summer of 2011 I took a six-week Chinese course in Dalian and lived with the Wang family. Their "
            "daughter **王丽**, who asked me to call her Lily, was my age and became my sister for those six weeks.",
            "Lily took me to eat seafood by Xinghai Square, corrected my tones without mercy, and cried more than I "
            "did at the station. Her mother taught me to make 锅包肉 (guobaorou), which I still cook for my family.",
            "We lost touch when everyone moved from QQ to WeChat and I didn't move my account. Lily wanted to become "
            "a flight attendant.",
        ),
        photos=(
            Picture(
                "harbour",
                "Dalian harbour on a summer evening",
                "A ship and cranes in a harbour under a warm evening sky",
            ),
        ),
        notes=(
            Note(
                9,
                "wang",
                "王丽是很常见的名字，不过如果她后来当了空姐，可以试试大连的航空公司员工群。Wang Li is a very common "
                "name, but if she became a flight attendant, airline staff groups in Dalian could help.",
            ),
            Note(
                60,
                "chen",
                "我在微博上找到一位“大连Lily”，是国际航班的乘务长，她2011年的照片里有一个日本女孩在星海广场。"
                "要不要我帮你私信她？I found a “Dalian Lily” online, a purser on international flights, with a 2011 "
                "photo of a Japanese girl at Xinghai Square. Shall I message her for you?",
                LEAD,
            ),
            Note(61, "yuki", "はい！Yes, please. 谢谢你！"),
        ),
    ),
    Request(
        key="mongolia_train",
        author="simon",
        age=720,
        title="Looking for Bat-Erdene, who shared our compartment on the Trans-Mongolian train (2013)",
        sought_name="Bat-Erdene",
        other_names="Батэрдэнэ, Bat Erdene, Baterdene",
        nickname="Bat",
        relationship=Relationship.FRIEND,
        met_place="Trans-Mongolian train, Beijing to Ulaanbaatar",
        met_city="Ulaanbaatar",
        met_country="MN",
        years=(2013, 2013),
        now_country="MN",
        languages=("de", "en"),
        story=_md(
            "In August 2013 a friend and I took the train from Beijing to Ulaanbaatar. We shared our compartment "
            "with **Bat-Erdene**, a Mongolian engineering student going home for the summer with a huge bag of "
            "apples for his grandmother.",
            "At the border, while the train's wheels were being changed, he taught us a card game and three words of "
            "Mongolian. In Ulaanbaatar he insisted we spend a night at his family's ger at the edge of the city; his "
            "grandmother gave us airag and laughed at our faces.",
            "He studied at the University of Science and Technology. We wrote our email addresses on a paper napkin, "
            "which went through the washing machine.",
        ),
        photos=(
            Picture(
                "mountains",
                "The steppe from the train window",
                "Layers of blue-green hills under a wide sky, with a lake in front",
            ),
        ),
        notes=(
            Note(
                20,
                "katharina",
                "Mongolians usually give their father's name before their own, as an initial. If you remember his "
                "father's name, that helps a lot.",
            ),
            Note(400, "simon", "Still hoping. Bat, if you read this: we still play your card game!"),
        ),
    ),
    Request(
        key="shanghai_colleague",
        author="katharina",
        age=380,
        title="Looking for 张伟 (Zhang Wei, “David”), my colleague in Shanghai (2009–2011)",
        sought_name="张伟",
        other_names="Zhang Wei, 張偉, David Zhang",
        nickname="David",
        relationship=Relationship.COLLEAGUE,
        met_place="A German–Chinese trading office near People's Square",
        met_city="Shanghai",
        met_country="CN",
        years=(2009, 2011),
        now_country="CN",
        languages=("de", "en"),
        story=_md(
            "From 2009 to 2011 I worked for a small German–Chinese trading company in Shanghai. My desk was next to "
            "**张伟 (Zhang Wei)**, who used the English name David and patiently explained every fax-filled detail "
            "of Chinese business to me.",
            "He took me to his family in Suzhou for the Mid-Autumn Festival, and his mother gave me a box of "
            "mooncakes for my family in Germany. I didn't have the heart to tell her I'd only be home in December.",
            "Yes, I know: 张伟 may be the most common name in China. He was born around 1982, studied German at "
            "Tongji University, and supports FC Bayern.",
        ),
        notes=(
            Note(
                2,
                "chen",
                "张伟可能是中国最常见的名字之一，有将近三十万人 😅 不过同济大学德语系加上苏州，范围就小多了。",
            ),
            Note(
                50,
                "wang",
                "同济大学德语系2004届的校友名单里有一位张伟，籍贯苏州。The Tongji German department's alumni list "
                "for 2004 has a Zhang Wei from Suzhou. I've asked a friend who studied there to pass on your message.",
                LEAD,
            ),
        ),
    ),
    Request(
        key="hongkong_classmate",
        author="lin",
        age=520,
        title="替外公尋找香港的中學同學陳國華（1958–1963）",
        sought_name="陳國華",
        other_names="Chan Kwok-wah, Kwok Wah Chan, 陈国华, Kenneth Chan",
        nickname="阿華",
        relationship=Relationship.CLASSMATE,
        met_place="九龍的一所教會中學",
        met_city="Hong Kong",
        met_country="HK",
        years=(1958, 1963),
        now_country="US",
        languages=("zh-hant", "en"),
        on_behalf_of="我外公",
        story=_md(
            "我外公今年八十一歲，年輕時在香港讀中學。他最好的同學叫**陳國華**，大家都叫他阿華。"
            "兩個人每天一起坐天星小輪上學，放學後在碼頭邊吃魚蛋。",
            "1963年中學畢業後，阿華全家移民到美國舊金山，外公則來了台灣。他們寫了十幾年的信，"
            "後來外公搬了幾次家，就失去了聯絡。",
            "外公說阿華的英文名可能叫 Kenneth，在舊金山念了建築。如果您認識這位先生或他的家人，"
            "請告訴他：台北的老同學還記得魚蛋的味道。",
        ),
        photos=(Picture("city", "香港的夜景", "City towers with lit windows reflected in the harbour at dusk"),),
        notes=(
            Note(
                30,
                "chen",
                "舊金山唐人街的同鄉會或許能幫忙。Chinatown associations in San Francisco keep member lists going "
                "back decades.",
            ),
            Note(
                90,
                "tom",
                "A directory of American architects lists a Kenneth K. W. Chan, retired, San Francisco, born in Hong "
                "Kong in 1944. Could be him!",
                LEAD,
            ),
            Note(92, "lin", "外公聽了好開心！Thank you, Tom. We are writing him a letter."),
        ),
    ),
    Request(
        key="dublin_pastry",
        author="marek",
        age=640,
        title="Looking for Siobhán, my colleague in a Dublin restaurant kitchen (2006–2007)",
        sought_name="Siobhán",
        other_names="Siobhan, Shivaun",
        nickname="Shiv",
        relationship=Relationship.COLLEAGUE,
        met_place="Restaurant kitchen on Dame Street",
        met_city="Dublin",
        met_country="IE",
        years=(2006, 2007),
        now_country="IE",
        languages=("pl", "en"),
        story=_md(
            "Like many Poles in 2006, I went to Dublin to work. I washed dishes in a busy restaurant on Dame Street, "
            "and the pastry chef, **Siobhán**, decided I was going to learn to bake instead.",
            "She taught me soda bread, scones, and how to swear in Irish. When I went back to Poland she gave me her "
            "grandmother's recipe book. I now run a small bakery in Gdańsk, and her scones are our bestseller.",
            "I would love her to know that. She was from Galway and played the fiddle in a band on Thursdays.",
        ),
        notes=(Note(25, "tom", "Lovely story. The Galway music scene is small: try the trad session listings."),),
    ),
    Request(
        key="kumasi_colleague",
        author="tom",
        age=1020,
        title="Looking for Kwame Mensah, my fellow teacher in Kumasi (2003–2005)",
        sought_name="Kwame Mensah",
        other_names="Kwame Asante Mensah, K. A. Mensah",
        nickname="Teacher Kwame",
        relationship=Relationship.COLLEAGUE,
        met_place="A secondary school in Kumasi (volunteer teaching placement)",
        met_city="Kumasi",
        met_country="GH",
        years=(2003, 2005),
        now_country="GH",
        languages=("en",),
        story=_md(
            "From 2003 to 2005 I taught maths as a volunteer at a secondary school in Kumasi. **Kwame Mensah**, who "
            "taught physics, shared his classroom, his lunch and his endless patience with a very confused young "
            "Englishman.",
            "He took me to his village for a naming ceremony and to every Asante Kotoko match. He dreamed of "
            "studying engineering. I lost his address when my laptop was stolen in 2008.",
        ),
        notes=(Note(300, "marek", "Bumping this. I hope someone in Kumasi sees it!"),),
    ),
)

# Two open reports fill the moderators' queue; the handled ones match the hidden comment and request above.
FLAGS: tuple[Flag, ...] = (
    Flag(
        "wang",
        "grandma_tanya",
        ReportReason.SPAM,
        "这是广告，请删除。It's an advert for a paid service.",
        age=4,
        note=5,
    ),
    Flag(
        "jiwoo",
        "utrecht_jiwoo",
        ReportReason.THIS_IS_ME,
        "This is me! I'm happy Zeynep is looking for me and I will write to her, but I'd rather my full name and "
        "university were not on a public page. Could you take the request down once we are in touch?",
        age=3,
    ),
    Flag(
        "chen",
        "simon_iowa",
        ReportReason.SPAM,
        "广告。",
        age=389,
        note=2,
        status=ReportStatus.RESOLVED,
    ),
    Flag(
        "marek",
        "fastfind_advert",
        ReportReason.SPAM,
        "A paid search agency, not a real request.",
        age=149.9,
        status=ReportStatus.RESOLVED,
    ),
)


@dataclass(frozen=True)
class DemoTranslation:
    """A member's translation of a demo request, `age` days ago; approved by its poster, or waiting for them."""

    request: str
    translator: str
    language: str
    source: str
    age: float
    title: str
    story: str
    approved: bool = True


# Both ways, so that a newcomer reading in either language meets one at once; and one waiting for its poster,
# the demo member (member@example.com), to approve.
TRANSLATIONS: tuple[DemoTranslation, ...] = (
    DemoTranslation(
        request="chen_iowa",
        translator="chen",
        language="zh-hans",
        source="en",
        age=30,
        title="寻找陈明，里贾纳高中来自成都的交换生",
        story=_md(
            "2017年，一个来自成都的男孩走错教室，坐进了我的化学课。我让他留下，因为我正缺一个实验搭档。"
            "他叫**陈明**，那一年我们一起做了很多“爆炸”实验。",
            "他离开时，我送了他一个印着元素周期表的杯子。不久我搬回德国，换手机时丢了他的微信。",
        ),
    ),
    DemoTranslation(
        request="zoe_lyon",
        translator="zeynep",
        language="en",
        source="zh-hans",
        age=200,
        title="Looking for Zoë, my French friend from Lyon (2012)",
        story=_md(
            "In 2012 I was learning French in Lyon. Every Thursday evening I went to a language-exchange café near "
            "the university, and that is where I met **Zoë**. Her name has two dots over the ë, and she said: "
            "“Those two dots matter.”",
            "Zoë was doing a master's in teaching French as a foreign language (FLE) and wanted to teach French in "
            "China one day. She taught me to make crêpes and I taught her to wrap wontons; the first Chinese she "
            "learned was “太好吃了” (so delicious).",
            "Before I went home in 2013 my phone was stolen, with every contact on it. I only remember that she was "
            "from near Lyon, had short red hair and rode a yellow bicycle.",
        ),
    ),
    DemoTranslation(
        request="li_xiangcan",
        translator="wang",
        language="zh-hans",
        source="en",
        age=2,
        title="寻找李响灿教授：1985–1987年我父亲在武汉的老师",
        story="我父亲1985年到1987年在武汉大学化学系读书，李老师是他最敬重的老师。我们想告诉他，父亲一直记得他。",
        approved=False,
    ),
)

# Posters' asks for a translation, listed under "Help translate": (request, into, from).
TRANSLATION_ASKS: tuple[tuple[str, str, str], ...] = (
    ("osaka_host", "ja", "en"),
    ("dubai_airport", "en", "zh-hant"),
    ("grandma_tanya", "ru", "zh-hans"),
)
