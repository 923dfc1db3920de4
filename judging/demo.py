"""The results part of `load_demo`: KIPP 2023 Kota Malang, scored, closed and published.

About forty proposals from Kota Malang's units, among them the ten innovations of the real 2023 Top 10
(announced by the city, not in rank order). The desk stage panel (juri1..juri5) scores each proposal three
times, assigned by the assignment planner without conflicts (juri5 belongs to Dinas Pendidikan dan
Kebudayaan and never scores a school); the committee closes the stage and the top 20 go on to the
presentation stage, where juri1..juri4 score all of them; that stage is closed and the results are
published (version 1) through the publication service. Scores are seeded from each innovation's name, so
every run gives the same numbers, and the ranking module itself puts exactly the ten on top.

Idempotent: nothing happens when KIPP 2023 already has a publication (the whole demo runs in one
transaction, so a failed run leaves nothing half done).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from competitions.enums import StageKind
from judging.models import Assignment, JuryMember, Publication
from judging.services.assignment import plan_assignment
from judging.services.conflicts import load_conflict_map
from judging.services.publication import publication_publish
from judging.services.scoring import scorecard_save
from judging.services.stages import stage_close
from submissions.enums import AttachmentKind, SubmissionStatus
from submissions.models import Attachment, Submission, SubmissionEvent

DESK_JURORS = ["juri1", "juri2", "juri3", "juri4", "juri5"]
PRESENTATION_JURORS = ["juri1", "juri2", "juri3", "juri4"]
SEVERITY = {"juri1": 0, "juri2": -2, "juri3": 2, "juri4": -1, "juri5": 1}

# (name, what the acronym stands for, unit, summary). The first ten are the real 2023 Top 10, in the order
# the demo ranks them (the city did not publish an order); the quality of the rest falls with the list.
INNOVATIONS = [
    (
        "KOPI TUBRUK",
        "Konsultasi dan Investigasi Online Tuberkulosis",
        "Puskesmas Kedungkandang",
        "KOPI TUBRUK membuka layanan konsultasi daring dan investigasi kontak tuberkulosis di wilayah Puskesmas "
        "Kedungkandang. Warga dengan batuk lama dapat berkonsultasi lewat ponsel, lalu petugas mendatangi "
        "keluarga dan tetangga pasien untuk skrining. Penemuan kasus naik dan pasien lebih cepat diobati "
        "sampai tuntas.",
    ),
    (
        "SIAPEL",
        "Sistem Aplikasi Pelayanan Elektronik",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "SIAPEL memindahkan pengurusan dokumen kependudukan ke layanan elektronik: permohonan akta, kartu "
        "keluarga dan pindah datang diajukan dari rumah dan dokumennya dapat dicetak sendiri. Antrean di "
        "kantor Dispendukcapil berkurang dan waktu penyelesaian menjadi lebih pasti.",
    ),
    (
        "Persada",
        "Aplikasi Online Pajak Restoran dan Subyek Pajak Daerah Lainnya",
        "Badan Pendapatan Daerah",
        "Persada menghubungkan transaksi restoran dan subjek pajak daerah lainnya dengan Bapenda secara daring. "
        "Wajib pajak melapor dan membayar tanpa datang ke kantor, sementara Bapenda memantau omzet secara "
        "waktu nyata sehingga kepatuhan dan penerimaan pajak daerah meningkat.",
    ),
    (
        "Si Kawan Duduk",
        "",
        "SMP Negeri 5 Malang",
        "Si Kawan Duduk membangun karakter remaja dan kesadaran kependudukan di SMP Negeri 5 Malang. Siswa "
        "belajar berpasangan dengan teman sebangku tentang perencanaan masa depan, kesehatan reproduksi dan "
        "bahaya pernikahan dini, didampingi guru BK dan mitra dari dinas terkait.",
    ),
    (
        "INDIGO",
        "Internal Dream Intervention to Grow Obsession",
        "SMP Negeri 14 Malang",
        "INDIGO membantu siswa SMP Negeri 14 Malang menemukan dan menuliskan cita-citanya, lalu mendampinginya "
        "dengan intervensi bimbingan yang terjadwal. Motivasi belajar dan kehadiran siswa meningkat, dan orang "
        "tua ikut memantau kemajuan anaknya.",
    ),
    (
        "Mas Kadin Bersinar",
        "Mencegah Anak Sekolah Menikah Dini Bersama Inovasi Anak Remaja",
        "SMP Negeri 10 Malang",
        "Mas Kadin Bersinar mencegah pernikahan dini anak sekolah melalui aplikasi dan kegiatan remaja di "
        "SMP Negeri 10 Malang. Siswa menjadi konselor sebaya, orang tua mendapat edukasi, dan sekolah dapat "
        "mendeteksi risiko lebih awal.",
    ),
    (
        "Laskar Perencana",
        "",
        "Badan Perencanaan Pembangunan Daerah",
        "Laskar Perencana adalah pendamping perencanaan di tingkat kelurahan yang dibentuk Bappeda. Mereka "
        "membantu warga merumuskan usulan musrenbang berbasis data sehingga usulan yang masuk ke rencana kerja "
        "perangkat daerah lebih tepat sasaran.",
    ),
    (
        "SEPAKAT 22",
        "Sistem Pengelolaan Kantin Sehat",
        "SMP Negeri 22 Malang",
        "SEPAKAT 22 menata kantin SMP Negeri 22 Malang menjadi kantin sehat: menu diperiksa gizinya, pedagang "
        "dilatih higiene pangan, dan transaksi dicatat tanpa uang tunai. Jajanan tidak sehat berkurang dan "
        "siswa terbiasa memilih makanan bergizi.",
    ),
    (
        "Validasi Data Kesejahteraan Sosial",
        "",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda memvalidasi data kesejahteraan sosial bersama kelurahan dan perangkat daerah terkait, sehingga "
        "penerima bantuan sosial tercatat tepat. Data yang mutakhir dipakai bersama untuk perencanaan program "
        "pengentasan kemiskinan.",
    ),
    (
        "IBUKOTA",
        "Inovasi Bulu Kotoran Ayam",
        "SD Negeri Kotalama",
        "IBUKOTA mengolah limbah bulu dan kotoran ayam dari lingkungan sekitar SD Negeri Kotalama menjadi pupuk "
        "dan media tanam. Siswa belajar mengelola sampah organik, lingkungan sekolah lebih bersih, dan hasilnya "
        "dimanfaatkan untuk kebun sekolah.",
    ),
    (
        "BREXIT",
        "Braille E-ticket and Extraordinary Access for Visual Disabilities",
        "Puskesmas Janti",
        "Etiket obat berhuruf Braille agar pasien tunanetra dapat memahami aturan minum obat secara mandiri.",
    ),
    (
        "Sepasar Pedas",
        "Sekolah Pasar Pedagang Cerdas",
        "Dinas Koperasi, Perindustrian dan Perdagangan",
        "Sekolah bagi pedagang pasar rakyat tentang pengelolaan usaha, kebersihan dan pemasaran digital.",
    ),
    (
        "Jarik Ma'siti",
        "",
        "Dinas Pendidikan dan Kebudayaan",
        "Metode pendampingan pendidikan inklusi bagi anak berkebutuhan khusus di sekolah reguler.",
    ),
    (
        "Si Ikan Nila",
        "",
        "Kelurahan Bakalankrajan",
        "Budidaya ikan nila di kolam warga untuk menambah penghasilan dan gizi keluarga.",
    ),
    (
        "SAMBAT Kelurahan",
        "Sistem Aplikasi Masyarakat Bertanya Terpadu",
        "Kelurahan Kauman",
        "Kanal aduan warga kelurahan yang ditindaklanjuti dan dipantau sampai selesai.",
    ),
    (
        "GERCEP LANSIA",
        "Gerakan Cepat Layanan Lanjut Usia",
        "Puskesmas Rampal Celaket",
        "Layanan kunjungan rumah bagi lansia yang tidak dapat datang ke puskesmas.",
    ),
    (
        "SIGAP PANGAN",
        "Sistem Informasi Harga dan Pasokan Pangan",
        "Dinas Ketahanan Pangan dan Pertanian",
        "Pemantauan harga dan pasokan pangan pokok di pasar-pasar Kota Malang setiap hari.",
    ),
    (
        "LAPOR SAMPAH",
        "",
        "Dinas Lingkungan Hidup",
        "Pelaporan timbunan sampah liar dengan foto dan lokasi, diangkut dalam dua hari.",
    ),
    (
        "SEHATI",
        "Sentuhan Hati untuk Ibu Hamil",
        "Puskesmas Polowijen",
        "Pendampingan ibu hamil berisiko tinggi oleh kader dan bidan sampai persalinan.",
    ),
    (
        "KARTU KUNING DARING",
        "",
        "Dinas Tenaga Kerja, Penanaman Modal dan PTSP",
        "Kartu pencari kerja diurus sepenuhnya secara daring dan terhubung dengan lowongan kerja.",
    ),
    (
        "POSYANDU PINTAR",
        "",
        "Puskesmas Mojolangu",
        "Pencatatan tumbuh kembang balita di posyandu dengan tablet dan peringatan dini stunting.",
    ),
    (
        "DASI",
        "Data Sosial Terintegrasi",
        "Dinas Sosial, P3AP2KB",
        "Satu basis data penerima layanan sosial untuk semua program perlindungan sosial.",
    ),
    (
        "LAKSMANA",
        "Layanan Aduan Ketertiban Masyarakat",
        "Satuan Polisi Pamong Praja",
        "Aduan gangguan ketertiban umum yang ditangani regu piket dengan waktu tanggap terukur.",
    ),
    (
        "NGALAM DATA",
        "",
        "Dinas Komunikasi dan Informatika",
        "Portal data terbuka Kota Malang dengan kumpulan data perangkat daerah yang diperbarui berkala.",
    ),
    (
        "TERANG JALANKU",
        "",
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "Laporan lampu penerangan jalan umum padam yang diperbaiki paling lama tiga hari.",
    ),
    (
        "KAMPUNG WISATA DIGITAL",
        "",
        "Dinas Kepemudaan, Olahraga dan Pariwisata",
        "Promosi kampung tematik Kota Malang melalui peta digital dan pemandu warga.",
    ),
    (
        "BUMI HIJAU MERJOSARI",
        "",
        "Kelurahan Merjosari",
        "Pertanian perkotaan di lahan tidur bersama kelompok wanita tani.",
    ),
    (
        "TLOGOMAS SIAGA BANJIR",
        "",
        "Kelurahan Tlogomas",
        "Pemantauan tinggi muka air sungai oleh warga dengan peringatan dini lewat pesan singkat.",
    ),
    (
        "BANK SAMPAH GADANG",
        "",
        "Kelurahan Gadang",
        "Bank sampah warga yang menukar sampah terpilah dengan tabungan.",
    ),
    (
        "RUMAH CERDAS CIPTOMULYO",
        "",
        "Kelurahan Ciptomulyo",
        "Ruang belajar anak dan pelatihan keterampilan warga di balai kelurahan.",
    ),
    (
        "KELOR RAMAH LANSIA",
        "Kelurahan Oro-Oro Dowo Ramah Lanjut Usia",
        "Kelurahan Oro-Oro Dowo",
        "Kegiatan rutin dan pendampingan administrasi bagi warga lanjut usia.",
    ),
    (
        "SI-PANTAU WILAYAH",
        "Sistem Pemantauan Administrasi Wilayah",
        "Bagian Pemerintahan",
        "Dasbor administrasi kewilayahan untuk kecamatan dan kelurahan.",
    ),
    (
        "HUMAS MENYAPA",
        "",
        "Bagian Hubungan Masyarakat",
        "Siaran informasi layanan publik yang menjawab pertanyaan warga setiap pekan.",
    ),
    (
        "BLIMBING MELAYANI",
        "",
        "Kecamatan Blimbing",
        "Layanan administrasi kecamatan dengan janji temu daring.",
    ),
    (
        "KLOJEN BERSERI",
        "",
        "Kecamatan Klojen",
        "Penataan lingkungan permukiman padat bersama warga dan dunia usaha.",
    ),
    (
        "SUKUN BERDAYA",
        "",
        "Kecamatan Sukun",
        "Pelatihan usaha mikro bagi warga prasejahtera di Kecamatan Sukun.",
    ),
    (
        "LOWOKWARU SMART",
        "",
        "Kecamatan Lowokwaru",
        "Informasi layanan kecamatan dan status permohonan lewat pesan singkat.",
    ),
    (
        "PASAR RAKYAT KEDUNGKANDANG",
        "",
        "Kecamatan Kedungkandang",
        "Pendataan dan promosi pedagang pasar rakyat di wilayah kecamatan.",
    ),
    (
        "SIJAMU",
        "Sistem Jaga Mutu Obat",
        "Puskesmas Arjuno",
        "Pemantauan suhu dan masa kedaluwarsa obat di gudang farmasi puskesmas.",
    ),
    (
        "BUKU SAKU KB",
        "",
        "Kelurahan Bandulan",
        "Buku saku dan kunjungan kader untuk pasangan usia subur.",
    ),
]

TOP_TEN = [name for name, *_rest in INNOVATIONS[:10]]

PHRASES = {
    "high": [
        "Sangat kuat dan didukung data sebelum–sesudah yang meyakinkan.",
        "Dampak nyata bagi warga, terdokumentasi dengan baik.",
        "Layak menjadi contoh replikasi bagi unit lain.",
    ],
    "mid": [
        "Baik, tetapi data pendukung perlu dilengkapi.",
        "Sudah berjalan; perlu ukuran keberhasilan yang lebih tegas.",
        "Potensi replikasi ada, perlu panduan tertulis.",
    ],
    "low": [
        "Perlu diperkuat dengan data dan bukti pelaksanaan.",
        "Uraian masih umum; jelaskan perbedaan dengan layanan sebelumnya.",
        "Keberlanjutan belum dijamin regulasi atau anggaran.",
    ],
}


def _unit_interval(*parts: str) -> float:
    """A stable pseudo-random number in [0, 1) from the given words."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _quality(index: int) -> int:
    """The innovation's underlying quality: 92..83 for the ten, 76..67 for the next ten, then 64 down."""
    if index < 10:
        return 92 - index
    if index < 20:
        return 76 - (index - 10)
    return 64 - (index - 20)


def _value(*, name: str, criterion: str, juror: str, quality: int) -> int:
    noise = round(6 * (_unit_interval(name, criterion, juror) - 0.5))
    return max(0, min(100, quality + SEVERITY.get(juror, 0) + noise))


def _comment(*, value: int, name: str, criterion: str, juror: str) -> str:
    band = "high" if value >= 85 else "mid" if value >= 70 else "low"
    choices = PHRASES[band]
    return choices[int(_unit_interval(name, criterion, juror, band) * len(choices))]


PHOTO_SIZE = (960, 540)
# The words stay inside the middle 4:3 of the 16:9 picture (with a margin), so a page that crops the photo
# to 4:3 or letterboxes it still shows the whole name.
PHOTO_TEXT_BOX = (150, 810)
PHOTO_BOTTOM = 480


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # an older Pillow without sized default fonts
        return ImageFont.load_default()


def _wrapped(draw, text: str, font, width: int) -> list[str]:
    """`text` broken into lines no wider than `width` where the words allow it."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def _fitted(draw, text: str, sizes, *, width: int, max_lines: int):
    """The largest of `sizes` at which `text` fits `width` in at most `max_lines` lines: (font, size, lines)."""
    for size in sizes:
        font = _font(size)
        lines = _wrapped(draw, text, font, width)
        if len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, size, lines
    return font, size, lines


def _photo(name: str, unit: str) -> bytes:
    """A plain illustrative image (gradient and the innovation's name), PNG without metadata."""
    width, height = PHOTO_SIZE
    hue = _unit_interval(name, "photo")
    top = (11, int(60 + 60 * hue), int(120 + 60 * hue))
    bottom = (int(20 + 40 * hue), int(110 + 40 * hue), 196)
    image = Image.new("RGB", PHOTO_SIZE, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / (height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)))
    draw.ellipse((700, -120, 1080, 260), fill=(242, 183, 5))
    left, right = PHOTO_TEXT_BOX
    box = right - left
    title_font, title_size, title_lines = _fitted(draw, name, (64, 56, 48, 42, 36), width=box, max_lines=2)
    unit_font, unit_size, unit_lines = _fitted(draw, unit, (30, 26, 22), width=box, max_lines=2)
    title_step, unit_step = round(title_size * 1.15), round(unit_size * 1.3)
    y = PHOTO_BOTTOM - len(title_lines) * title_step - round(unit_size * 0.5) - len(unit_lines) * unit_step
    for line in title_lines:
        x = left + (box - draw.textlength(line, font=title_font)) / 2
        draw.text((x, y), line, fill=(255, 255, 255), font=title_font)
        y += title_step
    y += round(unit_size * 0.5)
    for line in unit_lines:
        x = left + (box - draw.textlength(line, font=unit_font)) / 2
        draw.text((x, y), line, fill=(226, 236, 248), font=unit_font)
        y += unit_step
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _at(stage, day: int, hour: int = 10) -> dt.datetime:
    """A moment inside the stage's window (day 0 is its opening day)."""
    moment = stage.opens_at + dt.timedelta(days=day, hours=hour - stage.opens_at.hour)
    return min(max(moment, stage.opens_at + dt.timedelta(minutes=1)), stage.closes_at - dt.timedelta(minutes=1))


def _submissions(competition, desk, units) -> list[Submission]:
    submitted = competition.submission_closes_at - dt.timedelta(days=12)
    created = []
    for index, (name, meaning, unit_name, summary) in enumerate(INNOVATIONS):
        submission = Submission.objects.filter(competition=competition, name__iexact=name).first()
        if submission is None:
            unit = units[unit_name]
            submission = Submission(
                competition=competition,
                unit=unit,
                name=name,
                acronym_meaning=meaning,
                summary=summary,
                background=f"Sebelum {name}, layanan ini masih manual dan lambat; warga harus datang berkali-kali.",
                novelty=f"{name} menggabungkan layanan daring dan pendampingan langsung yang belum ada sebelumnya.",
                implementation=f"{unit.name} menjalankan {name} sejak 2021 bersama kader dan mitra setempat.",
                significance="Waktu layanan turun dan kepuasan pengguna naik menurut survei kepuasan masyarakat.",
                adaptability_replicated="Belum ada." if index % 3 else "Dua unit layanan sejenis di Kota Malang.",
                adaptability_potential="Dapat diterapkan unit lain dengan penyesuaian kecil dan panduan tertulis.",
                resources="Anggaran rutin unit, petugas yang ada, dan perangkat sederhana.",
                sustainability="Ditetapkan dengan SK kepala unit, masuk SOP, dan didukung mitra.",
                started_on=dt.date(2021, 1 + index % 12, 1),
                sdgs=[3, 11, 16] if index % 2 else [4, 10, 17],
                innovators=f"Tim inovasi {unit.display_name}",
                contact_name=f"Narahubung {unit.display_name}",
                contact_email=f"inovasi{index + 1:02d}@demo.kipp.malangkota.go.id",
                status=SubmissionStatus.ELIGIBLE,
                stage=desk,
                submitted_at=submitted + dt.timedelta(hours=index),
            )
            submission.full_clean(validate_constraints=False)
            submission.save()
            SubmissionEvent.objects.bulk_create(
                [
                    SubmissionEvent(submission=submission, from_status=SubmissionStatus.DRAFT, to_status="submitted"),
                    SubmissionEvent(
                        submission=submission,
                        from_status="submitted",
                        to_status=SubmissionStatus.ELIGIBLE,
                        reason="Lolos seleksi administrasi.",
                    ),
                ]
            )
            if index < 10:
                content = _photo(name, unit.name)
                attachment = Attachment(
                    submission=submission,
                    kind=AttachmentKind.PHOTO,
                    original_name=f"foto-{index + 1:02d}.png",
                    content_type="image/png",
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    caption=f"Kegiatan {name}",
                )
                attachment.file.save(attachment.original_name, ContentFile(content), save=False)
                attachment.save()
        created.append(submission)
    return created


def _panel(stage, usernames, people, committee):
    jurors = [people[username] for username in usernames if username in people]
    for juror in jurors:
        JuryMember.objects.get_or_create(stage=stage, juror=juror, defaults={"added_by": committee})
    return jurors


def _assign(stage, submissions, jurors, committee) -> None:
    """The assignment planner's balanced, conflict-free plan, stored directly (the window is in the past)."""
    conflict_map = load_conflict_map(juror_ids=[juror.pk for juror in jurors])
    blocked = {
        (submission.pk, juror.pk)
        for submission in submissions
        for juror in jurors
        if conflict_map.is_conflicted(juror.pk, submission.pk, submission.unit_id)
    }
    existing = set(Assignment.objects.filter(stage=stage).values_list("submission_id", "juror_id"))
    plan = plan_assignment(
        submission_ids=[submission.pk for submission in submissions],
        juror_ids=[juror.pk for juror in jurors],
        per_submission=stage.jurors_per_submission,
        blocked=blocked,
        fixed={},
        fixed_loads={},
    )
    Assignment.objects.bulk_create(
        Assignment(stage=stage, submission_id=sub, juror_id=juror, created_by=committee)
        for sub, juror in plan.pairs
        if (sub, juror) not in existing
    )


def _score(stage, quality: dict[int, int], people) -> None:
    criteria = list(stage.criteria.order_by("order", "pk"))
    assignments = (
        Assignment.objects.filter(stage=stage, voided_at__isnull=True, scorecard__isnull=True)
        .select_related("submission", "juror")
        .order_by("submission__name", "juror__username")
    )
    for day, assignment in enumerate(assignments):
        name = assignment.submission.name
        username = assignment.juror.username
        values = {
            criterion.pk: _value(
                name=name, criterion=criterion.name, juror=username, quality=quality[assignment.submission_id]
            )
            for criterion in criteria
        }
        comments = {
            criterion.pk: _comment(value=values[criterion.pk], name=name, criterion=criterion.name, juror=username)
            for criterion in criteria[::2]
        }
        overall = sum(values.values()) / len(values)
        note = (
            "Inovasi matang dan siap diteruskan ke tingkat provinsi."
            if overall >= 85
            else "Inovasi bermanfaat; lengkapi data dampak dan dokumen keberlanjutan."
            if overall >= 70
            else "Perkuat bukti pelaksanaan dan ukuran keberhasilan sebelum mengusulkan lagi."
        )
        scorecard_save(
            juror=assignment.juror,
            assignment=assignment,
            values={pk: Decimal(value) for pk, value in values.items()},
            comments=comments,
            overall_note=note,
            final=True,
            now=_at(stage, day % 10),
        )


def load(context: dict) -> dict:
    competition = (context.get("competitions") or {}).get(2023)
    people = context.get("people") or {}
    units = context.get("units") or {}
    committee = people.get("panitia")
    if competition is None or committee is None or not units:
        return {}
    if Publication.objects.filter(competition=competition).exists():
        return {}
    scoring = list(competition.stages.filter(kind=StageKind.SCORING).order_by("order"))
    if len(scoring) < 2:
        return {}
    desk, presentation = scoring[0], scoring[-1]

    submissions = _submissions(competition, desk, units)
    quality = {submission.pk: _quality(index) for index, submission in enumerate(submissions)}

    desk_jurors = _panel(desk, DESK_JURORS, people, committee)
    _assign(desk, submissions, desk_jurors, committee)
    _score(desk, quality, people)
    if desk.closed_at is None:
        stage_close(stage=desk, by=committee, now=desk.closes_at + dt.timedelta(days=1))

    finalists = list(Submission.objects.filter(competition=competition, stage=presentation).order_by("pk"))
    presentation.refresh_from_db()
    presentation_jurors = _panel(presentation, PRESENTATION_JURORS, people, committee)
    _assign(presentation, finalists, presentation_jurors, committee)
    _score(presentation, quality, people)
    if presentation.closed_at is None:
        stage_close(stage=presentation, by=committee, now=presentation.closes_at + dt.timedelta(hours=2))

    ceremony = competition.ceremony_date or presentation.closes_at.date()
    published_at = timezone.make_aware(dt.datetime.combine(ceremony, dt.time(9, 0)))
    publication = publication_publish(
        competition=competition, actor=committee, backup=False, notify=False, now=published_at
    )
    return {"publication_2023": publication}
