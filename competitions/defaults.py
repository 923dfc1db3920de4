"""The starting point of a new competition: the national KIPP 2023 proposal aspects and a regional-style
presentation round (see DOMAIN.md). Every number here is only a default the committee can change.

Texts are stored in the database in Indonesian (they are the competition's own content, edited by the
committee), so they are plain strings here and not marked for translation.
"""

import datetime as dt
from decimal import Decimal

LEVEL_RANGES = [(0, 40, "Kurang"), (41, 60, "Cukup"), (61, 80, "Baik"), (81, 100, "Sangat baik")]

# (name, weight, guidance, four level descriptions from "Kurang" to "Sangat baik")
DESK_CRITERIA = [
    (
        "Latar Belakang dan Tujuan",
        10,
        "Masalah sebelum inovasi, kelompok sasaran, tujuan yang terukur, didukung data.",
        (
            "Masalah dan sasaran tidak jelas; tujuan tidak terukur; tanpa data.",
            "Masalah dan sasaran disebut, tetapi tujuan belum terukur atau datanya minim.",
            "Masalah, sasaran dan tujuan jelas dan terukur, didukung sebagian data.",
            "Masalah dirumuskan tajam dengan data kondisi awal; sasaran spesifik; tujuan terukur dan relevan.",
        ),
    ),
    (
        "Kebaruan / Nilai Tambah",
        15,
        "Ide inovasi dan apa yang baru: cara, produk atau layanan yang berbeda dari sebelumnya.",
        (
            "Tidak ada pembeda dari praktik yang sudah umum.",
            "Modifikasi kecil dari praktik yang sudah ada.",
            "Pendekatan baru di lingkungan Pemerintah Kota Malang dengan nilai tambah yang jelas.",
            "Gagasan orisinal atau kombinasi baru yang belum ada di daerah lain, dengan nilai tambah nyata.",
        ),
    ),
    (
        "Implementasi Inovasi",
        5,
        "Bagaimana inovasi dijalankan: tahapan, pelaksana, waktu, disertai data.",
        (
            "Pelaksanaan tidak dijelaskan atau baru berupa rencana.",
            "Tahapan pelaksanaan disebut tanpa data pendukung.",
            "Tahapan, pelaksana dan jadwal jelas, dengan data pelaksanaan.",
            "Pelaksanaan runtut dan konsisten, terdokumentasi dengan data dan bukti yang lengkap.",
        ),
    ),
    (
        "Signifikansi",
        30,
        "Dampak sebelum dan sesudah inovasi, cara mengukurnya, dan evaluasi dengan data.",
        (
            "Dampak tidak ditunjukkan atau hanya klaim tanpa data.",
            "Ada dampak, tetapi tanpa perbandingan sebelum–sesudah yang terukur.",
            "Dampak terukur dengan data sebelum–sesudah; cara pengukuran dijelaskan.",
            "Dampak besar dan terbukti dengan data sebelum–sesudah, evaluasi berkala dan umpan balik pengguna.",
        ),
    ),
    (
        "Adaptabilitas",
        20,
        "Sudah direplikasi (oleh unit mana) dan potensi untuk direplikasi unit atau daerah lain.",
        (
            "Sulit direplikasi dan belum pernah direplikasi.",
            "Berpotensi direplikasi, tetapi belum ada replikasi.",
            "Sudah direplikasi oleh satu unit, atau ada rencana replikasi yang konkret.",
            "Sudah direplikasi oleh beberapa unit atau daerah lain, dengan bukti.",
        ),
    ),
    (
        "Sumber Daya",
        5,
        "Sumber daya yang digunakan: anggaran, SDM, metode, peralatan.",
        (
            "Sumber daya tidak dijelaskan.",
            "Sumber daya disebut secara umum.",
            "Anggaran, SDM, metode dan peralatan dijelaskan dengan rinci.",
            "Sumber daya rinci dan efisien, memanfaatkan kolaborasi atau sumber di luar APBD.",
        ),
    ),
    (
        "Strategi Keberlanjutan",
        15,
        "Keberlanjutan kelembagaan (regulasi), manajerial (SOP, staf) dan sosial (mitra).",
        (
            "Tidak ada strategi keberlanjutan.",
            "Strategi keberlanjutan baru pada satu aspek.",
            "Strategi pada dua aspek, didukung dokumen (SK, SOP).",
            "Strategi kelembagaan, manajerial dan sosial lengkap, didukung regulasi, SOP dan mitra yang nyata.",
        ),
    ),
]

PRESENTATION_CRITERIA = [
    (
        "Kebaruan",
        20,
        "Keunikan gagasan dan perbedaannya dari layanan sebelumnya, sebagaimana dipaparkan tim.",
        (
            "Tim tidak dapat menunjukkan apa yang baru.",
            "Kebaruan ada, tetapi kecil atau kurang dijelaskan.",
            "Kebaruan jelas dan dapat dibedakan dari layanan sebelumnya.",
            "Gagasan orisinal yang meyakinkan juri dan belum ada padanannya.",
        ),
    ),
    (
        "Efektivitas",
        20,
        "Sejauh mana inovasi mencapai tujuannya, dibuktikan dalam paparan dan tanya jawab.",
        (
            "Tujuan belum tercapai atau tidak dapat dibuktikan.",
            "Sebagian tujuan tercapai dengan bukti terbatas.",
            "Tujuan tercapai dengan bukti yang memadai.",
            "Tujuan tercapai dan terlampaui, dengan bukti kuat dan konsisten.",
        ),
    ),
    (
        "Kemanfaatan",
        25,
        "Manfaat nyata bagi masyarakat dan pengguna layanan, disertai data.",
        (
            "Manfaat bagi masyarakat tidak terlihat.",
            "Manfaat terbatas pada kelompok kecil atau belum terukur.",
            "Manfaat luas dan terukur bagi pengguna layanan.",
            "Manfaat besar, luas dan berkelanjutan, diakui pengguna layanan.",
        ),
    ),
    (
        "Dapat Direplikasi",
        15,
        "Kemudahan inovasi diterapkan oleh unit atau daerah lain.",
        (
            "Hanya dapat berjalan di unit pengusul.",
            "Dapat direplikasi dengan penyesuaian besar.",
            "Dapat direplikasi dengan penyesuaian kecil; panduan tersedia.",
            "Sudah atau sangat mudah direplikasi, dengan panduan dan dukungan yang siap.",
        ),
    ),
    (
        "Keberlanjutan",
        15,
        "Jaminan inovasi tetap berjalan: regulasi, anggaran, SDM, komitmen pimpinan.",
        (
            "Tidak ada jaminan keberlanjutan.",
            "Keberlanjutan bergantung pada orang tertentu.",
            "Didukung regulasi atau anggaran rutin.",
            "Didukung regulasi, anggaran, SDM terlatih dan komitmen pimpinan.",
        ),
    ),
    (
        "Penyajian dan Penguasaan Materi",
        5,
        "Kejelasan paparan, ketepatan waktu dan penguasaan tim saat tanya jawab.",
        (
            "Paparan tidak jelas dan tim tidak menguasai materi.",
            "Paparan cukup jelas, tetapi jawaban kurang meyakinkan.",
            "Paparan jelas dan tepat waktu; jawaban meyakinkan.",
            "Paparan sangat jelas dan menarik; tim menguasai setiap pertanyaan.",
        ),
    ),
]

AWARD_TIERS = [("Tiga Besar", 1, 3), ("Terbaik", 4, 6), ("Favorit", 7, 10)]
GENERIC_TOP_TIER = "Juara"


def award_tiers_for(top_n: int) -> list[tuple[str, int, int]]:
    """The default award tiers fitted to a Top N: tiers wholly above N are dropped, the last kept tier
    ends at N. "Tiga Besar" names places 1-3 only; with fewer than three places it becomes "Juara"."""
    tiers = []
    for name, first, last in AWARD_TIERS:
        if first > top_n:
            break
        if last > top_n and name == AWARD_TIERS[0][0]:
            name = GENERIC_TOP_TIER
        tiers.append((name, first, min(last, top_n)))
    return tiers


# The three statement letters of the national KIPP 2023 form.
ATTACHMENT_REQUIREMENTS = [
    (
        "surat-implementasi",
        "Surat pernyataan implementasi inovasi",
        "Ditandatangani kepala perangkat daerah: inovasi telah dilaksanakan. Berkas PDF, paling besar 1 MB.",
    ),
    (
        "surat-identitas-inovator",
        "Surat pernyataan identitas inovator / tim inovasi",
        "Nama, jabatan dan peran setiap anggota tim inovasi. Berkas PDF, paling besar 1 MB.",
    ),
    (
        "surat-kesediaan-replikasi",
        "Surat pernyataan kesediaan inovasi direplikasi",
        "Kesediaan unit pengusul membagikan inovasinya untuk direplikasi. Berkas PDF, paling besar 1 MB.",
    ),
]

DESCRIPTION = (
    "Kompetisi Inovasi Pelayanan Publik (KIPP) Kota Malang menjaring dan memberi penghargaan kepada inovasi "
    "pelayanan publik perangkat daerah dan unit layanan di lingkungan Pemerintah Kota Malang. Inovasi terbaik "
    "diusulkan ke KOVABLIK Jawa Timur dan KIPP nasional."
)
ELIGIBILITY = (
    "Perangkat daerah (dinas, badan, bagian, kecamatan, kelurahan), unit layanan di bawahnya (puskesmas, "
    "sekolah, UPT, RSUD) dan BUMD di lingkungan Pemerintah Kota Malang. Inovasi sudah berjalan dan dapat "
    "dibuktikan dengan data."
)
RULES = (
    "Usulan ditulis mengikuti formulir proposal KIPP nasional dan tidak melebihi batas kata setiap bagian. "
    "Satu inovasi hanya boleh diusulkan satu kali; nama yang sama tidak diterima dua kali. Usulan yang tidak "
    "lengkap dapat dikembalikan untuk diperbaiki sebelum batas perbaikan. Keputusan dewan juri bersifat final."
)
HOW_TO_SUBMIT = (
    "Operator OPD masuk ke aplikasi KIPP dengan akun unitnya, menyusun usulan, mengunggah surat pernyataan "
    "dan foto, lalu mengirim usulan sebelum pendaftaran ditutup. Usulan masih dapat disimpan sebagai draf "
    "dan diperbaiki selama pendaftaran dibuka."
)


def stage_plan(*, opens: dt.datetime, closes: dt.datetime) -> list[dict]:
    """The three default stages, timed from the registration window.

    Screening runs from the opening (proposals are checked as they arrive) until two weeks after the
    close; the desk stage follows, then a two-day presentation round.
    """
    day = dt.timedelta(days=1)
    return [
        {
            "order": 1,
            "name": "Seleksi Administrasi",
            "kind": "screening",
            "description": "Pemeriksaan kelengkapan dan kesesuaian usulan: lolos, tidak lolos, atau "
            "dikembalikan untuk perbaikan.",
            "opens_at": opens,
            "closes_at": closes + 14 * day,
            "advance_count": None,
            "weight": Decimal("0"),
            "jurors_per_submission": 1,
            "criteria": [],
        },
        {
            "order": 2,
            "name": "Penilaian Proposal",
            "kind": "scoring",
            "description": "Juri menilai proposal yang lolos seleksi administrasi secara daring.",
            "opens_at": closes + 15 * day,
            "closes_at": closes + 40 * day,
            "advance_count": 20,
            "weight": Decimal("70"),
            "jurors_per_submission": 3,
            "criteria": DESK_CRITERIA,
        },
        {
            "order": 3,
            "name": "Presentasi dan Wawancara",
            "kind": "scoring",
            "description": "Tim inovasi memaparkan inovasinya di hadapan dewan juri dan menjawab pertanyaan.",
            "opens_at": closes + 50 * day,
            "closes_at": closes + 52 * day,
            "advance_count": None,
            "weight": Decimal("30"),
            "jurors_per_submission": 4,
            "criteria": PRESENTATION_CRITERIA,
        },
    ]
