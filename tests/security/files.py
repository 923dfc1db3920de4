"""Small valid files made by the tests, with the metadata an office camera or word processor leaves."""

import io

from PIL import Image


def png_bytes(size=(24, 16), colour=(180, 40, 40)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, "PNG")
    return output.getvalue()


def jpeg_with_metadata(author: str, size=(64, 48)) -> bytes:
    """A JPEG whose EXIF names `author` (Artist, ImageDescription, Copyright) and whose XMP does too."""
    exif = Image.Exif()
    exif[0x013B] = author  # Artist
    exif[0x010E] = f"Foto kegiatan {author}"  # ImageDescription
    exif[0x8298] = author  # Copyright
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    output = io.BytesIO()
    Image.new("RGB", size, (30, 110, 60)).save(output, "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp)
    return output.getvalue()


def pdf_bytes(*, author: str = "", title: str = "") -> bytes:
    """A one-page PDF; with `author`, its document information names the author as Author and Creator."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    metadata = {}
    if author:
        metadata["/Author"] = author
        metadata["/Creator"] = author
    if title:
        metadata["/Title"] = title
    if metadata:
        writer.add_metadata(metadata)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
