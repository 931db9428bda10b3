"""Reading documents: formats, encodings, and bad input with clear messages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from chainkg.errors import LoadError
from chainkg.loaders.reading import decode_text, html_text, read_document

TEXT = "长沙星河液压科技有限公司为三一重工配套液压件。\n湖南麓江回转支承有限公司落户湘潭经开区。"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16")],
)
def test_text_encodings_are_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode(encoding))
    document = read_document(path)
    assert document.text == TEXT
    assert document.encoding == expected


def test_big5_traditional_text_is_detected(tmp_path: Path) -> None:
    traditional = "長沙星河液壓科技有限公司為三一重工配套液壓件，產業鏈上游的關鍵零部件實現國產替代。"
    path = tmp_path / "doc.txt"
    path.write_bytes(traditional.encode("big5"))
    assert read_document(path).text == traditional
    assert read_document(path).encoding == "big5"


def test_same_text_in_any_encoding_has_the_same_content_hash(tmp_path: Path) -> None:
    hashes = set()
    for number, encoding in enumerate(("utf-8", "gbk", "utf-8-sig")):
        path = tmp_path / f"{number}.txt"
        path.write_bytes(TEXT.encode(encoding))
        hashes.add(read_document(path).content_hash)
    assert len(hashes) == 1


def test_html_gives_the_body_text_without_tags_scripts_or_styles(tmp_path: Path) -> None:
    page = (
        "<html><head><title>标题</title><style>p{color:red}</style></head><body>"
        "<script>alert('三一重工')</script><h1>湖南配套</h1><p>长沙星河液压科技有限公司为"
        "<b>三一重工</b>配套液压件。</p><noscript>x</noscript></body></html>"
    )
    assert html_text(page) == "湖南配套\n长沙星河液压科技有限公司为三一重工配套液压件。"
    path = tmp_path / "doc.html"
    path.write_text(page, "utf-8")
    assert "alert" not in read_document(path).text


def test_docx_paragraphs_are_read(tmp_path: Path) -> None:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in TEXT.splitlines())
    xml = f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    path = tmp_path / "doc.docx"
    path.write_bytes(buffer.getvalue())
    assert read_document(path).text == TEXT


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "doc.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    for number, line in enumerate(TEXT.splitlines()):
        page.drawString(40, 800 - 20 * number, line)
    page.save()
    assert read_document(path).text.split() == TEXT.split()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("noise.txt", bytes(range(128, 256)) * 8, "cannot decode the text (not UTF-8, GB18030 or Big5)"),
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "cannot read the PDF"),
        ("broken.docx", b"PK not a zip", "cannot read the DOCX"),
        ("spaces.txt", b"   \n\n  ", "document has no text"),
    ],
)
def test_bad_documents_raise_load_errors_naming_the_file(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        read_document(path)
    assert info.value.what.startswith(message)
    assert info.value.where == str(path)
    assert info.value.fix


def test_a_document_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MiB, one line, sparse on disk
    with pytest.raises(LoadError, match=r"document too large \(50.0 MiB, the limit is 20 MiB\)"):
        read_document(path)


def test_decode_text_rejects_nothing_it_can_read() -> None:
    assert decode_text(b"ASCII only", "a.txt") == ("ASCII only", "utf-8")
