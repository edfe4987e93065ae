"""The places meetings are held, by their English name, in the languages articles write them.

A meeting known only by its year and place ("ASEAN-China Summit 2024, Vientiane") is one
identity however the place is written: "万象", "ビエンチャン", "Viêng Chăn" and "Vientiane"
are all ``vientiane``.  The list holds the region's capitals and usual summit venues, and the
partners' capitals and summit venues; a place not in it keeps its own slug.  Pure data and one
lookup; names are compared folded and slugged as :func:`monitor.matching.identity.place_of`
does.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["PLACES", "canonical_place"]

PLACES: dict[str, tuple[str, ...]] = {
    "jakarta": ("Jakarta", "Djakarta", "Gia-các-ta", "Giacacta", "雅加达", "雅加達", "ジャカルタ",
                "자카르타", "จาการ์ตา", "Джакарта", "जकार्ता", "ហ្សាកាតា"),
    "kuala-lumpur": ("Kuala Lumpur", "吉隆坡", "クアラルンプール", "쿠알라룸푸르", "กัวลาลัมเปอร์",
                     "Куала-Лумпур", "Куала Лумпур", "कुआलालंपुर", "គូឡាឡាំពួ"),
    "vientiane": ("Vientiane", "Viêng Chăn", "Viên Chăn", "万象", "萬象", "ビエンチャン",
                  "ヴィエンチャン", "비엔티안", "เวียงจันทน์", "เวียงจันทร์", "Вьентьян",
                  "ວຽງຈັນ", "वियनतियाने", "វៀងចន្ទន៍"),
    "phnom-penh": ("Phnom Penh", "Nông Pênh", "Phnôm Pênh", "金边", "金邊", "プノンペン", "프놈펜",
                   "พนมเปญ", "Пномпень", "ភ្នំពេញ", "नोम पेन्ह"),
    "hanoi": ("Hanoi", "Ha Noi", "Hà Nội", "河内", "河內", "ハノイ", "하노이", "ฮานอย", "Ханой",
              "हनोई"),
    "singapore": ("Singapore", "Singapura", "Xin-ga-po", "Singapour", "Singapur", "新加坡",
                  "シンガポール", "싱가포르", "สิงคโปร์", "Сингапур", "सिंगापुर"),
    "manila": ("Manila", "Manille", "马尼拉", "馬尼拉", "マニラ", "마닐라", "มะนิลา", "Манила",
               "मनीला"),
    "bangkok": ("Bangkok", "Băng Cốc", "曼谷", "バンコク", "방콕", "กรุงเทพมหานคร", "กรุงเทพฯ",
                "กรุงเทพ", "Бангкок", "बैंकॉक"),
    "bandar-seri-begawan": ("Bandar Seri Begawan", "斯里巴加湾", "斯里巴加灣", "斯里巴加湾市",
                            "バンダルスリブガワン", "반다르스리브가완", "บันดาร์เสรีเบกาวัน",
                            "Бандар-Сери-Бегаван"),
    "nay-pyi-taw": ("Nay Pyi Taw", "Naypyidaw", "Naypyitaw", "Nay Pyi Daw", "Nây Pi Tô",
                    "内比都", "內比都", "ネピドー", "네피도", "เนปิดอว์", "Нейпьидо"),
    "tokyo": ("Tokyo", "Tōkyō", "Tô-ky-ô", "Tokio", "东京", "東京", "도쿄", "โตเกียว", "Токио",
              "टोक्यो"),
    "seoul": ("Seoul", "Séoul", "Xơ-un", "首尔", "首爾", "ソウル", "서울", "โซล", "Сеул"),
    "busan": ("Busan", "Pusan", "釜山", "부산", "ปูซาน", "Пусан"),
    "beijing": ("Beijing", "Bắc Kinh", "Pékin", "Peking", "Pechino", "Pekín", "北京", "베이징",
                "ปักกิ่ง", "Пекин", "बीजिंग"),
    "washington": ("Washington", "Oa-sinh-tơn", "华盛顿", "華盛頓", "ワシントン", "워싱턴",
                   "วอชิงตัน", "Вашингтон", "वॉशिंगटन", "华盛顿特区", "華盛頓特區",
                   "ワシントンD.C.", "워싱턴DC", "워싱턴 D.C."),
    "new-delhi": ("New Delhi", "Niu Đê-li", "New Dehli", "Delhi", "新德里", "ニューデリー",
                  "뉴델리", "นิวเดลี", "Нью-Дели", "नई दिल्ली"),
    "canberra": ("Canberra", "堪培拉", "キャンベラ", "캔버라", "แคนเบอร์รา", "Канберра"),
    "melbourne": ("Melbourne", "墨尔本", "墨爾本", "メルボルン", "멜버른", "เมลเบิร์น", "Мельбурн"),
    "sydney": ("Sydney", "悉尼", "雪梨", "シドニー", "시드니", "ซิดนีย์", "Сидней"),
    "wellington": ("Wellington", "惠灵顿", "惠靈頓", "ウェリントン", "웰링턴", "Веллингтон"),
    "ottawa": ("Ottawa", "渥太华", "渥太華", "オタワ", "오타와", "Оттава"),
    "brussels": ("Brussels", "Bruxelles", "Brüssel", "Bruselas", "Bruxelas", "布鲁塞尔",
                 "布魯塞爾", "ブリュッセル", "브뤼셀", "บรัสเซลส์", "Брюссель"),
    "moscow": ("Moscow", "Moscou", "Moskau", "Mosca", "Moscú", "Mát-xcơ-va", "莫斯科",
               "モスクワ", "모스크바", "มอสโก", "Москва", "मास्को"),
    "sochi": ("Sochi", "Sotchi", "Sotschi", "索契", "ソチ", "소치", "Сочи"),
    "london": ("London", "Londres", "Londra", "Luân Đôn", "伦敦", "倫敦", "ロンドン", "런던",
               "ลอนดอน", "Лондон"),
    "bali": ("Bali", "巴厘岛", "峇里島", "巴厘", "バリ島", "발리", "บาหลี", "Бали"),
    "nusa-dua": ("Nusa Dua", "努沙杜瓦", "ヌサドゥア", "누사두아"),
    "labuan-bajo": ("Labuan Bajo", "纳闽巴霍", "ラブアンバジョ", "라부안바조"),
    "da-nang": ("Da Nang", "Đà Nẵng", "岘港", "峴港", "ダナン", "다낭", "ดานัง", "Дананг"),
    "siem-reap": ("Siem Reap", "暹粒", "シェムリアップ", "시엠레아프", "เสียมราฐ", "សៀមរាប"),
    "cebu": ("Cebu", "宿务", "宿霧", "セブ", "세부", "เซบู"),
    "jeju": ("Jeju", "Cheju", "济州", "濟州", "済州", "제주", "เชจู"),
    "sunnylands": ("Sunnylands", "Rancho Mirage", "阳光之乡", "サニーランズ", "서니랜즈"),
}  # fmt: skip


def canonical_place(slug: str, slugify: Callable[[str], str]) -> str:
    """The English slug of the place ``slug`` names, or ``slug`` when the list lacks it.  A
    slug in a script without spaces may carry its country before the city ("马来西亚吉隆坡"):
    a known name at its end is enough."""
    table = _table(slugify)
    found = table.get(slug)
    if found is not None or slug.isascii():
        return found or slug
    for name, place in table.items():
        if not name.isascii() and slug.endswith(name):
            return place
    return slug


_TABLES: dict[Callable[[str], str], dict[str, str]] = {}


def _table(slugify: Callable[[str], str]) -> dict[str, str]:
    if slugify not in _TABLES:
        _TABLES[slugify] = {
            slugify(name): place for place, names in PLACES.items() for name in names
        }
    return _TABLES[slugify]
