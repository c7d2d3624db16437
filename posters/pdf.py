"""Posters (one US letter page) and card sheets (four cards to cut) as PDF, with ReportLab.

Black on white, large type, meaning never carried by colour alone; real text in an embedded font (Bitstream Vera,
shipped with ReportLab), so screen readers and search read it; the title and language are set in the document.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .content import Subject
from .qr import QRCode

FONT_DIR = Path(reportlab.__file__).parent / "fonts"
REGULAR, BOLD, ITALIC = "Vera", "Vera-Bold", "Vera-Italic"
PAGE_WIDTH, PAGE_HEIGHT = letter
MARGIN = 0.6 * inch
CARD_ROWS = 4
LANGUAGE_TAGS = {"fr": "fr-CA", "en": "en-CA", "both": "fr-CA"}

FREE = _("Free")
PUBLIC_SERVICE = _("Public employment service")
PHONE = _("Phone")
ADDRESS = _("Address")
HOURS = _("Opening hours")
NO_HOURS = _("Call before you go.")
FOR = _("For")
HELP_WITH = _("Help with")
SCAN = _("Scan with your phone’s camera for the map, hours and directions.")
SCAN_REGION = _("Scan to find the centre nearest to you.")
SAMPLE = _("Sample data: fictional listing, do not contact.")
MUNICIPALITY = _("Municipality")
CENTRE = _("Centre")
MORE = _("And %(count)s more: scan the code or visit the site.")
NOT_LISTED = _("Days not listed: closed.")


@cache
def fonts() -> None:
    """Registered once per process (ReportLab keeps fonts in a module-level registry)."""
    pdfmetrics.registerFont(TTFont(REGULAR, FONT_DIR / "Vera.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "VeraBd.ttf"))
    pdfmetrics.registerFont(TTFont(ITALIC, FONT_DIR / "VeraIt.ttf"))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _style(size: float, *, font: str = REGULAR, leading: float | None = None, after: float = 0, **extra):
    return ParagraphStyle(
        f"{font}-{size}", fontName=font, fontSize=size, leading=leading or size * 1.22, spaceAfter=after, **extra
    )


def _languages(language: str) -> tuple[str, ...]:
    return ("fr", "en") if language == "both" else (language,)


def label(text, language: str) -> str:
    """A fixed text in the poster's language, or "French / English" on a bilingual one."""
    parts = []
    for code in _languages(language):
        with translation.override(code):
            parts.append(str(text))
    return " / ".join(dict.fromkeys(parts))


def _both(subject: Subject, language: str, attribute: str) -> list[str]:
    """A sheet's field in each language of the poster, without repeating a value that is the same in both."""
    return list(dict.fromkeys(getattr(subject.sheets[code], attribute) for code in _languages(language)))


def _nobreak(phone: str) -> str:
    """A phone number never broken across lines."""
    return phone.replace(" ", "\u00a0")


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def _hours(subject: Subject, language: str) -> list[tuple[str, tuple[str, ...]]]:
    """Day and hours; on a bilingual poster "Lundi / Monday" with the French times."""
    first = subject.sheets[_languages(language)[0]].hours
    if language != "both":
        return list(first)
    english = dict(enumerate(day for day, _hours in subject.sheets["en"].hours))
    return [(f"{day} / {english.get(index, '')}", hours) for index, (day, hours) in enumerate(first)]


def _lines(texts: tuple[str, ...], style) -> Paragraph:
    return Paragraph("<br/>".join(escape(text) for text in texts), style)


def _free_box(language: str, size: float, width: float) -> Table:
    table = Table(
        [[_p(label(FREE, language).upper(), _style(size, font=BOLD, alignment=1))]], colWidths=[width], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 3, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), size * 0.25),
                ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.35),
            ]
        )
    )
    return table


def _qr_block(url: str, printed_url: str, caption: str, size: float, text_size: float, width: float) -> Table:
    text = [_p(caption, _style(text_size, after=4)), _p(printed_url, _style(text_size * 0.9, font=BOLD))]
    table = Table([[text, QRCode(url, size)]], colWidths=[width - size - 8, size + 8], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _rows_table(subject: Subject, language: str, size: float, width: float, limit: int) -> list:
    sheet = subject.sheets[_languages(language)[0]]
    rows = sheet.rows[:limit]
    more = sheet.more + len(sheet.rows) - len(rows)
    # An organisation's poster lists its own offices: where they are says more than its name again.
    by_address = subject.kind == "organization"
    header = [
        _p(label(MUNICIPALITY, language), _style(size, font=BOLD)),
        _p(label(ADDRESS if by_address else CENTRE, language), _style(size, font=BOLD)),
        _p(label(PHONE, language), _style(size, font=BOLD)),
    ]
    if size < 10:  # a card: one short paragraph per place
        flow = [
            _p(
                f"{_nobreak(row.phone)} — {row.address if by_address else row.name} ({row.municipality})",
                _style(size, after=2),
            )
            for row in rows
        ]
        if more:
            flow.append(_p(label(MORE, language) % {"count": more}, _style(size, font=ITALIC)))
        return flow
    data = [header] + [
        [
            _p(row.municipality, _style(size)),
            _p(row.address if by_address else row.name, _style(size)),
            _p(_nobreak(row.phone), _style(size, font=BOLD)),
        ]
        for row in rows
    ]
    table = Table(data, colWidths=[width * 0.3, width * 0.45, width * 0.25], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    flow = [table]
    if more:
        flow += [Spacer(1, 4), _p(label(MORE, language) % {"count": more}, _style(size, font=ITALIC))]
    return flow


def story(subject: Subject, language: str, *, url: str, printed_url: str, scale: float, width: float) -> list:
    """The flowables of one poster (scale 1) or one card (scale about 0.5)."""
    s = scale
    codes = _languages(language)
    flow: list = [_p(label(PUBLIC_SERVICE, language).upper(), _style(11 * s + 2, font=BOLD, after=4 * s))]
    flow += [_p(title, _style(34 * s, font=BOLD, after=4 * s)) for title in _both(subject, language, "title")]
    flow += [_p(" / ".join(_both(subject, language, "subtitle")), _style(17 * s + 1, after=8 * s))]
    if subject.sheets[codes[0]].is_sample:
        flow.append(
            _p(
                label(SAMPLE, language),
                _style(11 * s + 1, font=BOLD, borderWidth=1, borderColor=colors.black, borderPadding=3, after=8 * s),
            )
        )
    if scale >= 1:
        for index, code in enumerate(codes):
            about = subject.sheets[code].about
            if about:
                font = ITALIC if index else REGULAR
                flow.append(_p(about, _style(13 if language == "both" else 15, font=font, after=6)))
        if subject.kind == "point":
            for heading, attribute in ((FOR, "clienteles"), (HELP_WITH, "kinds")):
                values = " / ".join(", ".join(getattr(subject.sheets[c], attribute)) for c in codes)
                if values.strip(" /"):
                    colon = (
                        ": " if language == "en" else "\u00a0: "
                    )  # French typography on French and bilingual posters
                    text = f"<b>{escape(label(heading, language))}</b>{colon}{escape(values)}"
                    flow.append(Paragraph(text, _style(13, after=4)))
    flow += [Spacer(1, 8 * s), _free_box(language, 30 * s + 4, width), Spacer(1, 10 * s)]
    sheet = subject.sheets[codes[0]]
    if sheet.phones:
        flow.append(_p(label(PHONE, language), _style(12 * s + 2, font=BOLD)))
        flow += [_p(_nobreak(phone), _style(28 * s + 2, font=BOLD, after=2)) for phone in sheet.phones]
        flow.append(Spacer(1, 6 * s))
    if sheet.address:
        flow += [
            _p(label(ADDRESS, language), _style(12 * s + 2, font=BOLD)),
            _p(sheet.address, _style(15 * s + 2, after=6 * s)),
        ]
    if subject.kind == "point":
        flow.append(_p(label(HOURS, language), _style(12 * s + 2, font=BOLD)))
        hours = _hours(subject, language)
        if hours:
            day_width = (2.6 if language == "both" else 1.6) * inch * max(s, 0.6)
            table = Table(
                [[_p(day, _style(13 * s + 1)), _lines(ranges, _style(13 * s + 1, font=BOLD))] for day, ranges in hours],
                colWidths=[day_width, width - day_width],
                hAlign="LEFT",
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            flow += [table, _p(label(NOT_LISTED, language), _style(10 * s + 1, font=ITALIC))]
        else:
            flow.append(_p(label(NO_HOURS, language), _style(13 * s + 1)))
    elif sheet.rows and scale >= 1:
        flow += _rows_table(subject, language, 11 if len(sheet.rows) > 20 else 13, width, len(sheet.rows))
    elif sheet.rows:  # a card: the first few places, the rest behind the QR code
        flow += _rows_table(subject, language, 9, width, CARD_ROWS)
    flow.append(Spacer(1, 12 * s))
    caption = label(SCAN_REGION if subject.kind == "region" else SCAN, language)
    flow.append(_qr_block(url, printed_url, caption, 2.4 * inch * max(s, 0.55), 13 * s + 2, width))
    return flow


def _document(buffer, subject: Subject, language: str, frames: list[Frame], on_page=None) -> BaseDocTemplate:
    fonts()
    title = " / ".join(_both(subject, language, "title"))
    document = BaseDocTemplate(
        buffer,
        pagesize=letter,
        title=title,
        author="Trouve ton X",
        subject=label(FREE, language) + " — " + label(PUBLIC_SERVICE, language),
        creator="Trouve ton X",
        lang=LANGUAGE_TAGS[language],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=on_page or (lambda c, d: None))])
    return document


def poster_pdf(subject: Subject, language: str, *, url: str, printed_url: str) -> bytes:
    """One letter page; content that would overflow is shrunk to fit, never cut or sent to a second page."""
    buffer = io.BytesIO()
    width, height = PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN
    frame = Frame(
        MARGIN, MARGIN, width, height, id="poster", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    document = _document(buffer, subject, language, [frame])
    content = story(subject, language, url=url, printed_url=printed_url, scale=1, width=width)
    document.build([KeepInFrame(width, height, content, mode="shrink")])
    return buffer.getvalue()


def _cut_lines(canvas, document) -> None:
    canvas.saveState()
    canvas.setDash(4, 4)
    canvas.setLineWidth(0.5)
    canvas.line(PAGE_WIDTH / 2, 0.25 * inch, PAGE_WIDTH / 2, PAGE_HEIGHT - 0.25 * inch)
    canvas.line(0.25 * inch, PAGE_HEIGHT / 2, PAGE_WIDTH - 0.25 * inch, PAGE_HEIGHT / 2)
    canvas.restoreState()


def cards_pdf(subject: Subject, language: str, *, url: str, printed_url: str) -> bytes:
    """Four identical cards (a quarter of a letter page each) to cut along the dashed lines."""
    buffer = io.BytesIO()
    pad = 0.35 * inch
    width, height = PAGE_WIDTH / 2 - 2 * pad, PAGE_HEIGHT / 2 - 2 * pad
    frames = [
        Frame(
            x * PAGE_WIDTH / 2 + pad,
            y * PAGE_HEIGHT / 2 + pad,
            width,
            height,
            id=f"card{x}{y}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for y in (1, 0)
        for x in (0, 1)
    ]
    document = _document(buffer, subject, language, frames, on_page=_cut_lines)
    flow: list = []
    for index in range(4):
        content = story(subject, language, url=url, printed_url=printed_url, scale=0.5, width=width)
        flow.append(KeepInFrame(width, height, content, mode="shrink"))
        if index < 3:
            flow.append(FrameBreak())
    document.build(flow)
    return buffer.getvalue()
