"""Search benchmark: the list page's search over 100,000 requests, on SQLite or PostgreSQL.

Loads the 66 requests of the search corpus (tests/search/corpus.py) plus generated
ones into a dedicated database, then times every query of the corpus' query table
the way the list page runs it (PostFilter, first page of 20, count), against a
primary-key lookup as the baseline. See bench/README.md.

    .venv/bin/python bench/search_bench.py              # SQLite, bench/out/search.sqlite3
    .venv/bin/python bench/search_bench.py --postgres   # PostgreSQL, database reconnect_bench
    .venv/bin/python bench/search_bench.py --compare    # and the former typo lookup, side by side

With --compare each round runs every query three ways, interleaved: as before issue 10 (the
typo-tolerant keys by pg_trgm or by scanning the vocabulary in memory, Chinese words by
`LIKE`; reimplemented here as `legacy_near_keys`), as now without the cache, and as now
with the cache warm; and the primary-key baseline in the same round. Ratios, not times,
are what compare across runs.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SQLITE_PATH = OUT / "search.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/reconnect_bench"
KINDS = ("script", "traditional", "accents", "order", "typo", "nickname", "heteronym", "place", "exact")
AUTHORS = 300
# Generated requests are spread over these years before the bench's reference date.
REFERENCE_DATE = datetime(2026, 11, 28, tzinfo=UTC)
SPREAD_DAYS = 4 * 365

# Names ----------------------------------------------------------------------------------------
# Lists of plausible names per origin. Names that the corpus' queries look for are left out or
# rejected when drawn (see Generator._blocked), so the planted answers stay the answers.

EN_MALE = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey
Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander
Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Henry Adam Nathan Zachary Kyle Noah Ethan Jeremy Walter
Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan Jesse Bryan Bruce
Gabriel Logan Alan Albert Elijah Wayne Randy Vincent Liam Owen Connor Callum Declan Rory Hamish""".split()
EN_FEMALE = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Karen Nancy Lisa Betty Margaret Sandra
Ashley Kimberly Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia
Kathleen Amy Shirley Angela Helen Brenda Pamela Nicole Samantha Christine Rachel Carolyn Janet Virginia Heather
Diane Julie Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha
Jacqueline Frances Gloria Teresa Kathryn Janice Jean Alice Madison Doris Abigail Julia Judy Denise Amber
Marilyn Beverly Danielle Theresa Diana Brittany Natalie Charlotte Siobhan Niamh Aoife Fiona Eilidh""".split()
EN_LAST = """Smith Johnson Williams Brown Jones Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee
Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Nelson Baker
Hall Campbell Mitchell Roberts Turner Phillips Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers
Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood James Bennett Gray Hughes
Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes
Fisher Graham Hayes Gibson Wallace Hunt Palmer O'Connor Fitzgerald Doyle Walsh McDonald MacLeod""".split()

DE_MALE = """Lukas Leon Finn Jonas Paul Felix Maximilian Elias Ben Luis Moritz Julian Tim Niklas Jan Tobias
Florian Sebastian Matthias Andreas Stefan Michael Wolfgang Klaus Dieter Hans Uwe Günter Horst Ralf Jörg Björn
Sören Thorsten Frank Jens Holger Rüdiger Bernd Karl Heinz Lothar Volker Markus Timo Dirk""".split()
DE_FEMALE = """Anna Lena Lea Hannah Mia Emma Sophie Marie Laura Lisa Julia Katrin Sabine Petra Monika Ursula
Gisela Brigitte Jutta Heike Anke Birgit Claudia Susanne Andrea Nicole Stefanie Jana Franziska Charlotte Greta
Käthe Lotte Frieda Mareike Svenja Wiebke Ilse Hildegard Dörte Bärbel Annegret Ulrike Silke""".split()
DE_LAST = """Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein
Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause
Meier Lehmann Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller
Jung Hahn Schubert Vogel Friedrich Keller Günther Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht
Schuster Ludwig Böhm Winter Kraus Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich
Brandt Haas Schreiber Graf Dietrich Ziegler Kuhn Pohl Engel Horn Busch Bergmann Voigt Sauer Arnold""".split()

FR_MALE = """Jean Pierre Michel André Philippe Louis Nicolas Henri Jacques Bernard Alain Éric Stéphane Olivier
Sébastien Thierry Julien Mathieu Hugo Théo Lucas Léo Gabriel Raphaël Arthur Jules Maël Clément Antoine Benoît
Jérôme Yannick Gaëtan Loïc Hervé Gérard Rémi Cédric Aurélien Baptiste""".split()
FR_FEMALE = """Marie Nathalie Isabelle Sylvie Catherine Françoise Monique Valérie Sophie Céline Chloé Léa Manon
Camille Inès Émilie Amélie Hélène Margaux Océane Élise Anaïs Noémie Aurélie Agnès Geneviève Mélanie Clémence
Joséphine Maëlle Bérénice Gaëlle Solène Annick Brigitte Odile""".split()
FR_LAST = """Martin Bernard Thomas Petit Robert Richard Durand Laurent Michel Leroy Roux David Bertrand Morel
Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Faure André Mercier Blanc Guérin Boyer Garnier
Chevalier Legrand Gauthier Perrin Robin Morin Roussel Masson Marchand Duval Denis Dumont Lemaire Noël Dufour
Meunier Brun Blanchard Giraud Joly Rivière Brunet Gaillard Barbier Arnaud Roche Renard Leroux Colin Vidal
Caron Picard Fabre Aubert Lemoine Renaud Dumas Lacroix Bourgeois Leclerc Rolland Guillaume Lecomte Dupuy
Guillot Hubert Carpentier Dupuis Moulin Deschamps Huet Vasseur Boucher Fleury Royer Jacquet Poirier Aubry
Guyot Carré Renault Charpentier Ménard Maillard Baron Bertin Bailly Collet Léger Bouvier Prévost""".split()

ES_MALE = """Antonio Manuel Francisco Juan Javier Carlos Jesús Alejandro Miguel Rafael Pablo Pedro Ángel Sergio
Fernando Jorge Luis Alberto Álvaro Diego Adrián Raúl Enrique Ramón Vicente Iván Rubén Óscar Andrés Joaquín
Santiago Eduardo Víctor Roberto Jaime Mario Ignacio Alfonso Salvador Ricardo Emilio Julián Nicolás Gonzalo
Marcos Agustín Martín Íñigo Sebastián""".split()
ES_FEMALE = """Carmen Ana Isabel Laura Cristina Marta Lucía Paula Elena Sara Raquel Rosa Pilar Concepción Manuela
Mercedes Julia Beatriz Nuria Silvia Irene Patricia Rocío Andrea Alicia Mónica Sonia Sandra Marina Ángela
Inmaculada Eva Verónica Noelia Claudia Carla Natalia Inés Lorena Nerea Ainhoa Begoña Valentina Ximena
Guadalupe Dolores Remedios""".split()
ES_LAST = """García Rodríguez González López Sánchez Pérez Gómez Martín Jiménez Ruiz Díaz Moreno Muñoz Álvarez
Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez
Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos Lozano
Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña Flores Cabrera Campos Vega
Fuentes Carrasco Díez Caballero Reyes Nieto Aguilar Pascual Santana Herrero Lorenzo Montero Hidalgo Ibáñez
Ferrer Durán Benítez Mora Vargas Arias Carmona Crespo Román Pastor Soto Sáez Velasco Moya Soler Parra""".split()

PL_MALE = """Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Adam Marek Grzegorz Jan Wojciech
Mateusz Dariusz Rafał Kamil Maciej Bartosz Przemysław Zbigniew Stanisław Jerzy Ryszard Sławomir Witold""".split()
PL_FEMALE = """Anna Katarzyna Agnieszka Barbara Ewa Krystyna Magdalena Elżbieta Joanna Aleksandra Zofia Monika
Teresa Danuta Natalia Julia Karolina Marta Beata Dorota Halina Jadwiga Justyna Wiktoria Zuzanna Bożena
Grażyna Jolanta""".split()
PL_LAST = """Nowak Kowalski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski
Jankowski Mazur Wojciechowski Kwiatkowski Krawczyk Kaczmarek Piotrowski Grabowski Zając Pawłowski Michalski
Król Wieczorek Jabłoński Wróbel Nowakowski Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek
Nowicki Pawlak Górski Witkowski Walczak Sikora Baran Rutkowski Michalak Szewczyk Ostrowski Tomaszewski""".split()

VI_LAST = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương".split()
VI_MIDDLE_MALE = "Văn Đức Hữu Quốc Công Thành Đình Xuân".split()
VI_MIDDLE_FEMALE = "Thị Ngọc Thanh Hồng Kim Thu Bích Phương".split()
VI_GIVEN = """Anh Hùng Dũng Tuấn Lan Hoa Linh Trang Thảo Phương Quang Hải Long Nam Sơn Thành Hương Hạnh Huy Khoa
Phúc Tâm Thủy Vy Yến Nhung Quân Bảo Khánh Trung Hiếu Thắng Cường Bình Giang Ngân Hằng Loan Châu Tú Duy Đạt
Nga Oanh Tùng Vinh Lộc Nhi Diệp Kiên""".split()

ZH_COMPOUND_SURNAMES = ["司马", "诸葛", "上官"]
ZH_SURNAMES = [
    *"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔向汤"
]
ZH_GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英华玉兰萍红建文辉力燕国鹏飞宇浩凯俊帆晨雪琳晓婷欣雨佳怡子涵"
    "梓轩博思然嘉瑞一诗梦天海云龙鑫斌亮峰林波宁春颖慧倩莉琴蕾薇淑晶志永成新健东立兵光荣毅阳昊宏旭振家安德彬"
    "鸿庆凤翠梅月蓉晴洁素馨悦婉茹秋冬松柏青竹书墨琪瑶璐露菲蓓芸芝莲荷蕊卓越群"
)
ZH_ENGLISH_NAMES = """Kevin Jack Tony Eric Jason Leo Ivy Lily Cindy Vivian Grace Helen Wendy Amy Coco Sunny Jenny
Annie Kelly Frank Allen Vincent Peter Lucy""".split()
NICKNAMES = """Bob Bill Jim Mike Tom Tony Andy Chris Danny Ben Sam Max Alex Nick Kate Liz Beth Jenny Lily Maggie
Sue Jo Steffi Flo Basti Lulu Nico Paco Lola Kasia Basia Kuba Zosia Tomek Bé Tí Bin Shorty Red Doc Tiger Teddy
Mimi Bibi Dodo Pip Ginger Sunny Curly""".split()

# Places ---------------------------------------------------------------------------------------
# (city, country, [places]). The cities and places the corpus' place queries name are left out.
PLACES = {
    "en": [
        ("Portland", "US", ["Grant High School", "Portland State University", "Portland International Airport"]),
        ("Boston", "US", ["Boston Latin School", "Northeastern University", "Logan International Airport"]),
        ("Chicago", "US", ["Lane Tech High School", "DePaul University", "O'Hare International Airport"]),
        ("Seattle", "US", ["Garfield High School", "University of Washington", "Sea-Tac Airport"]),
        ("Denver", "US", ["East High School", "University of Denver", "Denver International Airport"]),
        ("Austin", "US", ["McCallum High School", "University of Texas", "Austin-Bergstrom Airport"]),
        ("Minneapolis", "US", ["Southwest High School", "University of Minnesota", "the Mall of America"]),
        ("Ann Arbor", "US", ["Pioneer High School", "University of Michigan", "the Michigan Union"]),
        ("Pittsburgh", "US", ["Allderdice High School", "Carnegie Mellon University", "Pittsburgh Airport"]),
        ("London", "GB", ["Camden School for Girls", "King's College London", "Heathrow Airport"]),
        ("Leeds", "GB", ["Leeds Grammar School", "University of Leeds", "Leeds Bradford Airport"]),
        ("Bristol", "GB", ["Cotham School", "University of Bristol", "Temple Meads station"]),
        ("Edinburgh", "GB", ["Boroughmuir High School", "University of Edinburgh", "Edinburgh Airport"]),
        ("Glasgow", "GB", ["Hillhead High School", "University of Glasgow", "Glasgow Central station"]),
        ("Toronto", "CA", ["Jarvis Collegiate", "University of Toronto", "Pearson Airport"]),
        ("Vancouver", "CA", ["Kitsilano Secondary", "University of British Columbia", "Vancouver Airport"]),
        ("Sydney", "AU", ["Fort Street High School", "University of Sydney", "Kingsford Smith Airport"]),
        ("Dublin", "IE", ["Belvedere College", "Trinity College Dublin", "Dublin Airport"]),
    ],
    "de": [
        ("Berlin", "DE", ["Gymnasium Steglitz", "Humboldt-Universität", "Flughafen Tegel"]),
        ("Hamburg", "DE", ["Gymnasium Eppendorf", "Universität Hamburg", "Hamburger Hauptbahnhof"]),
        ("Köln", "DE", ["Gymnasium Kreuzgasse", "Universität zu Köln", "Flughafen Köln/Bonn"]),
        ("Stuttgart", "DE", ["Karls-Gymnasium", "Universität Stuttgart", "Flughafen Stuttgart"]),
        ("Düsseldorf", "DE", ["Goethe-Gymnasium Düsseldorf", "Heinrich-Heine-Universität", "Rheinufer"]),
        ("Leipzig", "DE", ["Thomasschule", "Universität Leipzig", "Leipzig Hauptbahnhof"]),
        ("Nürnberg", "DE", ["Pirckheimer-Gymnasium", "Technische Hochschule Nürnberg", "Christkindlesmarkt"]),
        ("Freiburg", "DE", ["Kepler-Gymnasium", "Albert-Ludwigs-Universität", "Münstermarkt"]),
        ("Heidelberg", "DE", ["Bunsen-Gymnasium", "Universität Heidelberg", "Alte Brücke"]),
        ("Wien", "AT", ["Akademisches Gymnasium", "Universität Wien", "Flughafen Wien-Schwechat"]),
        ("Zürich", "CH", ["Kantonsschule Rämibühl", "ETH Zürich", "Flughafen Zürich"]),
    ],
    "fr": [
        ("Paris", "FR", ["Lycée Henri-IV", "Sorbonne Université", "Aéroport Charles-de-Gaulle"]),
        ("Lyon", "FR", ["Lycée Ampère", "Université Lumière Lyon 2", "Aéroport Saint-Exupéry"]),
        ("Marseille", "FR", ["Lycée Thiers", "Aix-Marseille Université", "Aéroport de Marignane"]),
        ("Toulouse", "FR", ["Lycée Pierre-de-Fermat", "Université Toulouse Capitole", "Aéroport de Blagnac"]),
        ("Bordeaux", "FR", ["Lycée Montaigne", "Université de Bordeaux", "Gare Saint-Jean"]),
        ("Lille", "FR", ["Lycée Faidherbe", "Université de Lille", "Gare Lille-Flandres"]),
        ("Nantes", "FR", ["Lycée Clemenceau", "Nantes Université", "Aéroport Nantes Atlantique"]),
        ("Strasbourg", "FR", ["Lycée Kléber", "Université de Strasbourg", "Petite France"]),
        ("Grenoble", "FR", ["Lycée Champollion", "Université Grenoble Alpes", "Bastille"]),
        ("Bruxelles", "BE", ["Athénée Royal", "Université libre de Bruxelles", "Aéroport de Zaventem"]),
    ],
    "es": [
        ("Madrid", "ES", ["Instituto Ramiro de Maeztu", "Universidad Complutense", "Aeropuerto de Barajas"]),
        ("Barcelona", "ES", ["Institut Jaume Balmes", "Universitat de Barcelona", "Aeropuerto del Prat"]),
        ("Valencia", "ES", ["Instituto Luis Vives", "Universitat de València", "Estación del Norte"]),
        ("Sevilla", "ES", ["Instituto San Isidoro", "Universidad de Sevilla", "Aeropuerto de San Pablo"]),
        ("Granada", "ES", ["Instituto Padre Suárez", "Universidad de Granada", "la Alhambra"]),
        ("Bilbao", "ES", ["Instituto Miguel de Unamuno", "Universidad de Deusto", "Aeropuerto de Loiu"]),
        ("Málaga", "ES", ["Instituto Vicente Espinel", "Universidad de Málaga", "Aeropuerto de Málaga"]),
        ("Ciudad de México", "MX", ["Colegio Alemán", "UNAM", "Aeropuerto Benito Juárez"]),
        ("Buenos Aires", "AR", ["Colegio Nacional", "Universidad de Buenos Aires", "Aeroparque"]),
    ],
    "pl": [
        ("Warszawa", "PL", ["Liceum im. Stefana Batorego", "Uniwersytet Warszawski", "Lotnisko Chopina"]),
        ("Kraków", "PL", ["Liceum im. Nowodworskiego", "Uniwersytet Jagielloński", "Rynek Główny"]),
        ("Wrocław", "PL", ["Liceum nr XIV", "Uniwersytet Wrocławski", "Dworzec Główny"]),
        ("Gdańsk", "PL", ["Liceum Conradinum", "Uniwersytet Gdański", "Lotnisko im. Lecha Wałęsy"]),
        ("Poznań", "PL", ["Liceum im. Marcinkowskiego", "Uniwersytet im. Adama Mickiewicza", "Stary Rynek"]),
        ("Łódź", "PL", ["Liceum im. Kopernika", "Politechnika Łódzka", "ulica Piotrkowska"]),
    ],
    "vi": [
        ("Hà Nội", "VN", ["Trường THPT Chu Văn An", "Đại học Bách khoa Hà Nội", "Sân bay Nội Bài"]),
        ("Sài Gòn", "VN", ["Trường THPT Lê Hồng Phong", "Đại học Kinh tế", "Sân bay Tân Sơn Nhất"]),
        ("Đà Nẵng", "VN", ["Trường THPT Phan Châu Trinh", "Đại học Đà Nẵng", "Sân bay Đà Nẵng"]),
        ("Hải Phòng", "VN", ["Trường THPT Trần Phú", "Đại học Hải Phòng", "Cảng Hải Phòng"]),
        ("Cần Thơ", "VN", ["Trường THPT Châu Văn Liêm", "Đại học Cần Thơ", "chợ nổi Cái Răng"]),
        ("Nha Trang", "VN", ["Trường THPT Lý Tự Trọng", "Đại học Nha Trang", "Sân bay Cam Ranh"]),
    ],
    "zh": [
        ("北京", "CN", ["北京大学", "清华大学", "北京四中", "Peking University", "Tsinghua University"]),
        ("上海", "CN", ["复旦大学", "上海中学", "上海浦东国际机场", "Fudan University", "Pudong Airport"]),
        ("广州", "CN", ["中山大学", "广州白云国际机场", "华南师大附中", "Sun Yat-sen University"]),
        ("深圳", "CN", ["深圳中学", "深圳大学", "深圳宝安国际机场", "Shenzhen University"]),
        ("成都", "CN", ["四川大学", "成都七中", "成都双流国际机场", "Sichuan University"]),
        ("杭州", "CN", ["浙江大学", "杭州二中", "杭州东站", "Zhejiang University"]),
        ("南京", "CN", ["南京大学", "南京外国语学校", "南京禄口国际机场", "Nanjing University"]),
        ("西安", "CN", ["西安交通大学", "西安高新一中", "西安咸阳国际机场", "Xi'an Jiaotong University"]),
        ("重庆", "CN", ["重庆大学", "重庆南开中学", "重庆江北国际机场"]),
        ("长沙", "CN", ["湖南大学", "长沙市一中", "长沙黄花国际机场"]),
        ("厦门", "CN", ["厦门大学", "厦门一中", "鼓浪屿", "Xiamen University"]),
        ("昆明", "CN", ["云南大学", "昆明一中", "昆明长水国际机场"]),
        ("臺北", "TW", ["國立政治大學", "建國高級中學", "臺北車站", "Taipei Main Station"]),
        ("高雄", "TW", ["國立中山大學", "高雄女中", "高雄國際機場"]),
        ("香港", "HK", ["香港大學", "香港中文大學", "赤鱲角機場", "University of Hong Kong"]),
    ],
}
ORIGINS = ("en", "de", "fr", "es", "pl", "vi", "zh")
# Share of requests per origin of the person sought.
ORIGIN_WEIGHTS = (22, 14, 10, 12, 7, 10, 25)
LANGUAGES = {"en": "en", "de": "de", "fr": "fr", "es": "es", "pl": "pl", "vi": "vi", "zh": "zh-hans"}
RELATIONSHIPS = ("classmate", "friend", "teacher", "host_family", "colleague", "helper", "family", "other")

# Stories --------------------------------------------------------------------------------------
EN_ACTIVITIES = [
    "we shared a dorm room for a year",
    "we worked the night shift together",
    "we sat next to each other in maths class",
    "we played in the same football team",
    "we waited twelve hours together for a delayed flight",
    "we took the same evening language course",
    "we volunteered at the food bank every Saturday",
    "we travelled together for two weeks with one backpack each",
    "you helped me carry my suitcase up four floors",
    "we sang in the same choir",
    "we shared a lab bench and burnt a lot of toast",
    "you taught me to play chess in the canteen",
]
EN_DETAILS = [
    "You had a red bicycle and laughed louder than anyone.",
    "I lost your address when I moved abroad.",
    "You wanted to become a doctor.",
    "We wrote letters for a year, then lost touch.",
    "I still have the photo of us at the lake.",
    "You lent me a coat that I never gave back.",
    "Your mother made the best dumplings I have ever eaten.",
    "I would love to know how your life turned out.",
    "You moved away the summer after we finished.",
    "I never thanked you properly.",
]
DE_STORIES = [
    "Wir haben uns {year} in {place} kennengelernt und jeden Tag zusammen Mittag gegessen.",
    "Du hast mir {year} in {place} beim Umzug geholfen. Ich würde mich so gern bedanken.",
]
ES_STORIES = [
    "Nos conocimos en {place} en {year} y compartimos piso durante un año.",
    "Fuiste mi mejor amiga en {place}. Perdimos el contacto cuando me mudé.",
]
ZH_ACTIVITIES = [
    "一起上英语课",
    "住同一个宿舍",
    "在同一家公司实习",
    "一起坐火车回家",
    "在图书馆一起复习",
    "一起参加合唱团",
]
ZH_DETAILS = [
    "后来我出国了，就失去了联系。",
    "他很喜欢打篮球。",
    "她总是帮我补习数学。",
    "毕业以后我们再也没有见过面。",
    "我一直想当面谢谢你。",
    "我还留着我们的合影。",
]


def pick(rng: random.Random, items: list[str] | tuple[str, ...]) -> str:
    """One item of a list."""
    return items[rng.randrange(len(items))]


class Generator:
    """Deterministic generator of plausible requests, as dicts of Post field values."""

    def __init__(self, seed: int, blocked: Callable[[str], bool]) -> None:
        import opencc
        from pypinyin import lazy_pinyin

        self.rng = random.Random(seed)
        self.blocked = blocked
        self.to_traditional = opencc.OpenCC("s2t").convert
        self.lazy_pinyin = lazy_pinyin
        self.rejected = 0

    # Names: (name as written, other spellings, nickname)
    def name(self, origin: str, female: bool) -> tuple[str, list[str], str]:
        """A name the corpus' queries do not look for, with its other spellings and a nickname."""
        for _attempt in range(50):
            written, others, nickname = self._draw_name(origin, female)
            if not any(self.blocked(name) for name in (written, *others, nickname) if name):
                return written, others, nickname
            self.rejected += 1
        raise RuntimeError(f"could not draw an unblocked {origin} name")

    def _draw_name(self, origin: str, female: bool) -> tuple[str, list[str], str]:
        rng = self.rng
        others: list[str] = []
        nickname = pick(rng, NICKNAMES) if rng.random() < 0.15 else ""
        if origin == "zh":
            surname = pick(rng, ZH_SURNAMES) if rng.random() < 0.98 else pick(rng, ZH_COMPOUND_SURNAMES)
            given = "".join(pick(rng, ZH_GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
            simplified = surname + given
            written = self.to_traditional(simplified) if rng.random() < 0.25 else simplified
            roman_surname = "".join(self.lazy_pinyin(surname)).capitalize()
            roman_given = "".join(self.lazy_pinyin(given)).capitalize()
            if rng.random() < 0.6:
                chinese_order = rng.random() < 0.7
                others.append(f"{roman_surname} {roman_given}" if chinese_order else f"{roman_given} {roman_surname}")
            if rng.random() < 0.2:
                others.append(f"{pick(rng, ZH_ENGLISH_NAMES)} {roman_surname}")
            if rng.random() < 0.15:
                nickname = ("小" if rng.random() < 0.6 else "阿") + given[-1]
            return written, others, nickname
        if origin == "vi":
            middle = pick(rng, VI_MIDDLE_FEMALE if female else VI_MIDDLE_MALE)
            last, given = pick(rng, VI_LAST), pick(rng, VI_GIVEN)
            written = f"{last} {middle} {given}"
            if rng.random() < 0.4:
                others.append(f"{given} {last}")
            return written, others, nickname
        first_names, last_names = {
            "en": (EN_FEMALE if female else EN_MALE, EN_LAST),
            "de": (DE_FEMALE if female else DE_MALE, DE_LAST),
            "fr": (FR_FEMALE if female else FR_MALE, FR_LAST),
            "es": (ES_FEMALE if female else ES_MALE, ES_LAST),
            "pl": (PL_FEMALE if female else PL_MALE, PL_LAST),
        }[origin]
        first, last = pick(rng, first_names), pick(rng, last_names)
        if origin == "pl" and female and last.endswith(("ski", "cki")):
            last = last[:-1] + "a"
        if origin == "es" and rng.random() < 0.5:
            last = f"{last} {pick(rng, ES_LAST)}"
        if origin == "fr" and rng.random() < 0.08:
            first = f"{first}-{pick(rng, FR_FEMALE if female else FR_MALE)}"
        written = f"{first} {last}"
        if female and rng.random() < 0.1:
            others.append(f"{first} {pick(rng, last_names)}")  # a married or maiden name
        return written, others, nickname

    def place(self, origin: str) -> tuple[str, str, str]:
        """(place, city, country): mostly where the person sought is from, otherwise anywhere."""
        rng = self.rng
        region = origin if rng.random() < 0.6 else pick(rng, ORIGINS)
        if region == "pl" and rng.random() < 0.3:
            region = "de"
        city, country, places = PLACES[region][rng.randrange(len(PLACES[region]))]
        roll = rng.random()
        if roll < 0.75:
            return pick(rng, places), city, country
        if roll < 0.9:
            return "", city, country
        return "", "", country

    def story(self, origin: str, place: str, city: str, year: int) -> str:
        """One or two sentences, in English mostly, some in Chinese, German or Spanish."""
        rng = self.rng
        where = place or city or "that town"
        roll = rng.random()
        if (origin == "zh" and roll < 0.6) or roll < 0.05:
            text = f"我们{year}年在{where}认识，{pick(rng, ZH_ACTIVITIES)}。"
            return text + (pick(rng, ZH_DETAILS) if rng.random() < 0.7 else "")
        if origin == "de" and roll < 0.4:
            return pick(rng, DE_STORIES).format(year=year, place=where)
        if origin == "es" and roll < 0.4:
            return pick(rng, ES_STORIES).format(year=year, place=where)
        text = f"We met at {where} in {year} and {pick(rng, EN_ACTIVITIES)}."
        return text + (f" {pick(rng, EN_DETAILS)}" if rng.random() < 0.7 else "")

    def request(self) -> dict[str, Any]:
        """Field values for one published request."""
        rng = self.rng
        origin = rng.choices(ORIGINS, weights=ORIGIN_WEIGHTS)[0]
        female = rng.random() < 0.5
        sought, others, nickname = self.name(origin, female)
        poster_origin = origin if rng.random() < 0.5 else pick(rng, ORIGINS)
        poster_name = self.name(poster_origin, rng.random() < 0.5)[0] if rng.random() < 0.7 else ""
        place, city, country = self.place(origin)
        year_from = rng.randint(1965, 2024)
        year_to = min(2025, year_from + rng.choice((0, 0, 1, 1, 2, 3, 4)))
        short = sought.split()[0] if origin not in ("zh", "vi") else sought
        if origin == "zh" and rng.random() < 0.5:
            title = f"寻找{sought}，{year_from}年在{city or place or '国外'}认识的朋友"
        else:
            title = f"Looking for {short}, whom I met in {city or place or 'my youth'}"
        created = REFERENCE_DATE - timedelta(days=rng.uniform(0, SPREAD_DAYS))
        published = created + timedelta(hours=rng.uniform(0.1, 48))
        languages = [LANGUAGES[poster_origin]]
        if languages != ["en"] and rng.random() < 0.6:
            languages.append("en")
        return {
            "title": title[:140],
            "sought_name": sought,
            "sought_other_names": ", ".join(others),
            "sought_nickname": nickname,
            "relationship": pick(rng, RELATIONSHIPS),
            "met_place": place,
            "met_city": city,
            "met_country": country,
            "year_from": year_from if rng.random() < 0.9 else None,
            "year_to": year_to,
            "now_country": pick(rng, ("", "", "US", "DE", "CN", "FR", "GB", "ES", "CA", "AU", "VN", "PL")),
            "story": self.story(origin, place, city, year_from),
            "languages": languages,
            "poster_then_name": poster_name,
            "poster_then_nickname": "",
            "moderation": "published",
            "created_at": created,
            "published_at": published,
            "last_activity_at": published + timedelta(days=rng.uniform(0, 60)),
        }


@functools.cache
def query_blocker() -> Callable[[str], bool]:
    """A test for names the corpus' name queries would find by an exact key (typos aside)."""
    from posts.search.namekeys import name_forms
    from tests.search.corpus import QUERIES

    wholes: set[str] = set()
    word_sets: list[list[frozenset[str]]] = []
    for text, kind, _must, _must_not in QUERIES:
        if kind == "place":
            continue
        forms = name_forms(text)
        wholes |= forms.whole
        if len(forms.words) > 1:
            word_sets.append(list(forms.words))

    word_keys = frozenset().union(*(word for words in word_sets for word in words))

    @functools.lru_cache(maxsize=200_000)
    def blocked(name: str) -> bool:
        keys = name_forms(name).keys
        if keys & wholes:
            return True
        if not keys & word_keys:
            return False
        return any(all(word & keys for word in words) for words in word_sets)

    return blocked


# Database -------------------------------------------------------------------------------------


def database_url(args: argparse.Namespace) -> str:
    """The DATABASE_URL of the bench database."""
    return args.postgres_url if args.postgres else f"sqlite:///{SQLITE_PATH}"


def recreate_postgres(url: str, *, drop: bool) -> None:
    """Create the bench database if missing (dropping it first when asked), with psycopg."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if drop:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def wipe(args: argparse.Namespace) -> None:
    """Start from an empty bench database (Django connections are closed first)."""
    from django.db import connections

    connections.close_all()
    if args.postgres:
        recreate_postgres(args.postgres_url, drop=True)
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def migrate() -> None:
    """Apply the project's migrations to the bench database."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# Loading --------------------------------------------------------------------------------------

CORPUS_FIELDS = (
    "title",
    "sought_name",
    "sought_other_names",
    "sought_nickname",
    "relationship",
    "met_place",
    "met_city",
    "met_country",
    "year_from",
    "year_to",
    "now_country",
    "story",
    "poster_then_name",
    "poster_then_nickname",
    "moderation",
)


def create_authors(count: int) -> list[int]:
    """A few hundred members to author the requests; returns their ids."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    password = make_password(None)  # unusable: nobody logs in as a bench author
    users = [
        User(email=f"bench-{i}@example.com", display_name=f"Bench member {i}", password=password, languages=["en"])
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    return list(User.objects.filter(email__startswith="bench-").values_list("pk", flat=True))


def corpus_requests(rng: random.Random) -> Iterator[dict[str, Any]]:
    """The 66 corpus requests as field values, published ones with a publication date."""
    from tests.search.corpus import CORPUS

    for entry in CORPUS:
        values = {name: entry[name] for name in CORPUS_FIELDS}
        created = REFERENCE_DATE - timedelta(days=rng.uniform(0, SPREAD_DAYS))
        values["created_at"] = values["last_activity_at"] = created
        values["published_at"] = created if entry["moderation"] == "published" else None
        yield values


Prepared = tuple[dict[str, Any], list[tuple[str, str, str]]]


def prepare_batch(spec: tuple[int, int, int]) -> tuple[list[Prepared], int, float]:
    """Generate and index one batch: field values with the search columns filled, and (kind, name, key)s.

    Pure computation, no database: it runs in a worker process while the main one writes.
    The first batch starts with the corpus. Returns the rows, names rejected, and seconds taken.
    """
    from posts.models import Post
    from posts.search.index import build_index

    started = time.perf_counter()
    seed, index, size = spec
    generator = Generator(seed * 100_003 + index, query_blocker())
    values = list(corpus_requests(random.Random(seed))) if index == 0 else []
    values += [generator.request() for _ in range(size - len(values))]
    rows = []
    for fields in values:
        columns, keys = build_index(Post(**fields))
        rows.append(({**fields, **columns}, [(key.kind, key.name, key.key, key.quality) for key in keys]))
    return rows, generator.rejected, time.perf_counter() - started


def load(args: argparse.Namespace) -> dict[str, float]:
    """Load args.requests requests in batches; returns seconds per phase.

    A worker process generates each batch and computes its index with `build_index` (the
    search columns and name keys, without writing); the main process bulk-creates the
    requests with their search columns, then the name keys, then adds to the vocabulary.
    """
    import multiprocessing

    from django.db import connection, connections, transaction

    from posts.models import NameKey, Post
    from posts.search.index import add_to_vocabulary, vocabulary_keys, write_name_keys

    names = ("authors", "wait", "objects", "insert", "keys", "vocabulary+variants", "trigram indexes", "analyze")
    phases = dict.fromkeys(names, 0.0)
    started = time.perf_counter()
    clock = [started]

    def lap(phase: str) -> None:
        now = time.perf_counter()
        phases[phase] += now - clock[0]
        clock[0] = now

    authors = create_authors(AUTHORS)
    rng = random.Random(args.seed)
    sizes = [min(args.batch, args.requests - start) for start in range(0, args.requests, args.batch)]
    specs = [(args.seed, index, size) for index, size in enumerate(sizes)]
    pool = None
    if args.workers:
        connections.close_all()  # the forked workers never touch the database
        pool = multiprocessing.get_context("fork").Pool(args.workers)
        batches: Iterator[tuple[list[Prepared], int, float]] = pool.imap(prepare_batch, specs)
    else:
        batches = map(prepare_batch, specs)
    trigram = importlib.import_module("posts.migrations.0004_postgres_trigram_indexes")
    if connection.vendor == "postgresql":
        # Bulk-load practice: build the trigram GIN indexes once at the end, not row by row.
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            for statement in trigram.BACKWARD:
                cursor.execute(statement)
    lap("authors")
    loaded = rejected = 0
    prepare_seconds = 0.0
    known_keys: set[str] = set()
    try:
        for rows, batch_rejected, seconds in batches:
            lap("wait")
            rejected += batch_rejected
            prepare_seconds += seconds
            posts = [Post(author_id=pick(rng, authors), **fields) for fields, _keys in rows]
            keys = [
                NameKey(post=post, kind=kind, name=name, key=key, quality=quality)
                for post, (_fields, post_keys) in zip(posts, rows, strict=True)
                for kind, name, key, quality in post_keys
            ]
            lap("objects")
            with transaction.atomic():
                Post.objects.bulk_create(posts)
                lap("insert")
                write_name_keys(keys)  # post ids are taken from the saved posts
                lap("keys")
                new_keys = vocabulary_keys(keys) - known_keys  # earlier batches added the rest
                add_to_vocabulary(new_keys)
                known_keys |= new_keys
                lap("vocabulary+variants")
            loaded += len(posts)
            print(f"  loaded {loaded:>7,} requests, {time.perf_counter() - started:6.1f} s", flush=True)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in trigram.FORWARD:  # the migration's own statements
                cursor.execute(statement)
            lap("trigram indexes")
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would soon do after a bulk load
        lap("analyze")
    phases["generate+index (worker)"] = prepare_seconds
    print(f"  generated names rejected as too close to the query table's answers: {rejected:,}")
    phases["total"] = time.perf_counter() - started
    return phases


# Measuring ------------------------------------------------------------------------------------


def search(text: str) -> tuple[int, tuple[float, float, float]]:
    """Run one search as the list page does; returns (count, seconds for filter, first page, count)."""
    from django.http import QueryDict

    from posts.models import Post
    from posts.search.filters import PostFilter

    data = QueryDict(mutable=True)
    data["q"] = text
    t0 = time.perf_counter()
    qs = PostFilter(data, queryset=Post.objects.published()).qs
    t1 = time.perf_counter()
    list(qs[:20])
    t2 = time.perf_counter()
    count = qs.count()
    t3 = time.perf_counter()
    return count, (t1 - t0, t2 - t1, t3 - t2)


def percentile(values: list[float], share: float) -> float:
    """The share-th quantile of values, linearly interpolated."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def pk_baseline(repeat: int, rng: random.Random) -> list[float]:
    """Seconds for `Post.objects.get(pk=...)` on random requests."""
    from posts.models import Post

    pks = list(Post.objects.values_list("pk", flat=True))
    samples = []
    for _ in range(repeat):
        pk = pick(rng, pks)
        tick = time.perf_counter()
        Post.objects.get(pk=pk)
        samples.append(time.perf_counter() - tick)
    return samples


# The lookup before issue 10, to compare with in the same run -------------------------------


class LegacyVocabulary:
    """SQLite's former typo lookup: every vocabulary key by length, in memory, scanned with rapidfuzz."""

    def __init__(self) -> None:
        self.by_length: dict[int, list[str]] = {}
        self.last_id = 0

    def refresh(self) -> None:
        from posts.models import NameVocabulary

        rows = NameVocabulary.objects.filter(pk__gt=self.last_id).order_by("pk").values_list("pk", "key")
        for pk, key in rows.iterator(chunk_size=10_000):
            self.by_length.setdefault(len(key), []).append(key)
            self.last_id = pk

    def near(self, key: str, edits: int) -> set[str]:
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import extract

        found: set[str] = set()
        for length in range(len(key) - edits, len(key) + edits + 1):
            choices = self.by_length.get(length)
            if choices:
                matches = extract(key, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
                found.update(match for match, _score, _i in matches)
        return found


LEGACY_VOCABULARY = LegacyVocabulary()


def legacy_trigram_floor(key: str, edits: int) -> float:
    padded = f"  {key} "
    trigrams = len({padded[i : i + 3] for i in range(len(padded) - 2)})
    return max(0.1, (trigrams - 4 * edits) / (trigrams + 4 * edits) - 1e-9)


def legacy_near_keys(keys: Any) -> dict[str, set[str]]:
    """`posts.search.query.near_keys` as it was: pg_trgm `%` per key on PostgreSQL, the scan on SQLite."""
    from django.db import connection
    from rapidfuzz.distance import OSA

    from posts.models import NameVocabulary
    from posts.search.namekeys import allowed_edits

    keys = set(keys)
    fuzzy = {key for key in keys if allowed_edits(key)}
    result = {key: {key} for key in keys}
    if connection.vendor == "postgresql":
        for key in fuzzy:
            limit = allowed_edits(key)
            with connection.cursor() as cursor:
                cursor.execute("SET pg_trgm.similarity_threshold = %s", [legacy_trigram_floor(key, limit)])
            candidates = NameVocabulary.objects.filter(key__trigram_similar=key).values_list("key", flat=True)
            result[key].update(c for c in candidates if OSA.distance(key, c, score_cutoff=limit) <= limit)
    elif fuzzy:
        LEGACY_VOCABULARY.refresh()
        for key in fuzzy:
            result[key].update(LEGACY_VOCABULARY.near(key, allowed_edits(key)))
    return result


MODES = ("before", "after", "cached")


class Mode:
    """Switch the search to one of MODES (before: the former lookups; after: no cache; cached: as deployed)."""

    def __init__(self) -> None:
        from posts.search import query

        self.query = query
        self.saved = {name: getattr(query, name) for name in ("near_keys", "MAX_HAN_GRAM", "cached_ids", "store_ids")}

    def set(self, mode: str) -> None:
        for name, value in self.saved.items():
            setattr(self.query, name, value)
        if mode != "cached":
            self.query.cached_ids = lambda *args, **kwargs: None
            self.query.store_ids = lambda *args, **kwargs: None
        if mode == "before":
            self.query.near_keys = legacy_near_keys
            self.query.MAX_HAN_GRAM = 0  # Chinese words of one or two characters by LIKE, as before

    def reset(self) -> None:
        self.set("cached")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Warm-up, then every query args.repeat times (in rounds, each mode in turn) and the primary-key baseline."""
    from django.core.cache import cache

    from tests.search.corpus import QUERIES

    modes = MODES if args.compare else ("after", "cached")
    switch = Mode()
    cache.clear()
    tick = time.perf_counter()
    if args.compare:
        switch.set("before")
        legacy_near_keys({"warmup"})  # on SQLite: the former in-memory vocabulary, read once per process
    vocabulary = time.perf_counter() - tick
    first_text = QUERIES[0][0]
    switch.set("after")
    tick = time.perf_counter()
    search(first_text)
    warmup = time.perf_counter() - tick

    rng = random.Random(args.seed)
    pk_samples: list[float] = []
    per_query: dict[str, list[dict[str, Any]]] = {
        mode: [
            {"query": text, "kind": kind, "samples": [], "parts": [], "count": 0}
            for text, kind, _must, _must_not in QUERIES
        ]
        for mode in modes
    }
    try:
        for _round in range(args.repeat):
            pk_samples += pk_baseline(max(1, args.pk_repeat // args.repeat), rng)
            for index in range(len(QUERIES)):
                for mode in modes:
                    switch.set(mode)
                    entry = per_query[mode][index]
                    tick = time.perf_counter()
                    count, parts = search(entry["query"])
                    entry["samples"].append(time.perf_counter() - tick)
                    entry["parts"].append(parts)
                    entry["count"] = count
    finally:
        switch.reset()
    for mode in modes:
        if mode != "after":
            for new, other in zip(per_query["after"], per_query[mode], strict=True):
                assert new["count"] == other["count"], (mode, new["query"], new["count"], other["count"])
    return {
        "vocabulary_load_s": vocabulary,
        "warmup_s": warmup,
        "warmup_query": first_text,
        "pk_samples": pk_samples,
        "modes": per_query,
        "queries": per_query["after"],
    }


def summarize(results: dict[str, Any], queries: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Median and 95th percentile per kind and overall, in ms, with the ratio to the pk lookup."""
    pk_median = statistics.median(results["pk_samples"])
    rows: dict[str, Any] = {}
    queries = results["queries"] if queries is None else queries
    for kind in (*KINDS, "all"):
        chosen = [q for q in queries if kind in ("all", q["kind"])]
        if not chosen:
            continue
        samples = [s for q in chosen for s in q["samples"]]
        parts = [p for q in chosen for p in q["parts"]]
        rows[kind] = {
            "queries": len(chosen),
            "median_ms": statistics.median(samples) * 1000,
            "p95_ms": percentile(samples, 0.95) * 1000,
            "ratio_to_pk": statistics.median(samples) / pk_median,
            "p95_ratio_to_pk": percentile(samples, 0.95) / percentile(results["pk_samples"], 0.95),
            "filter_ms": statistics.median(p[0] for p in parts) * 1000,
            "page_ms": statistics.median(p[1] for p in parts) * 1000,
            "count_ms": statistics.median(p[2] for p in parts) * 1000,
            "matches_median": statistics.median(q["count"] for q in chosen),
        }
    return {"pk_median_ms": pk_median * 1000, "pk_p95_ms": percentile(results["pk_samples"], 0.95) * 1000, **rows}


def print_table(summary: dict[str, Any]) -> None:
    """The per-kind table."""
    header = (
        f"  {'kind':<12}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'x pk':>8}"
        f"{'filter':>9}{'page':>8}{'count':>8}{'matches':>9}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind in (*KINDS, "all"):
        row = summary.get(kind)
        if row is None:
            continue
        print(
            f"  {kind:<12}{row['queries']:>8}{row['median_ms']:>11.1f}{row['p95_ms']:>9.1f}{row['ratio_to_pk']:>8.0f}"
            f"{row['filter_ms']:>9.1f}{row['page_ms']:>8.1f}{row['count_ms']:>8.1f}{row['matches_median']:>9.0f}"
        )
    print(f"  pk lookup: median {summary['pk_median_ms']:.3f} ms, p95 {summary['pk_p95_ms']:.3f} ms")


def print_comparison(results: dict[str, Any]) -> dict[str, Any]:
    """Per kind: median and p95 of each mode as multiples of the pk lookup of the same rounds."""
    summaries = {mode: summarize(results, queries) for mode, queries in results["modes"].items()}
    modes = list(summaries)
    header = f"  {'kind':<12}" + "".join(f"{mode + ' med/p95 x pk':>24}" for mode in modes) + f"{'after/before':>14}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for kind in (*KINDS, "all"):
        if kind not in summaries[modes[0]]:
            continue
        cells = "".join(
            f"{summaries[m][kind]['ratio_to_pk']:>15.0f} / {summaries[m][kind]['p95_ratio_to_pk']:<6.0f}" for m in modes
        )
        speedup = ""
        if "before" in summaries:
            speedup = f"{summaries['after'][kind]['median_ms'] / summaries['before'][kind]['median_ms']:>14.2f}"
        print(f"  {kind:<12}{cells}{speedup}")
    return summaries


def print_queries(results: dict[str, Any]) -> None:
    """One line per query: median, its parts, and how many requests it finds."""
    print(f"  {'query':<28}{'kind':<12}{'median ms':>10}{'filter':>8}{'page':>8}{'count':>8}{'matches':>9}")
    for entry in results["queries"]:
        median = statistics.median(entry["samples"]) * 1000
        filter_ms, page_ms, count_ms = (statistics.median(p[i] for p in entry["parts"]) * 1000 for i in range(3))
        print(
            f"  {entry['query']:<28}{entry['kind']:<12}{median:>10.1f}"
            f"{filter_ms:>8.1f}{page_ms:>8.1f}{count_ms:>8.1f}{entry['count']:>9,}"
        )


# Main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="benchmark PostgreSQL instead of SQLite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help=f"PostgreSQL bench database ({POSTGRES_URL})")
    parser.add_argument("--requests", type=int, default=100_000, help="requests to load (default 100000)")
    parser.add_argument("--reload", action="store_true", help="drop the bench database and load afresh")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (default 5; 0: only load)")
    parser.add_argument("--pk-repeat", type=int, default=500, help="primary-key lookups for the baseline")
    parser.add_argument("--batch", type=int, default=2000, help="requests per loading batch (default 2000)")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes generating and indexing batches (0: inline; default 1)"
    )
    parser.add_argument("--seed", type=int, default=20261128, help="random seed of the generated data")
    parser.add_argument("--per-query", action="store_true", help="also print one line per query")
    parser.add_argument("--compare", action="store_true", help="also run the former lookups, side by side")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/out/search-<vendor>.json")
    args = parser.parse_args(argv)
    if args.requests < 66:
        parser.error("--requests must be at least 66 (the corpus)")
    return args


def setup_django(args: argparse.Namespace) -> None:
    """Point the settings at the bench database and start Django."""
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url(args)
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconnect.settings")
    sys.path.insert(0, str(ROOT))
    if args.postgres:
        recreate_postgres(args.postgres_url, drop=False)

    import django
    from django.conf import settings

    django.setup()
    # DJANGO_DEBUG=1 only spares the bench a secret key. Left on, every query would be logged and,
    # on SQLite, re-run through QUOTE() to render it: overhead the site in production does not pay.
    settings.DEBUG = False


def database_size() -> str:
    """The bench database's size on disk, for the record."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            return cursor.fetchone()[0]
    return f"{SQLITE_PATH.stat().st_size / 2**20:.0f} MB"


def main(argv: list[str] | None = None) -> None:
    """Load if needed, measure, print, and write the JSON record."""
    args = parse_args(argv)
    setup_django(args)

    from django.db import connection

    from posts.models import KeyDeletion, NameKey, NameVocabulary, Post

    if args.reload:
        wipe(args)
    migrate()
    vendor = connection.vendor
    print(f"database: {vendor} ({database_url(args)})")
    load_phases: dict[str, float] | None = None
    existing = Post.objects.count()
    if existing >= args.requests:
        print(f"already holds {existing:,} requests: not loading (use --reload to load afresh)")
    else:
        if existing:
            print(f"holds only {existing:,} requests: loading afresh")
            wipe(args)
            migrate()
        print(f"loading {args.requests:,} requests in batches of {args.batch:,}")
        load_phases = load(args)
        parts = ", ".join(f"{name} {sec:.1f}" for name, sec in load_phases.items() if name != "total" and sec)
        print(f"load time: {load_phases['total']:.1f} s ({parts})")

    if vendor == "postgresql":
        # A load cut short may have left the trigram indexes dropped: the migration's statements are idempotent.
        # They include the vocabulary's (dropped by 0015), which only --compare's former lookup uses.
        with connection.cursor() as cursor:
            for statement in importlib.import_module("posts.migrations.0004_postgres_trigram_indexes").FORWARD:
                cursor.execute(statement)

    info = {
        "vendor": vendor,
        "version": connection.Database.sqlite_version if vendor == "sqlite" else connection.pg_version,
        "requests": Post.objects.count(),
        "published": Post.objects.published().count(),
        "name_keys": NameKey.objects.count(),
        "vocabulary": NameVocabulary.objects.count(),
        "variants": KeyDeletion.objects.count(),
        "size": database_size(),
        "repeat": args.repeat,
        "date": datetime.now(UTC).date().isoformat(),
        # Others edit the search while the bench runs: record which code was measured.
        "code": {
            name: hashlib.sha256((ROOT / name).read_bytes()).hexdigest()[:12]
            for name in (
                "posts/search/index.py",
                "posts/search/query.py",
                "posts/search/typos.py",
                "posts/search/namekeys.py",
                "posts/search/filters.py",
            )
        },
    }
    print(
        f"requests {info['requests']:,} ({info['published']:,} published), name keys {info['name_keys']:,}, "
        f"vocabulary {info['vocabulary']:,}, deletion variants {info['variants']:,}, database {info['size']}"
    )
    if args.repeat < 1:
        return
    results = measure(args)
    summary = summarize(results)
    if args.compare and vendor == "sqlite":
        print(f"warm-up of the former lookup: the vocabulary into memory {results['vocabulary_load_s'] * 1000:.0f} ms")
    print(f"warm-up: first query {results['warmup_query']!r} {results['warmup_s'] * 1000:.0f} ms")
    filtered = "parse, typo lookup, name keys, text matches by id"
    print(f"latency over {len(results['queries'])} queries x {args.repeat} runs, no cache (filter = {filtered}):")
    print_table(summary)
    print("side by side, each mode in turn in every round, as multiples of the pk lookup of the same rounds:")
    summaries = print_comparison(results)
    if args.per_query:
        print_queries(results)
    if not args.no_json:
        record = {
            **info,
            "load_s": load_phases,
            "vocabulary_load_ms": results["vocabulary_load_s"] * 1000,
            "warmup_ms": results["warmup_s"] * 1000,
            "summary": summary,
            "summaries": summaries,
            "queries": [
                {
                    "query": q["query"],
                    "kind": q["kind"],
                    "matches": q["count"],
                    "median_ms": statistics.median(q["samples"]) * 1000,
                    "samples_ms": [s * 1000 for s in q["samples"]],
                }
                for q in results["queries"]
            ],
        }
        path = OUT / f"search-{vendor}.json"
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
