"""Host, chair and date patterns in the region's languages (read the original text).

English forms are in :mod:`monitor.matching.facts`; these are tried on the few sentences a
meeting's details are asked of, each only when its folded (lower-case) sentence holds a word
the pattern needs:

* hosts: Vietnamese, Indonesian and Malay ("diễn ra tại Hà Nội", "diselenggarakan di Jakarta"),
  Japanese ("ジャカルタで開催された", "東京で開かれます"), Chinese ("在南宁举行"), Korean
  ("부산에서 열리는") and Thai ("จัดขึ้นที่ ...", "ที่ Sunnylands เมือง Rancho Mirage");
* chairs: Thai ("พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี เป็นประธานการประชุม"), Korean ("박근혜
  대통령이 ... 정상회의를 주재"), Chinese ("由 ... 主持"), Japanese ("岸田総理大臣が議長を務め"),
  Vietnamese ("do Thủ tướng ... chủ trì") and Indonesian or Malay ("dipimpin oleh ...");
* dates: ``REGIONAL_DATE`` (Chinese, Japanese, Korean, Vietnamese, Indonesian, Malay, Thai).

A place is cut where the script says it ends (a run of katakana, of kanji or of Hangul before
the particle), a capital or province prefix dropped ("首府南宁" -> "南宁"); words that name an
occasion, not a place ("会上", "期間", "회의"), are not taken for one.
"""

from __future__ import annotations

import re

# Vietnamese, Indonesian and Malay: a verb saying it was held, "tại"/"di", a capitalised place.
_LATIN_CAP = r"[A-ZÀ-ÖØ-ÞĐ][\w'’.-]*"
_WEEKDAY = r"(?:Senin|Selasa|Rabu|Kamis|Khamis|Jumat|Jumaat|Sabtu|Minggu|Ahad|Isnin)\b"
_LATIN_PLACE = rf"(?!{_WEEKDAY}){_LATIN_CAP}"
_SOUTHEAST_HOST = re.compile(
    r"\b(?:diễn ra|được tổ chức|tổ chức|khai mạc|berlangsung|diselenggarakan|digelar|diadakan"
    r"|dilaksanakan|dihelat)\s+(?:(?:vào|pada)\s+[^,.;]{1,40}?\s+)?(?:tại|di)\s+"
    r"(?:(?:[Tt]hủ đô|[Ii]bu [Kk]ota|[Kk]ota|[Tt]hành phố|[Bb]andar)\s+)?"
    rf"(?P<place>{_LATIN_PLACE}(?:\s+{_LATIN_CAP}){{0,3}}"
    rf"(?:,\s+{_LATIN_PLACE}(?:\s+{_LATIN_CAP}){{0,2}})?)"
)
_KANA = "ァ-ヺー・"
_KANJI = "一-龯々"
# Japanese: a katakana or a kanji run, "で"/"にて"/"において", then (with no other "で"
# between) "開催", "開か", "行われ" or "開幕": "ジャカルタにて、第26回日ASEAN首脳会議が開催され".
_JAPANESE_HOST = re.compile(
    rf"(?:(?<![{_KANA}])(?P<kana>[{_KANA}]{{2,20}})|(?<![{_KANJI}])(?P<kanji>[{_KANJI}]{{1,12}}))"
    r"(?:にて|において|で)[、,]?(?:(?!で|にて)[^。\n]){0,40}?(?:開催|開か|行われ|開幕)"
)
# Chinese: "在"/"于", the place (no digits, no punctuation), "举行"/"召开"/"举办"/"开幕".
_CHINESE_HOST = re.compile(
    r"[在于](?P<place>[^\s，。、：；,.（）()“”\"0-9０-９在于]{1,20}?)(?:隆重)?(?:举行|召开|举办|开幕)"
)
# Korean: a Hangul run, "에서", then "열리/열린/열렸/열릴/열려" or "개최" (no other "에서" between);
# or the run contracted with "서" right before the verb ("부산서 열린"; not a verb's "-해서").
_KOREAN_HOST = re.compile(
    r"(?<![가-힣])(?P<place>[가-힣]{1,10}?)"
    r"(?:에서\s*(?:(?!에서)[^.\n]){0,30}?|(?<![에해여어아와워져쳐겨려])서\s+)(?:열[리린렸릴려]|개최)"
)
# Thai: "จัดขึ้นที่"/"จัดขึ้น ณ", or "ที่"/"ณ" between spaces before a Latin capital or a place
# word; then the place's phrases while each is Latin capitalised or starts with a place word.
_THAI_PLACE_WORD = "(?:เมือง|กรุง|รัฐ|มลรัฐ|จังหวัด|ประเทศ|นคร|เกาะ|สหรัฐ|สาธารณรัฐ)"
_THAI_STOP = "(?!เมื่อ|ระหว่าง|โดย|และ|ตาม)"
_THAI_HOST = re.compile(
    rf"(?:จัดขึ้น(?:ที่|\s*ณ)\s*|(?<!\S)(?:ณ|ที่)\s+(?=[A-Z]|{_THAI_PLACE_WORD}))"
    rf"(?P<place>(?:{_THAI_STOP}\S){{1,40}}(?:\s+(?:[A-Z]\S*|{_THAI_PLACE_WORD}\S*))*)"
)
_HOSTS = (
    (
        _SOUTHEAST_HOST,
        (
            *("dien ra", "to chuc", "khai mac", "berlangsung", "diselenggarakan", "digelar"),
            *("diadakan", "dilaksanakan", "dihelat"),
        ),
    ),
    (_JAPANESE_HOST, ("開催", "開か", "行われ", "開幕")),
    (_CHINESE_HOST, ("举行", "召开", "举办", "开幕")),
    (_KOREAN_HOST, ("열리", "열린", "열렸", "열릴", "열려", "개최")),
    (_THAI_HOST, ("จัดขึ้น", "ณ ", "ที่ ")),
)
# A capital or province before the city ("首府南宁", "首都ジャカルタ"): the city is the place.
_PREFIX = re.compile(r"^.*?(?:首府|首都|省会|首府の)")
# Words naming an occasion or a deictic, not a place.
_NOT_PLACE = re.compile(
    r"(?:此间|这里|当地|线上|网上|期间|之际|会上|框架下|会议|峰会|会談|会議|会合|サミット"
    r"|フォーラム|期間|회의|회담|정상회의)$"
)

_THAI_TITLE = r"(?:พลเอก|พล\.อ\.|นายแพทย์|นางสาว|นาย|นาง|ดร\.)"
_THAI_CHAIRED = r"\s*(?:ได้)?เป็นประธาน(?:ใน|ร่วม)?(?:การประชุม|ร่วม)"
_VIETNAMESE_TITLE = (
    r"(?:Thủ tướng(?: Chính phủ)?|Chủ tịch nước|Chủ tịch|Bộ trưởng(?: Ngoại giao)?|Tổng thống)"
)
_CHAIRS = (
    (
        re.compile(
            rf"(?<!\S)(?P<who>{_THAI_TITLE}\s*[^\s\d]+(?:\s+[^\s\d]+){{0,3}}?){_THAI_CHAIRED}"
        ),
        ("เป็นประธาน",),
    ),
    (re.compile(rf"โดยมี\s*(?P<who>[^\d]{{2,60}}?){_THAI_CHAIRED}"), ("เป็นประธาน",)),
    (
        re.compile(
            r"(?<![가-힣])(?P<who>[가-힣]{2,4}\s*(?:대통령|국무총리|총리|외교부\s*장관|외교장관|장관))"
            r"(?:이|가|은|는)\s(?:(?!주재)[^.\n]){0,80}?주재"
        ),
        ("주재",),
    ),
    (re.compile(r"由(?P<who>[^，。、；：\s]{2,20}?)(?:共同)?主持"), ("主持",)),
    (
        re.compile(
            r"(?P<who>(?:国家主席|国务院总理|总理|外交部长|外长|总统)[^，。、；：\s的]{2,4}?)(?:共同)?主持"
        ),
        ("主持",),
    ),
    (
        re.compile(
            rf"(?P<who>[{_KANJI}{_KANA}]{{1,12}}(?:総理大臣|総理|首相|大統領|外務大臣|外相|大臣))"
            r"(?:が|は)(?:共同)?議長を務め"
        ),
        ("議長を務め",),
    ),
    (
        re.compile(
            r"\b(?:dưới sự (?:đồng )?chủ trì của)\s+(?P<who>[^,.;]{3,80}?)(?=[,.;]|\s+và\b|$)"
        ),
        ("chu tri",),
    ),
    (
        re.compile(
            rf"\bdo\s+(?P<who>{_VIETNAMESE_TITLE}\s+[^,.;]{{2,60}}?)\s+(?:đồng\s+)?chủ trì\b"
        ),
        ("chu tri",),
    ),
    (
        re.compile(
            rf"(?P<who>{_VIETNAMESE_TITLE}\s+[^,.;]{{2,60}}?)\s+(?:đã\s+)?(?:đồng\s+)?chủ trì\b"
        ),
        ("chu tri",),
    ),
    (
        re.compile(
            r"\b(?:dipimpin|diketuai|dipengerusikan|dipandu)\s+(?:langsung\s+)?oleh\s+"
            r"(?P<who>[A-Z][^,.;]{2,80}?(?:,\s+[A-Z][^,.;]{2,60}?)?)"
            r"(?=,|\.(?:\s|$)|;|\s+(?:dan|yang|serta|pada|di)\b|$)"
        ),
        ("oleh",),
    ),
    (
        re.compile(
            r"(?P<who>(?:[A-Z][\w'.-]*\s+){1,6}[A-Z][\w'.-]*)\s+(?:memimpin|mempengerusikan)\s+"
            r"(?:KTT|Sidang|Mesyuarat|[Pp]ertemuan|Konferensi)\b"
        ),
        ("memimpin", "mempengerusikan"),
    ),
)

_DIGIT = "[0-9０-９]"
_THAI_DIGIT = "[0-9๐-๙]"
_THAI_MONTH = (
    "(?:มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม)"
)
# Indonesian and Malay months that are not also English words (DATE finds "19 April 2016").
_MALAY_MONTH = (
    r"(?:Januari|Februari|Maret|Mac|Mei|Juni?|Juli|Julai|Agustus|Ogos|Oktober|Desember|Disember)"
)
REGIONAL_DATE = re.compile(
    # Every form starts with a digit: the look-ahead fails fast everywhere else.
    "(?=[0-9０-９๐-๙])(?:"
    # Chinese, Japanese: 2023年9月6日, 9月6日, 9月6日~7日; not a dateline ("10月29日电").
    rf"(?:{_DIGIT}{{4}}年)?{_DIGIT}{{1,2}}月{_DIGIT}{{1,2}}日(?:[~～〜-]{_DIGIT}{{1,2}}日)?(?!电)"
    # Korean: 2019년 11월 25일, 11월 25~26일.
    r"|(?:\d{4}년\s*)?\d{1,2}월\s*\d{1,2}(?:\s*[~-]\s*\d{1,2})?일"
    # Vietnamese, after "ngày": 26/10, 26-27/10/2025, 26 tháng 10 năm 2025.
    r"|(?<=[Nn]gày\s)\d{1,2}(?:\s*[-–]\s*\d{1,2})?"
    r"(?:/\d{1,2}(?:/\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
    # Indonesian, Malay: 19 Mei 2016, 8-9 Ogos.
    rf"|\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MALAY_MONTH}(?:\s+\d{{4}})?\b"
    # Thai, Arabic or Thai digits, Buddhist-era year: 4 พฤศจิกายน 2562, ๑๕-๑๖ กุมภาพันธ์ ๒๕๕๙.
    rf"|{_THAI_DIGIT}{{1,2}}(?:\s*[-–]\s*{_THAI_DIGIT}{{1,2}})?\s*{_THAI_MONTH}"
    rf"(?:\s*(?:พ\.ศ\.\s*)?{_THAI_DIGIT}{{4}})?"
    ")"
)


def matched_place(match: re.Match[str]) -> str:
    """The place a regional host match names, without a capital or province before it."""
    found = match.group("place") if "place" in match.re.groupindex else None
    found = found or match.group("kana") or match.group("kanji")
    return _PREFIX.sub("", found.strip()) or found


# The words each pattern needs in the folded sentence, per pattern, in the patterns' order
# (:class:`monitor.matching.facts.Facts` finds them for a whole text in one automaton pass and
# passes which of them a sentence holds as bits: bit ``i`` for ``HOST_WORD_GROUPS[i]``).
HOST_WORD_GROUPS: tuple[tuple[str, ...], ...] = tuple(words for _, words in _HOSTS)
CHAIR_WORD_GROUPS: tuple[tuple[str, ...], ...] = tuple(words for _, words in _CHAIRS)
# Every regional date holds one of these in the folded text: "月", "월", "ngày", a Malay or
# Indonesian month (folded; in a date no word character follows it, but for "Jun" the "i" of
# "Juni"), a Thai month.
MALAY_MONTH_WORDS: tuple[str, ...] = (
    *("januari", "februari", "maret", "mac", "mei", "jun", "juli", "julai", "agustus", "ogos"),
    *("oktober", "desember", "disember"),
)
DATE_WORDS: tuple[str, ...] = (
    *("月", "월", "ngay"),
    *MALAY_MONTH_WORDS,
    *_THAI_MONTH[3:-1].split("|"),
)


def held(low: str, groups: tuple[tuple[str, ...], ...]) -> int:
    """Bit ``i`` set when the folded ``low`` holds one of ``groups[i]``."""
    return sum(1 << i for i, words in enumerate(groups) if any(word in low for word in words))


def regional_hosts(sentence: str, groups: int) -> list[re.Match[str]]:
    """Host matches of the first regional pattern that finds a place in ``sentence``, trying
    only the patterns whose words the sentence holds (``groups``: bits of ``HOST_WORD_GROUPS``)."""
    for index, (pattern, _) in enumerate(_HOSTS):
        if groups >> index & 1:
            found = [
                m for m in pattern.finditer(sentence) if not _NOT_PLACE.search(matched_place(m))
            ]
            if found:
                return found
    return []


def regional_chair(sentence: str, groups: int) -> str | None:
    """The first chair a regional pattern finds in ``sentence``, in the patterns' order, trying
    only the patterns whose words the sentence holds (``groups``: bits of ``CHAIR_WORD_GROUPS``)."""
    for index, (pattern, _) in enumerate(_CHAIRS):
        if groups >> index & 1 and (found := pattern.search(sentence)):
            return found.group("who").strip()
    return None
