"""Checks for uploaded files: decide by content, never by name, and keep nothing a browser could run.

`check_upload` returns the bytes to store (a re-encoded image without metadata, or a PDF rewritten without
document information and XMP metadata) or raises a ValidationError with a message in Bahasa Indonesia.
Nothing here writes to storage: a refused file never reaches MEDIA_ROOT.
"""

import hashlib
import io
import logging
import os
import re
import struct
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger("kipp.uploads")

MAX_NAME_LENGTH = 200

PDF = "pdf"
IMAGE = "image"


@dataclass(frozen=True)
class FileFormat:
    family: str  # IMAGE or PDF
    pillow_format: str | None
    content_type: str
    extension: str
    label: str


JPEG = FileFormat(IMAGE, "JPEG", "image/jpeg", ".jpg", "JPEG")
PNG = FileFormat(IMAGE, "PNG", "image/png", ".png", "PNG")
WEBP = FileFormat(IMAGE, "WEBP", "image/webp", ".webp", "WebP")
PDF_FORMAT = FileFormat(PDF, None, "application/pdf", ".pdf", "PDF")

EXTENSIONS = {
    IMAGE: {".jpg", ".jpeg", ".jpe", ".png", ".webp"},
    PDF: {".pdf"},
}
ACCEPT_ATTRIBUTE = ".jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf"

# Markers of markup or scripts that have no business inside a photo (polyglot files).
_MARKUP = re.compile(
    rb"<\s*(?:html|script|body|iframe|svg|object|embed|meta|!doctype)|<\?php|javascript:", re.IGNORECASE
)
# PDF names that run code, launch programs or carry files. Matched on the raw bytes as a first filter
# (with a delimiter after the name, so /JSON or /AAPL:Keywords do not match) and again on the parsed
# objects, where pypdf has already decoded #xx escapes and decompressed object streams.
_PDF_RAW_DANGER = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)")
_PDF_DANGEROUS_KEYS = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/Launch",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/EF",
    "/RichMedia",
    "/XFA",
}
_PDF_DANGEROUS_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToE",
    "/GoToR",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
}
_PDF_MAX_OBJECTS = 200_000
# Metadata keys removed everywhere in a rewritten PDF: XMP streams and application private data.
_PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, ready to store."""

    content: bytes
    format: FileFormat
    original_name: str
    uploaded_size: int

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def is_image(self) -> bool:
        return self.format.family == IMAGE


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def clean_original_name(name: str | None) -> str:
    """Return the name to show for the file, or refuse names that hide their true nature.

    Names with path parts, control characters (NUL), direction overrides (U+202E makes "gpj.exe" look
    like "exe.jpg") or an unreasonable length are refused, not silently rewritten, so the person sees
    what happened. The file is stored under a random name in any case.
    """
    if name is None or not str(name).strip():
        _refuse(_("Nama berkas kosong. Beri nama berkas lalu unggah lagi."), "name_empty")
    name = unicodedata.normalize("NFC", str(name)).strip()
    if len(name) > MAX_NAME_LENGTH:
        _refuse(
            _("Nama berkas terlalu panjang (%(length)d karakter); maksimal %(max)d karakter. Perpendek namanya.")
            % {"length": len(name), "max": MAX_NAME_LENGTH},
            "name_too_long",
        )
    if "/" in name or "\\" in name or name.startswith(".."):
        _refuse(
            _("Nama berkas tidak boleh berisi jalur folder (“/”, “\\” atau “..”)."),
            "name_path",
        )
    for char in name:
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}:
            _refuse(
                _(
                    "Nama berkas berisi karakter tersembunyi atau karakter kendali (misalnya pembalik arah teks). "
                    "Ganti nama berkas dengan huruf, angka dan tanda baca biasa."
                ),
                "name_control",
            )
    stem, _extension = os.path.splitext(name)
    if name.startswith(".") or not stem.strip(" ."):
        _refuse(_("Nama berkas tidak sah. Beri nama berkas lalu unggah lagi."), "name_empty")
    return name


def sniff_format(head: bytes) -> FileFormat | None:
    """Recognise the allowed formats by their first bytes."""
    if head.startswith(b"%PDF-"):
        return PDF_FORMAT
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _unsupported_message(head: bytes, name: str) -> str:
    lowered = head.lower()
    if name.lower().endswith((".svg", ".svgz")) or b"<svg" in lowered:
        return _("Berkas SVG tidak diterima. Unggah foto JPEG, PNG atau WebP, atau dokumen PDF.")
    if b"<html" in lowered or b"<!doctype" in lowered or b"<script" in lowered:
        return _("Berkas ini berisi halaman web (HTML), bukan foto atau PDF. Unggah foto JPEG, PNG, WebP atau PDF.")
    return _("Format berkas tidak didukung. Unggah foto JPEG, PNG atau WebP, atau dokumen PDF.")


def check_upload(uploaded) -> CheckedFile:
    """Check an uploaded file completely and return what may be stored (see module docstring)."""
    name = clean_original_name(getattr(uploaded, "name", None))
    size = uploaded.size
    if not size:
        _refuse(_("Berkas kosong (0 byte). Pilih berkas yang benar."), "empty")
    photo_limit = settings.KIPP_MAX_UPLOAD_BYTES
    pdf_limit = settings.KIPP_MAX_PDF_BYTES
    if size > max(photo_limit, pdf_limit):
        # Too big for any kind: refused before a single byte is read.
        _refuse(
            _("Ukuran berkas %(size)s melebihi batas: foto maksimal %(photo)s, PDF maksimal %(pdf)s.")
            % {"size": filesizeformat(size), "photo": filesizeformat(photo_limit), "pdf": filesizeformat(pdf_limit)},
            "too_big",
        )
    uploaded.seek(0)
    head = uploaded.read(64)
    detected = sniff_format(head)
    if detected is None:
        _refuse(_unsupported_message(head, name), "format")
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS[detected.family]:
        _refuse(
            _(
                "Isi berkas tidak sesuai dengan namanya: berkas bernama “%(name)s” ternyata berisi "
                "%(label)s. Unggah berkas yang benar atau ganti ekstensinya."
            )
            % {"name": name, "label": detected.label},
            "mismatch",
        )
    limit = pdf_limit if detected.family == PDF else photo_limit
    if size > limit:
        _refuse(
            _("Ukuran %(kind)s %(size)s melebihi batas %(limit)s.")
            % {
                "kind": _("PDF") if detected.family == PDF else _("foto"),
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            "too_big",
        )
    uploaded.seek(0)
    content = _check_pdf(uploaded) if detected.family == PDF else _check_image(uploaded, detected)
    return CheckedFile(content=content, format=detected, original_name=name, uploaded_size=size)


# Images -------------------------------------------------------------------------------------------


def _broken_image():
    _refuse(_("Foto rusak atau tidak lengkap sehingga tidak dapat dibaca. Unggah ulang foto aslinya."), "broken")


def _too_many_pixels(width: int | None = None, height: int | None = None):
    cap = settings.KIPP_MAX_IMAGE_PIXELS
    if width and height:
        message = _("Resolusi foto %(width)d×%(height)d piksel terlalu besar; maksimal %(cap)s piksel.") % {
            "width": width,
            "height": height,
            "cap": f"{cap:,}".replace(",", "."),
        }
    else:
        message = _("Resolusi foto terlalu besar; maksimal %(cap)s piksel.") % {"cap": f"{cap:,}".replace(",", ".")}
    _refuse(message, "pixels")


def _open_image(source, fmt: FileFormat) -> Image.Image:
    """Open lazily (only the header is read) with the pixel cap applied."""
    Image.MAX_IMAGE_PIXELS = settings.KIPP_MAX_IMAGE_PIXELS
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(source, formats=[fmt.pillow_format])
    except Image.DecompressionBombError:
        _too_many_pixels()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, EOFError):
        _broken_image()


def _png_has_trailing_data(source) -> bool:
    """Walk the PNG chunk headers (seeking over the data) and report bytes after IEND."""
    source.seek(8)
    while True:
        header = source.read(8)
        if len(header) < 8:
            _broken_image()
        length, chunk_type = struct.unpack(">I4s", header)
        if length > 0x7FFFFFFF:
            _broken_image()
        source.seek(length + 4, os.SEEK_CUR)
        if chunk_type == b"IEND":
            return source.read(1) != b""


def _webp_has_trailing_data(source, size: int) -> bool:
    source.seek(4)
    riff_size = struct.unpack("<I", source.read(4))[0]
    declared = riff_size + 8 + (riff_size & 1)
    return size > declared


def _check_image(uploaded, fmt: FileFormat) -> bytes:
    image = _open_image(uploaded, fmt)
    width, height = image.size
    if width < 1 or height < 1:
        _broken_image()
    if width * height > settings.KIPP_MAX_IMAGE_PIXELS:
        # Decided from the header alone: a decompression bomb is refused without being decoded.
        _too_many_pixels(width, height)
    if fmt == PNG and _png_has_trailing_data(uploaded):
        _refuse(_("Foto PNG berisi data tambahan setelah akhir gambar. Simpan ulang fotonya lalu unggah."), "polyglot")
    if fmt == WEBP and _webp_has_trailing_data(uploaded, uploaded.size):
        _refuse(_("Foto WebP berisi data tambahan setelah akhir gambar. Simpan ulang fotonya lalu unggah."), "polyglot")
    uploaded.seek(0)
    if _MARKUP.search(uploaded.read()):
        _refuse(
            _("Foto ini juga berisi kode halaman web atau skrip dan tidak dapat diterima. Unggah foto aslinya."),
            "polyglot",
        )
    try:
        _open_image(uploaded, fmt).verify()
        image = _open_image(uploaded, fmt)
        image.load()
        return _reencode(image, fmt)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _too_many_pixels(width, height)
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, MemoryError):
        _broken_image()


def _reencode(image: Image.Image, fmt: FileFormat) -> bytes:
    """Draw the pixels into a fresh image and save it: no EXIF, XMP, ICC or text chunks survive."""
    image = ImageOps.exif_transpose(image)
    if fmt == JPEG:
        target_mode = image.mode if image.mode in {"L", "RGB"} else "RGB"
    elif fmt == PNG:
        if image.mode in {"P", "PA"}:
            target_mode = "RGBA" if image.mode == "PA" or "transparency" in image.info else "RGB"
        elif image.mode in {"1", "L", "LA", "RGB", "RGBA", "I;16", "I"}:
            target_mode = image.mode
        else:
            target_mode = "RGBA" if "A" in image.getbands() else "RGB"
    else:
        target_mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    if image.mode != target_mode:
        image = image.convert(target_mode)
    clean = Image.new(target_mode, image.size)
    clean.paste(image)
    output = io.BytesIO()
    if fmt == JPEG:
        clean.save(output, format="JPEG", quality=88, optimize=True)
    elif fmt == PNG:
        clean.save(output, format="PNG", compress_level=6)
    else:
        clean.save(output, format="WEBP", quality=88, method=4)
    return output.getvalue()


# PDFs ---------------------------------------------------------------------------------------------


def _broken_pdf():
    _refuse(_("PDF rusak atau tidak dapat dibaca. Simpan ulang sebagai PDF lalu unggah lagi."), "broken")


def _unsafe_pdf():
    _refuse(
        _(
            "PDF ini berisi skrip, tindakan otomatis atau berkas sisipan dan tidak dapat diterima. "
            "Cetak ulang dokumen sebagai PDF biasa (“Simpan sebagai PDF”) lalu unggah lagi."
        ),
        "unsafe",
    )


def _walk_pdf(start, *, on_dict=None):
    """Visit every object reachable from `start` once, resolving indirect references."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [start]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            _refuse(_("PDF terlalu rumit untuk diperiksa. Simpan ulang sebagai PDF sederhana."), "complex")
        if isinstance(obj, DictionaryObject):
            if on_dict is not None:
                on_dict(obj)
            # dict.values() gives the raw values: references stay unresolved until popped, so each
            # indirect object is visited once however often it is referenced.
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def _resolved(value):
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _refuse_dangerous(dictionary) -> None:
    from pypdf.generic import DictionaryObject

    for key in dictionary:
        if key in _PDF_DANGEROUS_KEYS:
            _unsafe_pdf()
    action = _resolved(dict.get(dictionary, "/S"))
    if action is not None and str(action) in _PDF_DANGEROUS_ACTIONS:
        _unsafe_pdf()
    if str(_resolved(dict.get(dictionary, "/Type", ""))) == "/EmbeddedFile":
        _unsafe_pdf()
    # An OpenAction that is only a destination (open at page 1) is harmless and dropped on rewrite;
    # an action dictionary runs something when the file opens.
    if isinstance(_resolved(dict.get(dictionary, "/OpenAction")), DictionaryObject):
        _unsafe_pdf()


def _check_pdf(uploaded) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    data = uploaded.read()
    if not data.startswith(b"%PDF-"):
        _broken_pdf()
    if _PDF_RAW_DANGER.search(data):
        _unsafe_pdf()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _refuse(
                    _("PDF terkunci kata sandi tidak dapat diterima. Simpan ulang tanpa kata sandi lalu unggah."),
                    "encrypted",
                )
            _walk_pdf(reader.trailer, on_dict=_refuse_dangerous)
            if len(reader.pages) == 0:
                _refuse(_("PDF tidak berisi halaman."), "empty")
            writer = PdfWriter()
            for page in reader.pages:
                writer.add_page(page)
            writer.metadata = None

            def strip_metadata(dictionary):
                for key in _PDF_METADATA_KEYS:
                    if key in dictionary:
                        del dictionary[key]

            _walk_pdf(writer.root_object, on_dict=strip_metadata)
            output = io.BytesIO()
            writer.write(output)
            content = output.getvalue()
            if len(PdfReader(io.BytesIO(content), strict=False).pages) != len(reader.pages):
                _broken_pdf()
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, struct.error):
        logger.info("PDF refused as unreadable", exc_info=True)
        _broken_pdf()
    return content
