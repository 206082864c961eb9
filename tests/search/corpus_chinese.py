"""Chinese names in the romanisations people use (issue 13): people, queries and rankings for the corpus.

`tests/search/corpus.py` extends its `CORPUS`, `QUERIES` and `RANKINGS` with these. Every
request here is written in Chinese characters only, with no other names, so each query tests
the keys `posts.search.names_chinese` derives (see its module docstring for the rules and
their sources). `must` is every published request the rules return; look-alikes (same family
name and a similar given name, the same reading in other characters) are planted beside the
people, and the queries of kind "nothing" must find none of them.

What the rules leave out, and so the corpus does not ask: given names in Hokkien, Teochew or
Hakka ("Tan Ah Kow", "Khoo Boon Hock" find nobody by the given name), Macau's given-name
spellings (only its surname table), and Mandarin Phonetic Symbols II beyond the surname table.
"""


def _person(key: str, sought_name: str, *, city: str = "Taipei", country: str = "TW") -> dict:
    return {
        "key": key,
        "title": "Looking for a friend from the language school",
        "sought_name": sought_name,
        "sought_other_names": "",
        "sought_nickname": "",
        "relationship": "friend",
        "met_place": "Mandarin Training Center",
        "met_city": city,
        "met_country": country,
        "year_from": 2009,
        "year_to": 2011,
        "now_country": "",
        "story": "We shared a desk in the evening class and cooked dumplings on Fridays.",
        "poster_then_name": f"Classmate {key.replace('-', ' ').title()}",
        "poster_then_nickname": "",
        "moderation": "published",
    }


HK = {"city": "Kowloon", "country": "HK"}  # not "Hong Kong": "Xie Hong" would find its text
SG = {"city": "Singapore", "country": "SG"}

CORPUS_CHINESE = [
    # Mandarin: ü, tones, erhua
    _person("lv-ting", "吕婷", city="Beijing", country="CN"),
    _person("lu-ting", "卢婷", city="Beijing", country="CN"),  # Lu in pinyin: the reading, above Lü
    _person("nv-xiaoyu", "女小雨", city="Beijing", country="CN"),
    _person("xiaohong-er", "小红儿", city="Beijing", country="CN"),
    _person("li-xiaohong", "李小红", city="Beijing", country="CN"),
    # Taiwan
    _person("chen-jianhong", "陳建宏"),
    _person("chen-jianhong-other", "陳建紅"),  # same reading, other characters
    _person("chou-yating", "周雅婷"),
    _person("hsieh-meiling", "謝美玲"),
    _person("xie-meiling-jie", "解美玲"),  # 解 as a family name is Xie too
    _person("yeh-shuhua", "葉淑華"),
    _person("chuang-chihhao", "莊志豪"),
    _person("tsai-yiling", "蔡宜玲"),
    _person("kuo-wenhsiung", "郭文雄"),
    _person("hsu-chiaying", "許家瑩"),
    _person("hsu-chiaying-other", "徐家瑩"),  # Xu and Hsu too, other family name
    _person("lin-junjie", "林俊傑"),
    # Hong Kong
    _person("chan-waikeung", "陳偉強", **HK),
    _person("chan-waikeung-other", "陳惠強", **HK),  # Wai Keung in Cantonese too
    _person("lau-kayan", "劉嘉欣", **HK),
    _person("chow-kwokming", "周國明", **HK),
    _person("kwok-siuwai", "郭小慧", **HK),
    _person("tse-kafai", "謝家輝", **HK),
    _person("fung-yukchun", "馮玉珍", **HK),
    _person("cheung-mankit", "張文傑", **HK),
    _person("leung-chihang", "梁志恒", **HK),
    _person("wong-siufung", "黃少鋒", **HK),
    # Singapore and Malaysia
    _person("tan-meiling", "陳美玲", **SG),
    _person("lim-weiming", "林偉明", **SG),
    _person("teo-huiling", "張慧玲", **SG),
    _person("khoo-wenfu", "邱文福", **SG),
    _person("ang-jiahui", "洪佳慧", **SG),
    _person("ong-xiaowen", "王曉雯", **SG),
    _person("koh-jiawei", "許嘉偉", **SG),
    _person("tay-lifen", "鄭麗芬", **SG),
    _person("chua-peishan", "蔡佩珊", **SG),
    _person("yeo-junhao", "楊俊豪", **SG),
    # Honorifics and roles written as the name
    _person("wang-laoshi", "王老师", city="Nanjing", country="CN"),
    _person("li-xiansheng", "李先生", city="Nanjing", country="CN"),
    _person("zhang-ayi", "张阿姨", city="Nanjing", country="CN"),
    _person("a-ming", "阿明", city="Guangzhou", country="CN"),
]

# (query, kind, must, must_not). Sets are of request keys; several queries share look-alikes.
_TW_CHEN = {"chen-jianhong", "chen-jianhong-other"}
_MEILING = {"hsieh-meiling", "xie-meiling-jie"}
_HSU = {"hsu-chiaying", "hsu-chiaying-other"}
_WAIKEUNG = {"chan-waikeung", "chan-waikeung-other"}
_LI_XIANGCAN = {"li-xiangcan-wuhan", "li-xiangcan-traditional", "li-xiangcan-pinyin-only", "li-xiangcan-other-chars"}

_LI = {
    "li-min",
    "li-ming-simon",
    "li-xiangcan-other-chars",
    "li-xiangcan-pinyin-only",
    "li-xiangcan-traditional",
    "li-xiangcan-wuhan",
    "li-xiaohong",
    "mo-li",
    "wan-li",
}
_LI_CHEN = {
    "chan-waikeung",
    "chan-waikeung-other",
    "chen-jianhong",
    "chen-jianhong-other",
    "chen-ming",
    "chen-minghua-pinyin",
    "david-seeks-chen-minghua",
    "tan-meiling",
}
_WANG = {
    "huang-meiling-traditional",
    "ong-xiaowen",
    "wang-dan",
    "wang-fang-airport",
    "wang-fang-other-chars",
    "wang-shi",
    "wong-siufung",
}

QUERIES_CHINESE = [
    # --- Mandarin: tone marks and numbers, spaces and hyphens ------------------------------------------
    ("Lǐ Xiǎngcàn", "pinyin-tone", _LI_XIANGCAN, {"li-xiangcan-hidden", "li-ming-simon"}),
    ("li3 xiang3can4", "pinyin-tone", _LI_XIANGCAN, {"li-xiangcan-hidden", "li-ming-simon"}),
    ("Li3 Xiang3-can4", "pinyin-tone", _LI_XIANGCAN, {"li-xiangcan-hidden"}),
    ("li3xiang3can4", "pinyin-tone", _LI_XIANGCAN, {"li-xiangcan-hidden"}),
    ("Xiǎngcàn Lǐ", "pinyin-tone", _LI_XIANGCAN, {"li-xiangcan-hidden"}),
    ("LI Xiang-Can", "pinyin-tone", _LI_XIANGCAN, {"li-xiangcan-hidden"}),
    ("Chén Jiànhóng", "pinyin-tone", _TW_CHEN, set()),
    ("chen2 jian4hong2", "pinyin-tone", _TW_CHEN, set()),
    ("Chen Jian-hong", "pinyin-tone", _TW_CHEN, set()),
    ("Jianhong Chen", "pinyin-tone", _TW_CHEN, set()),
    ("Zhōu Yǎtíng", "pinyin-tone", {"chou-yating"}, set()),
    ("zhou1 ya3ting2", "pinyin-tone", {"chou-yating"}, set()),
    ("Xǔ Jiāyíng", "pinyin-tone", _HSU, set()),
    ("xu3 jia1 ying2", "pinyin-tone", _HSU, set()),
    ("Cài Yílíng", "pinyin-tone", {"tsai-yiling"}, set()),
    ("Guo Wen-xiong", "pinyin-tone", {"kuo-wenhsiung"}, set()),
    ("Wenxiong Guo", "pinyin-tone", {"kuo-wenhsiung"}, set()),
    # --- Mandarin: ü as v, u or yu; erhua ------------------------------------------------------------
    ("Lü Ting", "pinyin-u", {"lv-ting", "lu-ting"}, set()),
    ("Lǚ Tíng", "pinyin-u", {"lv-ting", "lu-ting"}, set()),
    ("Lv Ting", "pinyin-u", {"lv-ting", "lu-ting"}, set()),  # luting is one slip from lvting
    ("Lyu Ting", "pinyin-u", {"lv-ting", "lu-ting"}, set()),  # lyuting: one slip from luting
    ("lv3 ting2", "pinyin-u", {"lv-ting", "lu-ting"}, set()),
    ("Lu Ting", "pinyin-u", {"lu-ting", "lv-ting"}, set()),
    ("Ting Lyu", "pinyin-u", {"lv-ting", "lu-ting"}, set()),
    ("吕婷", "pinyin-u", {"lv-ting", "lu-ting"}, set()),  # Lu, as Taiwan writes 吕
    ("呂婷", "pinyin-u", {"lv-ting", "lu-ting"}, set()),
    ("Nü Xiaoyu", "pinyin-u", {"nv-xiaoyu"}, set()),
    ("Nyu Xiaoyu", "pinyin-u", {"nv-xiaoyu"}, set()),
    ("Nv Xiaoyu", "pinyin-u", {"nv-xiaoyu"}, set()),
    ("Xiaohongr", "erhua", {"xiaohong-er", "li-xiaohong"}, set()),
    ("Xiaohonger", "erhua", {"xiaohong-er", "li-xiaohong"}, set()),
    ("小红儿", "erhua", {"xiaohong-er", "li-xiaohong"}, set()),
    ("小紅兒", "erhua", {"xiaohong-er", "li-xiaohong"}, set()),
    ("Xiaohong", "erhua", {"xiaohong-er", "li-xiaohong"}, set()),
    ("小红", "erhua", {"xiaohong-er", "li-xiaohong", "ang-jiahui", "jie-hong", "xie-hong"}, set()),  # also 红
    # --- Taiwan: Wade–Giles with and without apostrophes and umlauts --------------------------------------
    ("Ch'en Chien-hung", "wade-giles", _TW_CHEN, set()),
    ("Chen Chien-hung", "wade-giles", _TW_CHEN, set()),
    ("Chen Chien Hung", "wade-giles", _TW_CHEN, set()),
    ("Chien-hung Chen", "wade-giles", _TW_CHEN, set()),
    ("Chen Chienhung", "wade-giles", _TW_CHEN, set()),
    ("Chou Ya-t'ing", "wade-giles", {"chou-yating"}, set()),
    ("Chou Ya-ting", "wade-giles", {"chou-yating"}, set()),
    ("Ya-ting Chou", "wade-giles", {"chou-yating"}, set()),
    ("Hsieh Mei-ling", "wade-giles", _MEILING, {"tan-meiling"}),
    ("Hsieh Meiling", "wade-giles", _MEILING, {"tan-meiling"}),
    ("Yeh Shu-hua", "wade-giles", {"yeh-shuhua"}, set()),
    ("Shu-hua Yeh", "wade-giles", {"yeh-shuhua"}, set()),
    ("Chuang Chih-hao", "wade-giles", {"chuang-chihhao"}, set()),
    ("Ts'ai I-ling", "wade-giles", {"tsai-yiling"}, set()),
    ("Tsai I-ling", "wade-giles", {"tsai-yiling"}, set()),
    ("Kuo Wen-hsiung", "wade-giles", {"kuo-wenhsiung"}, set()),
    ("Kuo Wen Hsiung", "wade-giles", {"kuo-wenhsiung"}, set()),
    ("Hsü Chia-ying", "wade-giles", _HSU, set()),
    ("Hsu Chia-ying", "wade-giles", _HSU, set()),
    ("Hsu Chiaying", "wade-giles", _HSU, set()),
    ("Lin Chün-chieh", "wade-giles", {"lin-junjie"}, set()),
    ("Lin Chun-chieh", "wade-giles", {"lin-junjie"}, set()),
    ("Liu Chia-hsin", "wade-giles", {"lau-kayan"}, set()),
    ("Chou Kuo-ming", "wade-giles", {"chow-kwokming"}, set()),
    ("Kuo Hsiao-hui", "wade-giles", {"kwok-siuwai"}, set()),
    ("Hsieh Chia-hui", "wade-giles", {"tse-kafai"}, set()),
    ("Chang Wen-chieh", "wade-giles", {"cheung-mankit"}, set()),
    ("Liang Chih-heng", "wade-giles", {"leung-chihang"}, set()),
    # --- Taiwan: passport spellings of family names ---------------------------------------------------
    ("Chou", "tw-passport", {"chou-yating", "chow-kwokming", "chou-ping", "zhou-he"}, set()),
    ("Yeh", "tw-passport", {"yeh-shuhua"}, set()),
    ("Hsieh", "tw-passport", {"hsieh-meiling", "xie-meiling-jie", "tse-kafai", "xie-hong"}, set()),
    # "chuang" is one slip from the reading "huang" (黄).
    # Korean names of the world corpus (corpus_world.py) share these spellings: Korean 이 is 李 (Lee), 최 is
    # spelled Choi like Cantonese 蔡, 장 Chang like 张, and Chuang is one letter from Korean 정 "Chung".
    ("Chuang", "tw-passport", {"chuang-chihhao", "huang-meiling-traditional", "wong-siufung", "ko-jung-subin"}, set()),
    ("Tsai", "tw-passport", {"tsai-yiling", "chua-peishan"}, set()),
    ("Kuo", "tw-passport", {"kuo-wenhsiung", "kwok-siuwai"}, set()),
    ("Shieh Mei-ling", "tw-passport", {"hsieh-meiling"}, {"xie-meiling-jie", "tan-meiling"}),
    ("Tsay Yi-ling", "tw-passport", {"tsai-yiling"}, set()),
    ("Lee Xiangcan", "tw-passport", _LI_XIANGCAN, {"li-xiangcan-hidden"}),
    ("Lee Hsiang-ts'an", "tw-passport", _LI_XIANGCAN - {"li-xiangcan-pinyin-only"}, {"li-xiangcan-hidden"}),
    ("Jeng Li-fen", "tw-passport", {"tay-lifen"}, set()),
    ("Cheng Li-fen", "tw-passport", {"tay-lifen"}, set()),
    ("Shyu Chia-ying", "tw-passport", _HSU, set()),
    ("Juang Chih-hao", "tw-passport", {"chuang-chihhao"}, set()),
    ("Jang Wen-chieh", "tw-passport", {"cheung-mankit"}, set()),
    ("Hwang Shao-feng", "tw-passport", {"wong-siufung"}, set()),
    ("Lu Ting", "tw-passport", {"lu-ting", "lv-ting"}, set()),
    # --- Taiwan: Tongyong where it differs ------------------------------------------------------------
    ("Jhou Ya-ting", "tongyong", {"chou-yating"}, set()),
    ("Sie Mei-ling", "tongyong", _MEILING, {"tan-meiling"}),
    ("Jhuang Jhih-hao", "tongyong", {"chuang-chihhao"}, set()),
    ("Guo Wun-syong", "tongyong", {"kuo-wenhsiung"}, set()),
    ("Syu Jia-ying", "tongyong", _HSU, set()),
    ("Lin Jyun-jie", "tongyong", {"lin-junjie"}, set()),
    ("Jhang Wun-jie", "tongyong", {"cheung-mankit"}, set()),
    ("Liang Jhih-heng", "tongyong", {"leung-chihang"}, set()),
    ("Jheng Li-fen", "tongyong", {"tay-lifen"}, set()),
    ("Siangcan", "tongyong", _LI_XIANGCAN, set()),
    # --- Hong Kong: Cantonese as the government writes it ---------------------------------------------------
    ("Chan Wai Keung", "hk", _WAIKEUNG, set()),
    ("Chan Wai-keung", "hk", _WAIKEUNG, set()),
    ("Wai Keung Chan", "hk", _WAIKEUNG, set()),
    ("Chan Waikeung", "hk", _WAIKEUNG, set()),
    ("Waikeung", "hk", _WAIKEUNG, set()),
    ("Lau Ka Yan", "hk", {"lau-kayan"}, set()),
    ("Lau Ka-yan", "hk", {"lau-kayan"}, set()),
    ("Chow Kwok Ming", "hk", {"chow-kwokming"}, set()),
    ("Chau Kwok-ming", "hk", {"chow-kwokming"}, set()),
    ("Kwok Siu Wai", "hk", {"kwok-siuwai"}, set()),
    ("Kwok Siu-wai", "hk", {"kwok-siuwai"}, set()),
    ("Tse Ka Fai", "hk", {"tse-kafai"}, set()),
    ("Ka Fai Tse", "hk", {"tse-kafai"}, set()),
    ("Fung Yuk Chun", "hk", {"fung-yukchun"}, set()),
    ("Cheung Man Kit", "hk", {"cheung-mankit"}, set()),
    ("Leung Chi Hang", "hk", {"leung-chihang"}, set()),
    ("Wong Siu Fung", "hk", {"wong-siufung"}, set()),
    ("Lam Chun Kit", "hk", {"lin-junjie"}, set()),
    ("Chan Mei Ling", "hk", {"tan-meiling"}, {"hsieh-meiling"}),
    ("Lam Wai Ming", "hk", {"lim-weiming"}, set()),
    ("Cheung Wai Ling", "hk", {"teo-huiling"}, set()),
    ("Hung Kai Wai", "hk", {"ang-jiahui"}, set()),
    ("Wong Hiu Man", "hk", {"ong-xiaowen"}, set()),
    ("Hui Ka Wai", "hk", {"koh-jiawei"}, set()),
    ("Cheng Lai Fan", "hk", {"tay-lifen"}, set()),
    ("Choi Pui Shan", "hk", {"chua-peishan"}, set()),
    ("Yeung Chun Ho", "hk", {"yeo-junhao"}, set()),
    ("Yip Suk Wah", "hk", {"yeh-shuhua"}, set()),
    ("Kwok Man Hung", "hk", {"kuo-wenhsiung"}, set()),
    ("Lee Heung Chan", "hk", _LI_XIANGCAN - {"li-xiangcan-pinyin-only"}, {"li-xiangcan-hidden"}),
    ("Kwok", "hk", {"kuo-wenhsiung", "kwok-siuwai"}, set()),
    ("Tse", "hk", {"hsieh-meiling", "tse-kafai"}, {"xie-meiling-jie"}),
    ("Fung", "hk", {"fung-yukchun"}, set()),
    ("Lau", "hk", {"lau-kayan", "liu-ming"}, set()),
    ("Chow", "hk", {"chou-yating", "chow-kwokming", "zhou-he"}, set()),
    # --- Macau: its surname spellings --------------------------------------------------------------
    ("Leong Chi Hang", "macau", {"leung-chihang"}, set()),
    ("Cheong Man Kit", "macau", {"cheung-mankit"}, set()),
    ("Lao Ka Yan", "macau", {"lau-kayan"}, set()),
    ("Kuok Siu Wai", "macau", {"kwok-siuwai"}, set()),
    ("Cheang Lai Fan", "macau", {"tay-lifen"}, set()),
    # --- Singapore and Malaysia: Hokkien, Teochew, Hakka family names -------------------------------------
    ("Tan Mei Ling", "sg-my", {"tan-meiling"}, {"hsieh-meiling"}),
    ("Tan Meiling", "sg-my", {"tan-meiling"}, {"hsieh-meiling"}),
    ("Meiling Tan", "sg-my", {"tan-meiling"}, {"hsieh-meiling"}),
    ("Chin Mei Ling", "sg-my", {"tan-meiling"}, set()),
    ("Tan Wei Qiang", "sg-my", _WAIKEUNG - {"chan-waikeung-other"}, set()),
    ("Lim Wei Ming", "sg-my", {"lim-weiming"}, set()),
    ("Lim Jun Jie", "sg-my", {"lin-junjie"}, set()),
    ("Teo Hui Ling", "sg-my", {"teo-huiling"}, set()),
    ("Teoh Hui Ling", "sg-my", {"teo-huiling"}, set()),
    ("Chong Hui Ling", "sg-my", {"teo-huiling"}, set()),
    ("Khoo Wen Fu", "sg-my", {"khoo-wenfu"}, set()),
    ("Khoo", "sg-my", {"khoo-wenfu"}, set()),
    ("Ang Jia Hui", "sg-my", {"ang-jiahui"}, set()),
    ("Ang", "sg-my", {"ang-jiahui"}, set()),
    ("Ong Xiao Wen", "sg-my", {"ong-xiaowen"}, set()),
    ("Heng Xiaowen", "sg-my", {"ong-xiaowen"}, set()),
    ("Koh Jia Wei", "sg-my", {"koh-jiawei"}, {"hsu-chiaying"}),
    ("Khor Jia Wei", "sg-my", {"koh-jiawei"}, set()),
    ("Tay Li Fen", "sg-my", {"tay-lifen"}, set()),
    ("Teh Li Fen", "sg-my", {"tay-lifen"}, set()),
    ("Chua Pei Shan", "sg-my", {"chua-peishan"}, {"tsai-yiling"}),
    ("Chuah Peishan", "sg-my", {"chua-peishan"}, set()),
    ("Yeo Jun Hao", "sg-my", {"yeo-junhao"}, set()),
    ("Yeoh Jun Hao", "sg-my", {"yeo-junhao"}, set()),
    ("Goh Xiaohong", "sg-my", set(), {"li-xiaohong", "xiaohong-er"}),
    ("Ng Shao Feng", "sg-my", {"wong-siufung"}, set()),
    ("Yap Shu Hua", "sg-my", {"yeh-shuhua"}, set()),
    ("Neo Zhiheng", "sg-my", {"leung-chihang"}, set()),
    (
        "Tan",
        "sg-my",
        {
            "chen-jianhong",
            "chen-jianhong-other",
            "chan-waikeung",
            "chan-waikeung-other",
            "tan-meiling",
            "chen-ming",
            "david-seeks-chen-minghua",
            "li-xiangcan-pinyin-only",
            "wang-dan",
            "yuki-tanaka",
        },
        set(),
    ),
    # --- Han input finds the Latin-free people by characters, and the other way round ---------------------------
    ("陈伟强", "cn-lookalike", _WAIKEUNG, set()),
    ("陳偉強", "cn-lookalike", _WAIKEUNG, set()),
    ("陳建宏", "cn-lookalike", _TW_CHEN, set()),
    ("陈建红", "cn-lookalike", _TW_CHEN, set()),
    ("谢美玲", "cn-lookalike", {"hsieh-meiling", "xie-meiling-jie"}, {"tan-meiling"}),
    ("解美玲", "cn-lookalike", {"xie-meiling-jie", "hsieh-meiling"}, set()),
    ("许家莹", "cn-lookalike", _HSU, set()),
    ("徐家瑩", "cn-lookalike", _HSU, set()),
    ("周国明", "cn-lookalike", {"chow-kwokming"}, {"chou-yating"}),
    ("黄少锋", "cn-lookalike", {"wong-siufung"}, set()),
    ("林伟明", "cn-lookalike", {"lim-weiming"}, {"lin-junjie"}),
    # --- honorifics and roles, dropped on both sides -----------------------------------------------------
    # 王 is Wong in Cantonese, and so is 黄.
    (
        "王老师",
        "honorific",
        {
            "wang-laoshi",
            "wang-fang-airport",
            "wang-shi",
            "wang-dan",
            "ong-xiaowen",
            "wang-fang-other-chars",
            "huang-meiling-traditional",
            "wong-siufung",
        },
        set(),
    ),
    (
        "王老師",
        "honorific",
        {
            "wang-laoshi",
            "wang-fang-airport",
            "wang-shi",
            "wang-dan",
            "ong-xiaowen",
            "wang-fang-other-chars",
            "huang-meiling-traditional",
            "wong-siufung",
        },
        set(),
    ),
    ("王晓雯老师", "honorific", {"ong-xiaowen"}, {"wang-laoshi"}),
    ("晓雯姐", "honorific", {"ong-xiaowen"}, set()),
    (
        "美玲姐",
        "honorific",
        {"hsieh-meiling", "xie-meiling-jie", "tan-meiling", "huang-meiling-traditional", "zhangliao-meiling"},
        set(),
    ),
    ("建宏哥", "honorific", _TW_CHEN, set()),
    # A family name alone matches every name with a word spelled like it in some system: 陈 is Tan in
    # Hokkien, and 丹 is Tan in Wade–Giles; 曾 is Chan in Hokkien; 张 is Chong in Hakka, and so are 钟 and 种.
    ("陈先生", "honorific", _LI_CHEN | {"zeng-xiaoling", "wang-dan"}, set()),
    (
        "张阿姨",
        "honorific",
        {
            "zhang-ayi",
            "zhang-wei",
            "zhang-wen",
            "wei-zhang-western-order",
            "cheung-mankit",
            "ko-jung-subin",
            "teo-huiling",
            "zeng-xiaoling",
            "chong-hai",
            "zhong-hai",
            "chuang-chihhao",
        },
        set(),
    ),
    ("李先生", "honorific", _LI | {"li-xiansheng", "ko-lee-doyun-spaced", "ko-lee-minho"}, set()),
    (
        "小李",
        "honorific",
        _LI | {"li-xiansheng", "zeng-xiaoling", "ko-lee-doyun-spaced", "ko-lee-minho"},
        set(),
    ),  # 小 Siu, as 晓 in Cantonese
    ("老王", "honorific", _WANG | {"wang-laoshi"}, set()),
    (
        "阿明",
        "honorific",
        {
            "a-ming",
            "chen-ming",
            "david-seeks-chen-minghua",
            "gan-ming",
            "li-ming-simon",
            "liu-ming",
            "moqi-ming",
            "qian-ming-trad",
            "yu-ming",
            "yu-ming-trad",
        },
        set(),
    ),
    ("周同学", "honorific", {"chou-yating", "chow-kwokming", "chou-ping", "zhou-he", "khoo-wenfu", "qiu-ping"}, set()),
    ("郭教授", "honorific", {"kuo-wenhsiung", "kwok-siuwai"}, set()),
    # 冯 is Fong in Tongyong, 芳 Fong in Cantonese; 徐 is Choi in Macau.
    (
        "冯女士",
        "honorific",
        {"fung-yukchun", "bo-fang", "bu-fang", "wang-fang-airport", "wang-fang-other-chars"},
        set(),
    ),
    (
        "蔡小姐",
        "honorific",
        {"tsai-yiling", "chua-peishan", "hsu-chiaying-other", "zhai-jun", "ko-choi-ssi", "ko-choi-yuna"},
        set(),
    ),
    ("叶叔叔", "honorific", {"yeh-shuhua"}, set()),
    # --- must find nothing --------------------------------------------------------------------------
    ("Chen Chien-yu", "nothing", set(), _TW_CHEN),
    ("Tan Ah Kow", "nothing", set(), {"tan-meiling"}),
    ("Khoo Boon Hock", "nothing", set(), {"khoo-wenfu"}),
    ("Lau Ka Ming", "nothing", set(), {"lau-kayan"}),
    ("Wong Siu Ming", "nothing", set(), {"wong-siufung"}),
    ("Hsieh Mei-hua", "nothing", set(), _MEILING),
    ("Chan Wai Ming", "nothing", set(), _WAIKEUNG | {"lim-weiming"}),
    ("Chow Ya Ting", "hk", {"chou-yating"}, set()),
    ("Tse Ka Wai", "nothing", set(), {"tse-kafai", "koh-jiawei"}),
    ("Lim Xiu Ying", "nothing", set(), {"tan-meiling", "hsieh-meiling"}),
    ("Teo Wei Ming", "nothing", set(), {"teo-huiling", "lim-weiming"}),
    ("陈美华", "nothing", set(), {"tan-meiling"}),
    ("王建国老师", "nothing", set(), {"ong-xiaowen", "wang-laoshi"}),
    ("Lyu Xiaoyu", "nothing", set(), {"nv-xiaoyu"}),
]

# The order of what is found: the characters as written, then the same reading, then other spellings.
RANKINGS_CHINESE = [
    ("陳建宏", "cn-lookalike", [{"chen-jianhong"}, {"chen-jianhong-other"}]),
    ("陈建红", "cn-lookalike", [{"chen-jianhong-other"}, {"chen-jianhong"}]),
    ("陳偉強", "cn-lookalike", [{"chan-waikeung"}, {"chan-waikeung-other"}]),
    ("谢美玲", "cn-lookalike", [{"hsieh-meiling"}, {"xie-meiling-jie"}]),
    ("许家莹", "cn-lookalike", [{"hsu-chiaying"}, {"hsu-chiaying-other"}]),
    ("Lu Ting", "pinyin-u", [{"lu-ting"}, {"lv-ting"}]),
    ("Lv Ting", "pinyin-u", [{"lv-ting"}, {"lu-ting"}]),
    ("吕婷", "pinyin-u", [{"lv-ting"}, {"lu-ting"}]),
    ("小红儿", "erhua", [{"xiaohong-er"}, {"li-xiaohong"}]),
    (
        "王老师",
        "honorific",
        [{"wang-laoshi"}, {"wang-fang-airport", "wang-shi", "wang-dan", "ong-xiaowen"}, {"wang-fang-other-chars"}],
    ),
    ("李先生", "honorific", [{"li-xiansheng"}, {"li-ming-simon", "li-min"}]),
    ("阿明", "honorific", [{"a-ming"}, {"li-ming-simon"}]),
    ("建宏哥", "honorific", [{"chen-jianhong"}, {"chen-jianhong-other"}]),
]
