"""Reading back what the posters' views make: PDF text and metadata, the QR code in a rendered page, head tags."""

import io
from html.parser import HTMLParser

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text layer (non-breaking spaces read as spaces)."""
    return "\n".join(page.extract_text() for page in pdf_reader(data).pages).replace("\u00a0", " ")


def pdf_image(data: bytes, scale: float = 2.0):
    """The first page as a Pillow image, as a phone's camera would see it printed."""
    document = pypdfium2.PdfDocument(data)
    try:
        return document[0].render(scale=scale).to_pil().convert("L")
    finally:
        document.close()


def qr_texts(data: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(pdf_image(data)) if result.format.name.startswith("QR")]


class HeadParser(HTMLParser):
    """The <head>'s meta and link tags, as a social network's crawler reads them (no script runs)."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self._in_head = self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif self._in_head and tag == "meta":
            name = values.get("property") or values.get("name")
            if name:
                self.meta.setdefault(name, []).append(values.get("content", ""))
        elif self._in_head and tag == "link" and values.get("rel"):
            self.links[values["rel"]] = values.get("href", "")
        elif self._in_head and tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self._in_head = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser
