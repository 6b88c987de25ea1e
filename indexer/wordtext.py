"""Word (.docx) → paragraphs (python-docx). Paragraphs are real paragraphs, so no unwrapping is
needed; tabs (used to pad names and separate entries) become two spaces; headers and footers
(page numbers) live in their own parts and are not read. Tables are read row by row."""

from __future__ import annotations

import io
import zipfile

from .errors import SourceError


def read_docx(data: bytes, path: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():  # paragraphs and tables, in document order
            if hasattr(block, "rows"):
                lines += ["  ".join(cell.text for cell in row.cells) for row in block.rows]
            else:
                lines.append(block.text)
    except MemoryError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(path, f"broken Word document ({type(exc).__name__})") from None
    except Exception as exc:  # python-docx on a damaged package: XML, relationship, attribute errors
        raise SourceError(path, f"broken Word document ({type(exc).__name__})") from None
    text = "\n".join(line.replace("\t", "  ").replace("\u00a0", " ") for line in lines if line.strip())
    if not text.strip():
        raise SourceError(path, "Word document has no text")
    return text + "\n"
