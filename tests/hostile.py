"""Random and hostile input for the forms of the portal (issue 8, "Bad input").

Strategies (hypothesis) for what a careless or malicious person may type or
send: text from the whole of Unicode, very long strings, numbers and dates
out of range, script and Markdown tricks, CSV formulas, wrong choices,
missing and duplicated fields, uploads whose content is not what their name
says. And the checks every answer must pass:

- ``assert_answered``: never a 5xx (a view's exception reaches the test
  client as the exception itself, so it fails the example too);
- ``assert_kept``: a form that comes back with errors shows again, escaped,
  what was typed in its text fields (DESIGN.md, "Nothing lost");
- ``assert_no_script``: no markup of the page comes from a user: no
  ``<script>`` but the site's own, no event handler, no ``style``
  attribute, no ``javascript:`` (or ``vbscript:``, ``data:``) address
  (the site's own scripts come from ``/static/``, or are the admin's
  ``/admin/jsi18n/``; an ``<img>`` may carry its picture as ``data:image/``,
  as allauth's QR code does).

For forms read rather than listed by hand (the Django admin's):
``form_fields`` gives the ``(valid, wrong)`` strategies of a Django form's
fields from their types, and ``form_as_sent`` what a browser sends of a
page's form besides (hidden fields, the management forms of formsets).
``assert_kept`` looks into the admin's wrappers and its inline forms too.

``post_and_check`` runs the three on a POST; after a success it also
opens the page the redirect leads to (it must answer 200) and the pages
that show what was stored, and checks the emails sent meanwhile
(``assert_emails_safe``: notifications go out on commit, which it runs).

Every test of ``tests/test_bad_input*.py`` runs its examples in
``one_example``: a savepoint rolled back at the end, so each example starts
from the same database, with an empty cache (rate limits) and outbox.
"""

import html
import io
import re
import unicodedata
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django import forms
from django.contrib.admin.helpers import AdminForm, InlineAdminFormSet
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.forms import BaseForm
from django.forms.models import InlineForeignKeyField, ModelChoiceField, ModelMultipleChoiceField
from django.test import TestCase
from django.test.utils import ContextList
from django.urls import resolve
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from PIL import Image

#: Statuses a hostile request may get: a form with errors, a redirect after success or
#: to the login page, a refusal. Anything else (a 500 above all) is a bug.
ALLOWED_STATUSES = frozenset({200, 302, 400, 403, 404, 405, 413, 429})


#: The settings of every bad-input test: the same examples on every run (``derandomize``,
#: no example database), so a CI failure is reproduced by running the test again; no
#: deadline (the first request of a test warms the template cache); a failing example is
#: printed with the blob that replays it (``@reproduce_failure``).
settings.register_profile(
    "bad-input",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # each example makes and rolls back its own rows
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def hostile_settings(max_examples: int = 25) -> settings:
    """The ``bad-input`` profile with ``max_examples`` examples (few: the file runs in
    about a minute)."""
    return settings(settings.get_profile("bad-input"), max_examples=max_examples)


# --- Text ------------------------------------------------------------------------

#: Words of the portal's own addresses: a slug made of one would shadow a page.
ADDRESS_WORDS = (
    "new", "past", "propose", "apply", "applications", "import", "export", "invitations",
    "calendar.ics", "print", "publish", "comments", "amendments", "feed", "strategy-fr.pdf",
)  # fmt: skip

#: Attacks on the page, on Markdown, on SQL and on spreadsheets; Unicode that has broken
#: sites; names at their length limit; words of the portal's addresses.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '</title><script src="//evil.example/x.js"></script>',
    '<a href="javascript:alert(1)">clic</a>',
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "[clic](javascript:alert(1))",
    '[clic](JAVASCRIPT:alert(1) "titre")',
    "[clic](&#106;avascript:alert(1))",
    "[clic]( javascript:alert(1))",
    "[a][x]\n\n[x]: javascript:alert(1)",
    '![img](x" onerror="alert(1))',
    '<https://example.org" onmouseover="alert(1)>',
    "<img src=x onerror=alert(1)>\n\n**gras**",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "```\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "[" * 2_000 + "x" + "]" * 2_000,
    ">" * 500 + " profond",
    "*" * 3_000,
    "{{ request.user.password }} {% debug %}",
    "%(name)s %s {0} {}",
    "'; DROP TABLE members_organisation; --",
    "1 OR 1=1",
    '" OR ""="',
    "Robert'); DELETE FROM accounts_user WHERE ('1'='1",
    '=HYPERLINK("https://evil.example","clic")',
    "=1+2",
    "+33 6 00 00 00 00",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "../../../../etc/passwd",
    "\u202eevil\u202c",
    "\u200f\u200e\u061c",
    "Ǹ̶̡̛̖͈̝̜̗̰̗̱̥̺̮̰̭̰̜̾̏̀̆̇̀̀̐̊̾̚͝ǹ",
    "ߒߞߏ ߓߊ߬ߡߊ߬ߣߊ߲߬",
    "Ɛɛ Ɔɔ Ɲɲ Ŋŋ — Bamanankan",
    "Sanu ka ɲɛ ; mɔgɔ ŋaniya",
    "👩🏾‍🌾🇲🇱🕊️",
    "ɛ" * 255,
    "ߒ" * 255,
    "ɲ" * 2_000,
    *ADDRESS_WORDS,
    "\x00",
    "a\x00b",
    "\r\n\r\n",
    "   ",
    "",
)

#: Characters that have broken web sites: bidi controls, joiners, combining marks,
#: N'Ko, Bambara, Arabic, emoji, digits that are not ASCII, line separators.
SPECIAL_CHARACTERS = (
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
    "\u200b\u200c\u200d\ufeff\u2028\u2029\u0085\x00\x0b\x0c\r\n\t"
    "\u0300\u0301\u0327\u0361\u20dd"
    "ߊߋߌߍߎߏߐߒߓߔߕߖߗߘߙߚߛߜߝߞߟߠߡߢߣߤߥ߲߫߬߭߮߯߰߱߳߸߹߶"
    "ɛɔɲŋƐƆƝŊàéèêïôùç"
    "ابتثمالي"
    "²³¹½١٢٣߀߁߂０１２"
    "😀🕊🇲🇱👩🏾‍🌾"
    "<>&\"'`=+-@;,/\\[]()*_#!{}%|~"
)

_unicode = st.characters(codec="utf-8")  # every code point UTF-8 can carry (no surrogates)
_special = st.sampled_from(SPECIAL_CHARACTERS)


def hostile_text(max_size: int = 60, *, long: bool = True) -> st.SearchStrategy[str]:
    """A string a person might type or a tool might send: Unicode, payloads, and (unless
    ``long`` is false) strings past the fields' limits."""
    strategies = [
        st.sampled_from(PAYLOADS),
        st.text(alphabet=_unicode, max_size=max_size),
        st.text(alphabet=st.one_of(_special, _unicode), max_size=max_size),
        st.tuples(st.sampled_from(PAYLOADS), st.text(alphabet=_special, max_size=8)).map("".join),
    ]
    if long:
        strategies.append(long_text())
    return st.one_of(strategies)


#: Just past the portal's limits: names 255, reasons 2,000 and 4,000, descriptions
#: 5,000 and 10,000, reports and news 30,000, strategy texts 60,000 characters.
LONG_SIZES = (256, 2_001, 4_001, 5_001, 10_001, 30_001, 60_001)


def long_text() -> st.SearchStrategy[str]:
    """A string just past one of the portal's length limits."""
    return st.builds(
        lambda unit, count: (unit * count)[:count],
        st.sampled_from(["ɛ", "ߒ", "a", "<b>", "😀", "x\n"]),
        st.sampled_from(LONG_SIZES),
    )


def _is_one_line(text: str) -> bool:
    return bool(text.strip()) and not any(
        unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS for c in text
    )


#: Bidirectional overrides and isolates (``members.validators`` refuses them in names).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Payloads a one-line name field accepts: the stored-script attempts that get through.
LINE_PAYLOADS = tuple(p for p in PAYLOADS if _is_one_line(p) and len(p) <= 255)
#: Payloads a text field accepts (no NUL, something in it, short of every limit).
TEXT_PAYLOADS = tuple(p for p in PAYLOADS if "\x00" not in p and p.strip() and len(p) <= 2_000)
_letters = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")
).filter(lambda c: c not in BIDI_CONTROLS)


def nasty_line() -> st.SearchStrategy[str]:
    """A one-line name that passes validation yet tries everything: script, Markdown, SQL,
    CSV formulas, N'Ko and Bambara, combining marks, emoji."""
    return st.one_of(
        st.sampled_from(LINE_PAYLOADS),
        st.text(alphabet=_letters, min_size=1, max_size=40).filter(_is_one_line),
    )


def nasty_text() -> st.SearchStrategy[str]:
    """A text (description, comment, Markdown body) that passes validation, hostile within."""
    return st.one_of(
        st.sampled_from(TEXT_PAYLOADS),
        st.lists(st.sampled_from(TEXT_PAYLOADS), min_size=2, max_size=4).map("\n\n".join),
        st.text(alphabet=st.one_of(_letters, st.sampled_from("\n\r\t")), min_size=1,
                max_size=80).filter(str.strip),
    )  # fmt: skip


# --- Fields: what a valid but nasty value is, and what a wrong one is ------------------


def line() -> tuple:
    """A one-line text field (a name, a title)."""
    return nasty_line(), hostile_text()


def text() -> tuple:
    """A multi-line text field."""
    return nasty_text(), hostile_text()


def valid_or(ok: st.SearchStrategy, bad: st.SearchStrategy) -> tuple:
    return ok, bad


# --- Numbers, dates, choices -----------------------------------------------------

BAD_NUMBERS = (
    "-1", "-0", "0", "1", "12", "10000000000000000", "1000000000000000", "-10000000000000000",
    "99999999999999999999999999999999", "NaN", "nan", "-NaN", "Infinity", "-inf", "1e309",
    "-1e309", "1e-400", "1E5", "0x10", "1_000", "1,5", "1.5", "12,50", "1 000", " 7 ",
    "١٢", "²", "߃", "１２", "+5", "--5", "5-", "", " ", "3.14159265358979323846264338327950288",
)  # fmt: skip


def hostile_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(BAD_NUMBERS),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        hostile_text(12, long=False),
    )


BAD_DATES = (
    "31/02/2014", "29/02/2015", "2014-13-01", "00/00/0000", "32/01/2014 25:61",
    "05/03/2014 09:00", "2014-03-05T09:00", "05/03/2014", "2014-03-05", "9999-12-31",
    "0001-01-01", "31/12/9999 23:59", "05/03/99999", "05/03/-1", "1e309", "NaN",
    "2014-03-05T09:00:00+99:00", "2014-03-05 24:00", "aujourd'hui", "05.03.2014",
    "5/3/14", "2038-01-19T03:14:08", "1969-12-31", "1899-12-31", "2101-01-01",
)  # fmt: skip


def hostile_date() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(BAD_DATES),
        st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
        st.datetimes().map(lambda moment: moment.isoformat()),
        hostile_text(20, long=False),
    )


#: Ids as a hand-made request sends them: digits that are not ASCII, signs, too many digits.
BAD_IDS = ("²", "١", "߃", "１２", "0", "-1", "+1", " 1", "1.0", "99999999999999999999", "")


def wrong_choice() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(BAD_IDS), st.sampled_from(BAD_NUMBERS), hostile_text(20, long=False)
    )


def choice(valid) -> tuple:
    """A choice field: one of ``valid``, or anything else."""
    valid = [str(value) for value in valid]
    return (st.sampled_from(valid) if valid else wrong_choice()), wrong_choice()


def choices(valid) -> tuple:
    """Checkboxes (a multiple choice): some of ``valid``, or some wrong values among them."""
    valid = [str(value) for value in valid]
    ok = st.lists(st.sampled_from(valid), max_size=3, unique=True) if valid else st.just([])
    return ok, st.lists(st.one_of(st.sampled_from(valid or ["0"]), wrong_choice()), max_size=4)


def checkbox() -> tuple:
    return st.sampled_from(["on", ""]), st.sampled_from(["off", "0", "false", "ɛ", "\x00"])


def number(*valid) -> tuple:
    """A number field: one of ``valid`` as typed, or anything else."""
    return st.sampled_from([str(value) for value in valid]), hostile_number()


def day(*valid) -> tuple:
    """A date field: one of ``valid`` (05/03/2014), or a wrong date."""
    return st.sampled_from(list(valid)), hostile_date()


# --- Uploads ---------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


_PNG = _png()
_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

UPLOAD_NAMES = (
    "logo.png", "photo.jpg", "rapport.pdf", "liste.csv", "image.webp", "document.docx",
    "script.html", "x.svg", "virus.exe", "rapport.pdf.exe", "../../etc/passwd",
    "..\\..\\windows\\win.ini", "<script>alert(1)</script>.pdf", "ɛɔɲŋ ߒߞߏ.png",
    "\u202egnp.exe", "sans-extension", ".png", "a" * 300 + ".pdf", "x.PNG", "😀.jpeg",
)  # fmt: skip

UPLOAD_CONTENTS = (
    b"",
    _PNG,
    _PNG[:20],
    _PDF,
    b"<script>alert(1)</script>",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"GIF89a<script>alert(1)</script>",
    b"MZ\x90\x00\x03\x00\x00\x00",
    b"PK\x03\x04" + b"\x00" * 26,
    b'name,description_fr\n=HYPERLINK("x"),<script>alert(1)</script>\n',
    b"\xff\xfe\x00\x00garbage",
    b"\x00" * 1024,
    b"\x89PNG\r\n\x1a\n" + b"\xff" * 200,
)


@st.composite
def upload(draw) -> SimpleUploadedFile:
    """A file whose name, declared type and content need not agree."""
    content = draw(st.one_of(st.sampled_from(UPLOAD_CONTENTS), st.binary(max_size=512)))
    content_type = draw(
        st.sampled_from(["image/png", "application/pdf", "text/csv", "text/html", "", "x/y"])
    )
    return SimpleUploadedFile(draw(st.sampled_from(UPLOAD_NAMES)), content, content_type)


def good_file(name: str) -> st.SearchStrategy[SimpleUploadedFile]:
    """A file that is what its name says (``.png`` or ``.pdf``), under a hostile name."""
    content = _PNG if name.endswith(".png") else _PDF
    return st.sampled_from(["", "<script>alert(1)</script>", "ߒߞߏ ɛɔ", '"><img src=x ']).map(
        lambda prefix: SimpleUploadedFile(prefix + name, content)
    )


def file_field(name: str) -> tuple:
    """An upload: nothing or a right file, or a file whose content is not what it says."""
    return st.one_of(st.just(""), good_file(name)), upload()


# --- Whole submissions -----------------------------------------------------------


def _field(spec) -> tuple:
    return spec if isinstance(spec, tuple) else (spec, spec)


@st.composite
def submission(draw, fields: dict, *, keep: tuple[str, ...] = ()):
    """The POST data of one form. ``fields`` maps each name to ``(valid, wrong)`` strategies
    (or one strategy for both): up to three fields get a wrong value, the others a valid
    but hostile one, so that both the errors and the successes are tried. Sometimes one or
    two fields (never those of ``keep``) are left out, or one is sent twice (Django reads
    the last)."""
    names = sorted(fields)
    count = min(draw(st.sampled_from([0, 0, 1, 2, 3])), len(names))
    wrong = draw(st.sets(st.sampled_from(names), min_size=count, max_size=count)) if count else ()
    data = {}
    for name in names:
        valid, bad = _field(fields[name])
        data[name] = draw(bad if name in wrong else valid)
    droppable = [name for name in names if name not in keep]
    if droppable and draw(st.integers(0, 4)) == 0:
        for name in draw(st.sets(st.sampled_from(droppable), min_size=1, max_size=2)):
            del data[name]
    texts = sorted(name for name, value in data.items() if isinstance(value, str))
    if texts and draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(texts))
        data[name] = [draw(hostile_text(20, long=False)), data[name]]
    return data


def typed(data: dict, name: str):
    """What a text field holds: the last of several values, as Django reads it."""
    value = data.get(name)
    return value[-1] if isinstance(value, list) else value


# --- Fields read from a Django form (the admin's ModelForms) -------------------------


def _choice_values(options) -> list[str]:
    """The values of a field's choices, option groups flattened, the empty one left out."""
    values = []
    for value, label in options:
        if isinstance(label, list | tuple):
            values += _choice_values(label)
        elif value not in ("", None):
            values.append(str(value))
    return values


def _numbers_within(validators, candidates=(0, 1, 7, 12, 2014)) -> list:
    """Some of ``candidates`` that ``validators`` (the form's and the model's) let through."""
    low = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    high = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    low, high = max(low, default=None), min(high, default=None)
    inside = [n for n in candidates if (low is None or n >= low) and (high is None or n <= high)]
    return inside or [low if low is not None else high]


#: A URL field: an address (one without its scheme too), or a script, a half address, anything.
URL = valid_or(
    st.sampled_from(["", "https://example.org/ɛ?a=<b>", "example.org"]),
    st.one_of(
        st.sampled_from(["javascript:alert(1)", "data:text/html,x", "http://", "//x"]),
        hostile_text(30),
    ),
)
TIME = valid_or(
    st.sampled_from(["09:00", "23:59:59", "00:00"]),
    st.one_of(st.sampled_from(["24:00", "9h", "25:61", "-1:00", "NaN"]), hostile_text(12)),
)


def _one_field(field: forms.Field, model_field=None) -> tuple | dict | None:
    """``(valid, wrong)`` strategies for ``field``, or ``{suffix: (valid, wrong)}`` for a
    field posted in parts (a date and a time), or None for what a browser does not send."""
    widget = getattr(field.widget, "widget", field.widget)  # the admin wraps related widgets
    if field.disabled or isinstance(field, InlineForeignKeyField):
        return None
    if isinstance(field, ModelChoiceField):  # ModelMultipleChoiceField too
        key = field.to_field_name or "pk"
        values = list(field.queryset.values_list(key, flat=True)[:20])
        if isinstance(field, ModelMultipleChoiceField):
            return choices(values)
        return choice(values if field.required else [*values, ""])
    if isinstance(field, forms.MultipleChoiceField):
        return choices(_choice_values(field.choices))
    if isinstance(field, forms.ChoiceField):
        return choice(_choice_values(field.choices))
    if isinstance(field, forms.NullBooleanField):
        return choice(["true", "false", "unknown"])
    if isinstance(field, forms.BooleanField):
        return checkbox()
    if isinstance(field, forms.FileField):
        return file_field("logo.png" if isinstance(field, forms.ImageField) else "rapport.pdf")
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return number(
            *_numbers_within([*field.validators, *getattr(model_field, "validators", [])])
        )
    if isinstance(field, forms.SplitDateTimeField):
        return {"_0": day("2014-03-05", "05/03/2014"), "_1": TIME}
    if isinstance(field, forms.DateTimeField):
        return valid_or(st.sampled_from(["2014-03-05 09:00", "05/03/2014 09:00"]), hostile_date())
    if isinstance(field, forms.DateField):
        return day("2014-03-05", "05/03/2014")
    if isinstance(field, forms.TimeField):
        return TIME
    if isinstance(field, forms.JSONField):
        return valid_or(
            st.sampled_from(["{}", "[]", '{"a": "<script>alert(1)</script>"}', "null"]),
            hostile_text(30),
        )
    if isinstance(field, forms.EmailField):
        return valid_or(
            st.sampled_from(["personne@example.org", "X@example.org"]), hostile_text(40)
        )
    if isinstance(field, forms.URLField):
        return URL
    if isinstance(field, forms.SlugField):
        slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=40)
        return valid_or(st.one_of(slug, st.sampled_from(ADDRESS_WORDS)), hostile_text(40))
    if isinstance(widget, forms.PasswordInput):  # the same in both boxes, or anything
        return valid_or(st.just("Un-mot-de-passe-2014"), hostile_text(30))
    if isinstance(field, forms.CharField):
        valid, wrong = text() if isinstance(widget, forms.Textarea) else line()
        if field.max_length:
            valid = valid.map(lambda value, limit=field.max_length: value[:limit])
        return valid, wrong
    return hostile_text(), hostile_text()


def _is_text(field: forms.Field) -> bool:
    """A field whose value comes back as typed when the form has errors."""
    widget = getattr(field.widget, "widget", field.widget)
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, forms.JSONField)
        and not isinstance(widget, forms.PasswordInput | forms.HiddenInput)
    )


def form_fields(form: BaseForm) -> tuple[dict, list[str]]:
    """What ``submission`` needs to fill ``form`` (an unbound instance), read from its
    fields: ``(valid, wrong)`` strategies under the names the browser posts (prefixed, in
    parts), and the names of the text fields (``assert_kept``). A field added to the
    model, hence to a ModelForm, is filled without a change to the test."""
    model = getattr(getattr(form, "_meta", None), "model", None)  # a ModelForm's
    fields, texts = {}, []
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            model_field = None
        spec, key = _one_field(field, model_field), form.add_prefix(name)
        if isinstance(spec, dict):
            fields.update({key + suffix: part for suffix, part in spec.items()})
        elif spec is not None:
            fields[key] = spec
            if _is_text(field):
                texts.append(key)
    return fields, texts


class _FormReader(HTMLParser):
    """What a browser would send of the form ``form_id`` as the page shows it."""

    SKIPPED_INPUTS = frozenset({"submit", "button", "image", "reset", "file"})

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.pairs: list[tuple[str, str]] = []
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        elif not self.inside or (name is None and tag != "option"):
            return
        elif tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind in self.SKIPPED_INPUTS or (
                kind in ("checkbox", "radio") and "checked" not in attributes
            ):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.pairs.append((name, attributes.get("value") or default))
        elif tag == "select":
            self.select, self.options = (name, "multiple" in attributes), []
        elif tag == "option" and self.select:
            self.options.append((attributes.get("value") or "", "selected" in attributes))
        elif tag == "textarea":
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.pairs += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            self.pairs.append((name, value.removeprefix("\n")))
            self.textarea = None


def form_as_sent(content: str, form_id: str) -> dict:
    """The POST data a browser sends for the form ``form_id`` of ``content`` (a page), left
    as it is: hidden fields, management forms of the formsets, selected options, checked
    boxes; no button, no file, nothing of the template rows (``__prefix__``)."""
    reader = _FormReader(form_id)
    reader.feed(content)
    reader.close()
    data: dict = {}
    for name, value in reader.pairs:
        if "__prefix__" in name:
            continue
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data


# --- Running one example ---------------------------------------------------------


@contextmanager
def one_example():
    """A savepoint rolled back once the example is done, with an empty cache and outbox."""
    cache.clear()
    mail.outbox = []
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- Checks ------------------------------------------------------------------------


def assert_answered(response) -> None:
    assert response.status_code in ALLOWED_STATUSES, (
        f"{response.status_code} for {response.request.get('PATH_INFO')}"
    )


#: Scripts of the site served from elsewhere than ``/static/``: the admin's translations.
SITE_SCRIPTS = frozenset({"/admin/jsi18n/"})


class _MarkupCollector(HTMLParser):
    """Every piece of markup that could run code in a browser, as it parses the page."""

    URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster"})
    # The site draws its own charts in inline SVG: its attributes are checked like the rest.
    FOREIGN_TAGS = frozenset({"iframe", "object", "embed", "frame", "frameset", "base"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        source = attributes.get("src") or ""
        if tag == "script" and not (source.startswith("/static/") or source in SITE_SCRIPTS):
            self.found.append(f"<script {attrs}>")
        if tag in self.FOREIGN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.found.append(f"<{tag} style=…>")
            elif name in self.URL_ATTRIBUTES and _dangerous_url(value or ""):
                if not (tag == "img" and _image_data(value)):
                    self.found.append(f"<{tag} {name}={value[:60]!r}>")

    handle_startendtag = handle_starttag


_IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\ufeff]+")


def _image_data(value: str) -> bool:
    """An image carried in its address (allauth's QR code of the two-factor set-up): as the
    ``src`` of an ``<img>``, even an SVG runs no script."""
    return _IGNORED_IN_SCHEMES.sub("", html.unescape(value)).lower().startswith("data:image/")


def _dangerous_url(value: str) -> bool:
    """What a browser would read as a script address, whatever the spacing and case."""
    squeezed = _IGNORED_IN_SCHEMES.sub("", html.unescape(value)).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


def unsafe_markup(content: str) -> list[str]:
    """Markup of ``content`` that would run code or style in a browser."""
    parser = _MarkupCollector()
    parser.feed(content)
    parser.close()
    return parser.found


def assert_no_script(response) -> None:
    """The page (when it is HTML) holds no markup that a user could have planted."""
    if "html" not in response.get("Content-Type", ""):
        return
    content = response.content.decode("utf-8", errors="replace")
    found = unsafe_markup(content)
    assert not found, f"unsafe markup in {response.request.get('PATH_INFO')}: {found[:5]}"


def assert_emails_safe() -> None:
    """The HTML part of every email sent holds no markup a user could have planted; no
    header (subject, addresses) holds a line break."""
    if mail.outbox:
        event("emails sent")  # --hypothesis-show-statistics
    for message in mail.outbox:
        for header in (message.subject, *message.to):
            assert "\n" not in header and "\r" not in header, header[:80]
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                found = unsafe_markup(content)
                assert not found, f"unsafe markup in an email: {found[:5]}"
    mail.outbox = []


def bound_forms_with_errors(response) -> list[BaseForm]:
    """The bound forms with errors in the page's context, also inside dicts and lists."""
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    found: dict[int, BaseForm] = {}

    def walk(value, depth: int) -> None:
        if isinstance(value, BaseForm):
            if value.is_bound and value.errors:
                found[id(value)] = value
        elif isinstance(value, AdminForm):  # the Django admin wraps its form
            walk(value.form, depth)
        elif isinstance(value, InlineAdminFormSet):  # and the forms of its inlines
            walk(list(value.formset.forms), depth)
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif depth < 3 and isinstance(value, list | tuple):
            for item in value[:50]:
                walk(item, depth + 1)

    for context in contexts:
        walk(context.flatten(), 0)
    return list(found.values())


def assert_kept(response, data: dict, text_fields) -> None:
    """When a form comes back with errors, each text it shows holds what was typed, escaped."""
    if response.status_code != 200:
        return
    content = response.content.decode("utf-8")
    for form in bound_forms_with_errors(response):
        posted_names = {form.add_prefix(field) for field in form.fields}  # inlines: prefixed
        for name in text_fields:
            value = typed(data, name)
            if name not in posted_names or not isinstance(value, str):
                continue
            assert html.escape(value) in content, (
                f"{name!r} was typed as {value[:80]!r} and is not in the page again"
            )


def assert_page_safe(client, url: str) -> None:
    """GET ``url`` (a page showing what was stored): answered, and no planted markup."""
    response = client.get(url)
    assert_answered(response)
    assert_no_script(response)


def post_and_check(client, url: str, data: dict, text_fields=(), *, follow_pages=()):
    """POST ``data`` to ``url`` and check the answer; on success, the page it leads to and
    ``follow_pages`` (URLs, or callables giving one), which show what was stored."""
    # Notifications go out on commit: run them, so that the emails are checked too.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    assert_emails_safe()
    event(f"{resolve(urlsplit(url).path).url_name}: {response.status_code}")  # statistics
    assert_answered(response)
    assert_no_script(response)
    assert_kept(response, data, text_fields)
    if response.status_code == 302:
        if response.url.startswith("/") and not response.url.startswith("//"):
            # Where a success leads (the new object's page, most often) must answer.
            landing = client.get(response.url)
            assert landing.status_code == 200, f"{landing.status_code} for {response.url}"
            assert_no_script(landing)
        for page in follow_pages:
            assert_page_safe(client, page() if callable(page) else page)
    return response
