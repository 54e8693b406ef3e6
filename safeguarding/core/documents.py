"""Generated documents: a PDF drawn from an HTML template's output by WeasyPrint, with nothing
fetched from anywhere (DESIGN.md, "Documents and charts")."""

from __future__ import annotations


def pdf_from_html(html: str, stylesheet: str = "") -> bytes:
    """The HTML as a PDF. WeasyPrint is given the stylesheet as text and a fetcher that refuses
    every address, so rendering never reaches the network or the disk."""
    import weasyprint

    class NothingFetched(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Not fetched: {url}")

    stylesheets = [weasyprint.CSS(string=stylesheet)] if stylesheet else []
    return weasyprint.HTML(string=html, url_fetcher=NothingFetched()).write_pdf(
        stylesheets=stylesheets)


def zip_of(files: dict[str, bytes | str]) -> bytes:
    """A ZIP archive of named files (text is stored as UTF-8)."""
    import zipfile
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()
