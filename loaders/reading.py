"""Reading documents into text: .txt, .md, .html, .pdf (text layer), .docx.

Text files are decoded by their byte-order mark, else as UTF-8, else as the
more plausible of GB18030 and Big5 (the share of common Chinese characters
decides). Bad input raises :class:`~chainkg.errors.LoadError` with the file and
a fix: binary data, no text, undecodable bytes.

>>> decode_text("湖南工程机械".encode("gbk"), "a.txt")[1]
'gb18030'
>>> decode_text("湖南工程機械產業".encode("big5"), "a.txt")[1]
'big5'
"""

from __future__ import annotations

import gzip
import hashlib
import html.parser
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

from chainkg.errors import LoadError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "RawDocument",
    "data_suffix",
    "decode_text",
    "html_text",
    "read_bytes",
    "read_document",
]

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})

# Frequent characters in Chinese text, simplified and traditional forms.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支"
    "般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严龙飞們個國時來為發會對後現實東門產機業經車開關電長過動區質這點體問與應"
)


@dataclass(frozen=True)
class RawDocument:
    """A document's text as read, before normalisation."""

    path: Path
    text: str
    title: str
    encoding: str
    content_hash: str


MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_MIN_PLAUSIBILITY = 0.25


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> RawDocument:
    """Read a document by its suffix; raise LoadError on anything unusable."""
    path = Path(path)
    _check_size(path, max_bytes)
    data = read_bytes(path)
    suffix = data_suffix(path)
    if suffix == ".pdf":
        text, encoding = _pdf_text(data, path), "pdf"
    elif suffix == ".docx":
        text, encoding = _docx_text(data, path), "docx"
    else:
        text, encoding = decode_text(data, str(path))
        if suffix in (".html", ".htm"):
            text = html_text(text)
    if not text.strip():
        raise LoadError("document has no text", str(path), "check the file; scanned PDFs need OCR first")
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), "")[:200]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return RawDocument(path, text, title, encoding, digest)


def _check_size(path: Path, max_bytes: int) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise LoadError("no such file", str(path), "check the path") from exc
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror}", str(path), "check the file's permissions") from exc
    if size > max_bytes:
        raise LoadError(
            f"document too large ({size / 2**20:.1f} MiB, the limit is {max_bytes / 2**20:.0f} MiB)",
            str(path),
            "split it into smaller documents or raise the limit (--max-doc-mb)",
        )


def read_bytes(path: Path) -> bytes:
    """A file's bytes (a ``.gz`` file's uncompressed), or LoadError naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError("no such file", str(path), "check the path") from exc
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror}", str(path), "check the file's permissions") from exc
    if path.suffix.lower() != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise LoadError(
            f"cannot uncompress: {exc}", str(path), "give a whole gzip file, or drop the .gz suffix"
        ) from exc


def data_suffix(path: Path) -> str:
    """A file's type suffix, lower case, looking through a final ``.gz``.

    >>> data_suffix(Path("company.JSON.gz")), data_suffix(Path("a.csv")), data_suffix(Path("x.gz"))
    ('.json', '.csv', '')
    """
    name = Path(path.name[:-3]) if path.name.lower().endswith(".gz") else path
    return name.suffix.lower()


def decode_text(data: bytes, where: str) -> tuple[str, str]:
    """Decode text bytes; return ``(text, encoding)``."""
    if not data:
        raise LoadError("empty file", where, "give a file with text in it")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _decode(data, encoding, where), encoding
    if b"\x00" in data[:4096]:
        raise LoadError("binary file, not text", where, "give a text, HTML, PDF or DOCX document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), encoding, text))
    score, encoding, text = max(candidates, default=(0.0, "", ""))
    if score < _MIN_PLAUSIBILITY:
        raise LoadError("cannot decode the text (not UTF-8, GB18030 or Big5)", where, "save the file as UTF-8")
    return text, encoding


def _decode(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"undecodable bytes at offset {exc.start} ({encoding})", where, "save the file as UTF-8"
        ) from exc


def _plausibility(text: str) -> float:
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


class _HTMLText(html.parser.HTMLParser):
    """Visible text of an HTML page: no tags, scripts, styles or head."""

    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "head", "svg", "iframe"}
    BLOCKS: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "title",
        "td",
        "th",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text of an HTML document, one block per line."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _pdf_text(data: bytes, path: Path) -> str:
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many types on broken files
        raise LoadError(f"cannot read the PDF: {exc}", str(path), "check that it is a PDF with a text layer") from exc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, path: Path) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise LoadError(f"cannot read the DOCX: {exc}", str(path), "check that it is a Word .docx file") from exc
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter() if node.tag in (f"{_W}t",)))
    return "\n".join(paragraphs)
