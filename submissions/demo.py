"""KIPP 2026 proposals from Kota Malang's units, in every state: the submissions part of `load_demo`.

Each proposal goes through the real services (create, upload, submit, screen, withdraw), so its events,
checks and stored files are exactly what the real flow produces; afterwards the timestamps are moved
back to tell a believable month. Proposals already present (same name in KIPP 2026) are left alone, so
running the demo twice changes nothing.
"""

import datetime as dt
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from kipp.demo import DEMO_PASSWORD
from kipp.enums import Role
from kipp.models import Unit, User
from submissions import services
from submissions.enums import SubmissionStatus
from submissions.models import Attachment, Screening, Submission, SubmissionEvent
from submissions.proposal import months_before

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@dataclass
class Innovation:
    """The facts of one innovation; the proposal's sections are written from them."""

    unit: str
    name: str
    meaning: str
    story: str  # draft | incomplete | young | submitted | returned | resubmitted | eligible | ineligible | withdrawn
    months_running: int
    sdgs: list[int]
    problem: str
    target: str
    aim: str
    idea: str
    new: str
    how: str
    pilot: str
    metrics: list[tuple[str, str, str]]
    users: str
    measure: str
    satisfaction: tuple[str, str]
    replicated: str
    potential: str
    budget: str
    people: str
    tools: str
    regulation: str
    sop: str
    partners: str
    innovators: str
    contact: tuple[str, str]
    app_url: str = ""
    note: str = ""
    days: tuple[int, ...] = (30, 25, 21)
    photos: list[str] = field(default_factory=list)


INNOVATIONS = [
    Innovation(
        unit="Dinas Kependudukan dan Pencatatan Sipil",
        name="SAPA DUKCAPIL",
        meaning="Sistem Antrean dan Pelayanan Adminduk Daring",
        story="eligible",
        months_running=34,
        sdgs=[10, 16],
        problem="warga harus datang ke Mal Pelayanan Publik sejak subuh untuk mengambil nomor antrean KTP-el, "
        "KK dan akta, dan sering pulang tanpa dilayani karena kuota harian habis",
        target="pekerja, lansia dan warga dari kecamatan pinggiran yang harus meninggalkan pekerjaan setengah hari",
        aim="memangkas waktu tunggu di loket di bawah 30 menit dan menghapus praktik titip antrean",
        idea="antrean daring berbasis jadwal per 15 menit yang dipesan lewat situs dan WhatsApp, dengan "
        "pemeriksaan berkas sehari sebelum kedatangan",
        new="berkas diperiksa petugas sebelum warga datang, sehingga warga hanya datang sekali dengan berkas yang "
        "sudah dinyatakan lengkap",
        how="Warga memilih layanan dan jam kedatangan di situs atau WhatsApp, lalu mengunggah foto berkas. Petugas "
        "back office memeriksa berkas H-1 dan mengirim konfirmasi atau daftar kekurangan. Enam loket melayani "
        "sesuai jadwal, dan satu loket prioritas disiapkan untuk lansia dan penyandang disabilitas",
        pilot="di dua loket selama Januari sampai Februari 2023",
        metrics=[
            ("waktu tunggu rata-rata di loket", "3 jam 10 menit", "24 menit"),
            ("pengaduan titip antrean per bulan", "14", "1"),
        ],
        users="52.340 warga",
        measure="data log sistem antrean yang diolah setiap bulan dan survei kepuasan masyarakat setiap triwulan",
        satisfaction=("78,4", "91,2"),
        replicated="Kecamatan Klojen dan Kecamatan Lowokwaru memakai modul antrean yang sama untuk legalisasi "
        "surat keterangan sejak 2024.",
        potential="Modul antrean dapat dipakai unit layanan apa pun yang melayani tatap muka dengan kuota harian: "
        "kecamatan, puskesmas, dan Mal Pelayanan Publik. Syaratnya hanya nomor WhatsApp resmi dan petugas "
        "back office yang memeriksa berkas.",
        budget="Rp 118.500.000 dari APBD 2023 untuk pengembangan aplikasi, selanjutnya Rp 24.000.000 per tahun "
        "untuk pemeliharaan",
        people="satu pengembang dari Diskominfo, dua petugas back office, dua belas petugas loket",
        tools="server pusat data Diskominfo, enam komputer loket, layar antrean, dan satu nomor WhatsApp Business",
        regulation="Keputusan Kepala Dinas Kependudukan dan Pencatatan Sipil tentang Layanan Antrean Daring",
        sop="SOP antrean daring dan SOP pemeriksaan berkas H-1 yang ditinjau setiap enam bulan",
        partners="Diskominfo untuk server, kelurahan untuk sosialisasi, dan forum RT/RW yang membantu warga "
        "lansia memesan antrean",
        innovators="Fajar Nugroho, S.Kom. (Operator SIAK, ketua tim)\nDra. Endang Purwati (Kepala Bidang "
        "Pelayanan Pendaftaran Penduduk)\nAndi Kurniawan (Pengembang, Diskominfo)",
        contact=("Fajar Nugroho", "0812-3310-4521"),
        app_url="https://sapa.dispendukcapil.malangkota.go.id",
        days=(40, 31, 27),
        photos=["Loket layanan antrean daring", "Warga lansia di loket prioritas"],
    ),
    Innovation(
        unit="Dinas Kependudukan dan Pencatatan Sipil",
        name="AKTA KILAT",
        meaning="Akta Kelahiran Terbit di Rumah Sakit",
        story="draft",
        months_running=20,
        sdgs=[3, 16],
        problem="bayi baru lahir baru tercatat rata-rata empat bulan setelah lahir karena orang tua harus "
        "mengurus sendiri ke kantor dinas",
        target="orang tua bayi baru lahir di rumah sakit dan klinik bersalin di Kota Malang",
        aim="menerbitkan akta kelahiran dan KIA sebelum ibu dan bayi pulang dari rumah sakit",
        idea="petugas rumah sakit mengajukan akta secara daring dari ruang bersalin",
        new="orang tua tidak perlu datang ke kantor; dokumen dikirim ke surel dan dicetak mandiri",
        how="Rumah sakit mitra memasukkan data kelahiran ke aplikasi, dinas memverifikasi dalam satu hari kerja, "
        "dan akta elektronik dikirim ke surel orang tua",
        pilot="di RSUD Kota Malang dan dua rumah sakit swasta",
        metrics=[("rata-rata umur bayi saat akta terbit", "4 bulan", "2 hari")],
        users="6.870 bayi",
        measure="data SIAK dibandingkan dengan data kelahiran rumah sakit",
        satisfaction=("80,1", "92,7"),
        replicated="Belum ada.",
        potential="Dapat diterapkan di semua fasilitas kesehatan yang memiliki petugas administrasi.",
        budget="Rp 35.000.000 dari APBD untuk pelatihan petugas rumah sakit",
        people="empat verifikator dinas dan petugas administrasi di sebelas rumah sakit",
        tools="aplikasi SIAK terpusat dan tanda tangan elektronik",
        regulation="Perjanjian kerja sama dengan sebelas rumah sakit",
        sop="SOP penerbitan akta kelahiran di fasilitas kesehatan",
        partners="rumah sakit, klinik bersalin dan Dinas Kesehatan",
        innovators="Fajar Nugroho, S.Kom.\nRatna Dewi, S.H. (Kepala Seksi Kelahiran)",
        contact=("Ratna Dewi", "0813-3577-2210"),
        days=(12,),
    ),
    Innovation(
        unit="Puskesmas Kedungkandang",
        name="SIGAP BUMIL",
        meaning="Sistem Informasi Pemantauan Ibu Hamil Risiko Tinggi",
        story="eligible",
        months_running=28,
        sdgs=[3, 5],
        problem="ibu hamil risiko tinggi sering terlambat dirujuk karena data pemeriksaan tercatat di buku KIA "
        "dan kohort kertas yang tidak terbaca bidan kelurahan",
        target="ibu hamil risiko tinggi di tujuh kelurahan wilayah kerja Puskesmas Kedungkandang",
        aim="memastikan setiap ibu hamil risiko tinggi dipantau paling sedikit dua minggu sekali dan dirujuk tepat "
        "waktu",
        idea="peta pemantauan ibu hamil risiko tinggi yang diperbarui bidan dan kader posyandu dari ponsel",
        new="kader posyandu ikut mencatat tanda bahaya, dan sistem mengirim pengingat kunjungan ke bidan",
        how="Bidan memasukkan hasil pemeriksaan ke aplikasi, kader melaporkan tanda bahaya lewat formulir singkat, "
        "dan dokter puskesmas menerima daftar prioritas kunjungan setiap Senin",
        pilot="di Kelurahan Buring dan Kelurahan Kedungkandang selama tiga bulan",
        metrics=[
            ("ibu hamil risiko tinggi yang terpantau rutin", "46%", "94%"),
            ("rujukan terlambat per tahun", "11", "2"),
        ],
        users="1.184 ibu hamil",
        measure="data kohort ibu hamil dan laporan rujukan puskesmas",
        satisfaction=("81,0", "90,4"),
        replicated="Puskesmas Arjowinangun dan Puskesmas Janti memakai formulir kader yang sama sejak 2025.",
        potential="Dapat diterapkan di semua puskesmas karena memakai data kohort yang sudah ada dan ponsel kader.",
        budget="Rp 18.000.000 dari dana BOK untuk pelatihan kader dan paket data",
        people="sembilan bidan, satu dokter penanggung jawab, 84 kader posyandu",
        tools="ponsel kader dan bidan, formulir daring, dan dasbor puskesmas",
        regulation="Surat Keputusan Kepala Puskesmas tentang Tim Pemantauan Ibu Hamil Risiko Tinggi",
        sop="SOP pemantauan bumil risiko tinggi dan SOP rujukan berjenjang",
        partners="kader posyandu, PKK kelurahan, dan RSUD Kota Malang sebagai rumah sakit rujukan",
        innovators="dr. Yuliana Sari (Kepala Puskesmas)\nSiti Maimunah, A.Md.Keb. (Koordinator Bidan)",
        contact=("Yuliana Sari", "0812-5270-1145"),
        days=(38, 29, 24),
        photos=["Kunjungan rumah bidan dan kader", "Dasbor pemantauan bumil"],
    ),
    Innovation(
        unit="Puskesmas Kedungkandang",
        name="POSBINDU KERJA",
        meaning="Pos Pembinaan Terpadu di Tempat Kerja",
        story="returned",
        months_running=19,
        sdgs=[3, 8],
        problem="pekerja pabrik dan pasar jarang memeriksakan tekanan darah dan gula darah karena jam kerja bentrok "
        "dengan jam buka puskesmas",
        target="pekerja pabrik rokok, pasar induk dan pergudangan di wilayah Kedungkandang",
        aim="menemukan hipertensi dan diabetes pada pekerja sejak dini",
        idea="pos pemeriksaan penyakit tidak menular yang datang ke tempat kerja saat istirahat siang",
        new="jadwal pemeriksaan disepakati dengan pengelola tempat kerja dan hasilnya terhubung ke rekam medis",
        how="Tim puskesmas datang dua kali sebulan ke tiap tempat kerja mitra, memeriksa tekanan darah, gula darah "
        "dan indeks massa tubuh, lalu merujuk pekerja dengan hasil tidak normal",
        pilot="di dua pabrik pada semester pertama 2024",
        metrics=[("pekerja yang diperiksa per bulan", "40", "410")],
        users="3.260 pekerja",
        measure="register posbindu dan rekam medis elektronik",
        satisfaction=("79,5", "88,0"),
        replicated="Belum ada.",
        potential="Dapat diterapkan puskesmas lain yang memiliki kawasan industri atau pasar besar.",
        budget="Rp 9.500.000 dari dana BOK untuk bahan habis pakai",
        people="dua perawat, satu petugas gizi, dan kader kesehatan kerja dari perusahaan",
        tools="tensimeter digital, glukometer, timbangan",
        regulation="Nota kesepahaman dengan lima tempat kerja",
        sop="SOP posbindu tempat kerja",
        partners="pengelola pabrik, Perumda Pasar, dan serikat pekerja",
        innovators="dr. Yuliana Sari\nBambang Irawan, S.Kep., Ners",
        contact=("Bambang Irawan", "0857-3130-8891"),
        note="Bagian Signifikansi belum memuat data sebelum dan sesudah inovasi. Lengkapi dengan jumlah pekerja "
        "yang diperiksa setiap bulan, temuan hipertensi dan diabetes, serta berapa yang sudah dirujuk. Unggah "
        "ulang surat pernyataan implementasi yang sudah ditandatangani Kepala Puskesmas.",
        days=(33, 22, 15),
        photos=["Pemeriksaan tekanan darah di pabrik"],
    ),
    Innovation(
        unit="SMP Negeri 5 Malang",
        name="RAPOR PEDULI",
        meaning="Rapor Karakter dan Kepedulian Siswa Digital",
        story="submitted",
        months_running=22,
        sdgs=[4, 16],
        problem="perkembangan karakter siswa hanya tercatat sebagai satu kalimat di rapor semester sehingga orang "
        "tua tidak tahu perilaku anak di sekolah",
        target="760 siswa dan orang tua siswa SMP Negeri 5 Malang",
        aim="melibatkan orang tua dalam pembinaan karakter setiap bulan, bukan setiap semester",
        idea="rapor karakter bulanan yang diisi wali kelas dan guru BK lalu dikirim ke orang tua",
        new="orang tua bisa membalas dan menyepakati langkah pembinaan bersama wali kelas",
        how="Wali kelas mencatat kehadiran, kedisiplinan dan kegiatan sosial siswa di aplikasi; setiap akhir bulan "
        "rapor dikirim ke WhatsApp orang tua, dan guru BK menindaklanjuti siswa yang perlu pendampingan",
        pilot="di kelas VII pada tahun ajaran 2023/2024",
        metrics=[("keterlambatan siswa per bulan", "212", "64"), ("orang tua hadir konsultasi", "18%", "71%")],
        users="760 siswa dan 1.340 orang tua",
        measure="catatan kehadiran, buku kasus BK dan angket orang tua",
        satisfaction=("76,9", "89,5"),
        replicated="SMP Negeri 14 Malang mulai memakai format rapor yang sama pada 2025.",
        potential="Dapat diterapkan sekolah mana pun yang sudah memakai grup WhatsApp kelas.",
        budget="Rp 6.000.000 dari dana BOS untuk pelatihan guru",
        people="26 wali kelas dan tiga guru BK",
        tools="aplikasi rapor sekolah dan ponsel wali kelas",
        regulation="Keputusan Kepala Sekolah tentang Program Rapor Karakter",
        sop="SOP pengisian rapor karakter bulanan",
        partners="komite sekolah dan paguyuban orang tua",
        innovators="Ahmad Fauzi, S.Pd. (Guru BK)\nDra. Lilik Suharti (Kepala Sekolah)",
        contact=("Ahmad Fauzi", "0812-4901-3376"),
        days=(26, 9),
        photos=["Konsultasi orang tua dan wali kelas"],
    ),
    Innovation(
        unit="SMP Negeri 5 Malang",
        name="LITERASI KANTIN",
        meaning="Literasi Gizi di Kantin Sekolah",
        story="young",
        months_running=7,
        sdgs=[2, 3, 4],
        problem="siswa lebih memilih jajanan tinggi gula dan garam di kantin",
        target="siswa kelas VII dan VIII",
        aim="menaikkan pilihan menu sehat di kantin",
        idea="label gizi berwarna pada setiap menu kantin dan tantangan menu sehat mingguan",
        new="siswa sendiri yang menyusun label gizi dalam pelajaran IPA",
        how="Setiap kelas mendapat giliran menghitung kandungan gizi menu dan memasang label di kantin",
        pilot="di satu kantin pada semester genap",
        metrics=[("porsi menu sehat terjual per hari", "35", "120")],
        users="520 siswa",
        measure="catatan penjualan kantin",
        satisfaction=("80,0", "86,0"),
        replicated="Belum ada.",
        potential="Mudah ditiru sekolah yang memiliki kantin dan guru IPA.",
        budget="Rp 2.500.000 dari dana BOS",
        people="dua guru IPA dan pengelola kantin",
        tools="kertas label dan timbangan dapur",
        regulation="Keputusan Kepala Sekolah tentang Kantin Sehat",
        sop="SOP pelabelan menu",
        partners="Puskesmas Arjuno dan pengelola kantin",
        innovators="Ahmad Fauzi, S.Pd.\nDewi Anggraini, S.Si.",
        contact=("Dewi Anggraini", "0813-3122-7410"),
        days=(6,),
    ),
    Innovation(
        unit="Badan Perencanaan Pembangunan Daerah",
        name="SIPERDA",
        meaning="Sistem Informasi Perencanaan Daerah Terpadu",
        story="eligible",
        months_running=31,
        sdgs=[16, 17],
        problem="usulan musrenbang kelurahan dicatat di berkas terpisah sehingga warga tidak bisa mengetahui "
        "usulan mana yang didanai",
        target="pengurus RT/RW, LPMK, kelurahan dan perangkat daerah pengampu usulan",
        aim="membuat setiap usulan musrenbang dapat dilacak dari kelurahan sampai APBD",
        idea="satu sistem yang mencatat usulan musrenbang, verifikasi perangkat daerah, dan status pendanaannya",
        new="warga dapat melihat status usulannya secara terbuka di peta, termasuk alasan bila ditolak",
        how="Kelurahan memasukkan usulan hasil musrenbang, perangkat daerah memverifikasi kelayakan, dan Bappeda "
        "menandai usulan yang masuk RKPD; portal publik menampilkan statusnya",
        pilot="pada musrenbang tahun 2023 di Kecamatan Klojen",
        metrics=[
            ("usulan yang dapat dilacak statusnya", "0%", "100%"),
            ("waktu rekap usulan se-kota", "21 hari kerja", "3 hari kerja"),
        ],
        users="5.712 usulan dari 57 kelurahan",
        measure="rekap sistem dan survei kepuasan LPMK",
        satisfaction=("72,3", "87,9"),
        replicated="Kabupaten Malang mempelajari SIPERDA pada studi tiru tahun 2025.",
        potential="Dapat direplikasi daerah lain karena mengikuti alur musrenbang nasional dan SIPD.",
        budget="Rp 96.000.000 dari APBD 2023",
        people="tim perencana Bappeda, operator kelurahan, dan pengembang Diskominfo",
        tools="server Diskominfo dan portal publik",
        regulation="Peraturan Wali Kota tentang Tata Cara Musrenbang",
        sop="SOP input dan verifikasi usulan musrenbang",
        partners="LPMK, kecamatan, dan perguruan tinggi pendamping",
        innovators="Lestari Handayani, S.T., M.T.\nIr. Hartono, M.Si.",
        contact=("Lestari Handayani", "0812-3388-1902"),
        app_url="https://siperda.malangkota.go.id",
        days=(41, 34, 30),
        photos=["Musrenbang kelurahan dengan SIPERDA"],
    ),
    Innovation(
        unit="Badan Perencanaan Pembangunan Daerah",
        name="MUSRENBANG ANAK",
        meaning="Musyawarah Perencanaan Pembangunan Bersama Anak",
        story="eligible",
        months_running=26,
        sdgs=[4, 10, 16],
        problem="anak tidak pernah didengar dalam perencanaan pembangunan, padahal banyak usulan menyangkut taman, "
        "jalan sekolah dan ruang bermain",
        target="Forum Anak kelurahan dan kecamatan",
        aim="memastikan usulan anak tercatat dan dibahas dalam musrenbang",
        idea="musrenbang khusus anak yang difasilitasi Forum Anak sebelum musrenbang kelurahan",
        new="usulan anak mendapat kode khusus dan dilaporkan kembali ke Forum Anak",
        how="Fasilitator Forum Anak memandu diskusi, usulan dimasukkan ke SIPERDA dengan kode anak, dan Bappeda "
        "melaporkan tindak lanjutnya setiap tahun",
        pilot="di lima kelurahan pada 2023",
        metrics=[("usulan anak yang didanai", "0", "37")],
        users="1.450 anak",
        measure="rekap SIPERDA dan laporan Forum Anak",
        satisfaction=("75,0", "88,5"),
        replicated="Dinas Sosial, P3AP2KB memakai format yang sama untuk kota layak anak.",
        potential="Dapat diterapkan semua daerah yang memiliki Forum Anak.",
        budget="Rp 42.000.000 dari APBD",
        people="fasilitator Forum Anak dan perencana Bappeda",
        tools="modul fasilitasi dan SIPERDA",
        regulation="Keputusan Wali Kota tentang Forum Anak",
        sop="SOP musrenbang anak",
        partners="Forum Anak, sekolah, dan Dinas Sosial, P3AP2KB",
        innovators="Lestari Handayani, S.T., M.T.\nNadia Putri (Fasilitator Forum Anak)",
        contact=("Lestari Handayani", "0812-3388-1902"),
        days=(39, 32, 28),
        photos=["Musrenbang anak di Kecamatan Klojen"],
    ),
    Innovation(
        unit="Dinas Kesehatan",
        name="CEPAT TANGGAP 112",
        meaning="Layanan Gawat Darurat Medis Terpadu 112",
        story="eligible",
        months_running=40,
        sdgs=[3, 11],
        problem="warga tidak tahu nomor ambulans terdekat dan sering menunggu lebih dari 30 menit",
        target="seluruh warga Kota Malang dalam keadaan gawat darurat medis",
        aim="ambulans tiba dalam 15 menit di seluruh wilayah kota",
        idea="satu nomor 112 yang terhubung ke ambulans puskesmas terdekat melalui pelacakan lokasi",
        new="ambulans puskesmas dan rumah sakit dikoordinasikan dari satu ruang kendali",
        how="Operator 112 menerima panggilan, menentukan ambulans terdekat di peta, dan memandu penelepon memberi "
        "pertolongan pertama sampai ambulans tiba",
        pilot="di Kecamatan Blimbing dan Lowokwaru",
        metrics=[("waktu tanggap ambulans", "34 menit", "12 menit")],
        users="9.830 panggilan",
        measure="log ruang kendali 112",
        satisfaction=("77,2", "93,0"),
        replicated="Kota Batu mempelajari alur kendali ambulans ini pada 2025.",
        potential="Dapat diterapkan daerah yang memiliki layanan 112.",
        budget="Rp 310.000.000 dari APBD untuk ruang kendali dan pelatihan",
        people="24 operator, 40 pengemudi dan perawat ambulans",
        tools="ruang kendali, GPS ambulans, radio",
        regulation="Peraturan Wali Kota tentang Sistem Penanggulangan Gawat Darurat Terpadu",
        sop="SOP penanganan panggilan gawat darurat",
        partners="rumah sakit, PMI, dan Diskominfo",
        innovators="dr. Rudi Hartono, M.Kes.\nTim PSC 119 Kota Malang",
        contact=("Rudi Hartono", "0811-3602-4478"),
        days=(42, 36, 32),
        photos=["Ruang kendali 112"],
    ),
    Innovation(
        unit="Dinas Kesehatan",
        name="GERAKAN PIRING SEHAT",
        meaning="",
        story="ineligible",
        months_running=60,
        sdgs=[2, 3],
        problem="angka gizi kurang pada balita masih ditemukan di beberapa kelurahan",
        target="ibu balita",
        aim="meningkatkan pengetahuan gizi ibu balita",
        idea="penyuluhan gizi di posyandu",
        new="penyuluhan dilakukan setiap bulan",
        how="Petugas gizi memberikan penyuluhan di posyandu",
        pilot="di semua posyandu",
        metrics=[("posyandu yang mendapat penyuluhan", "60%", "85%")],
        users="ibu balita di 57 kelurahan",
        measure="laporan kegiatan",
        satisfaction=("80,0", "82,0"),
        replicated="Belum ada.",
        potential="Dapat dilakukan puskesmas lain.",
        budget="Rp 15.000.000 dari dana BOK",
        people="petugas gizi puskesmas",
        tools="leaflet dan alat peraga",
        regulation="Rencana kerja tahunan Dinas Kesehatan",
        sop="Petunjuk teknis penyuluhan gizi",
        partners="kader posyandu",
        innovators="Tim Gizi Dinas Kesehatan",
        contact=("Rudi Hartono", "0811-3602-4478"),
        note="Kegiatan ini merupakan program rutin penyuluhan gizi yang berjalan sejak 2015 tanpa perubahan cara "
        "layanan, sehingga belum memenuhi unsur kebaruan inovasi. Silakan ikut kembali bila ada perubahan cara "
        "layanan yang dapat dibuktikan dengan data.",
        days=(35, 28, 23),
    ),
    Innovation(
        unit="Kelurahan Bakalankrajan",
        name="SEDEKAH SAMPAH",
        meaning="Sedekah Sampah untuk Kesehatan Warga",
        story="returned",
        months_running=18,
        sdgs=[3, 11, 12],
        problem="sampah anorganik dibuang ke sungai dan lahan kosong, sementara banyak warga lansia tidak mampu "
        "membayar iuran BPJS mandiri",
        target="warga RW 01 sampai RW 06 Kelurahan Bakalankrajan",
        aim="mengurangi sampah yang dibuang sembarangan dan membiayai iuran BPJS warga kurang mampu",
        idea="warga menyedekahkan sampah terpilah; hasil penjualannya membayar iuran BPJS tetangga yang kurang mampu",
        new="sampah menjadi dana sosial kesehatan yang dikelola terbuka oleh warga sendiri",
        how="Setiap Minggu pagi warga menyetor sampah terpilah ke pos RW, pengurus menimbang dan mencatatnya, hasil "
        "penjualan ke bank sampah induk dicatat di papan informasi kelurahan",
        pilot="di RW 03 pada pertengahan 2024",
        metrics=[("sampah anorganik terkumpul per bulan", "0,4 ton", "2,9 ton")],
        users="1.120 kepala keluarga",
        measure="buku timbang bank sampah dan data kepesertaan BPJS",
        satisfaction=("74,0", "85,6"),
        replicated="Belum ada.",
        potential="Mudah ditiru kelurahan yang sudah memiliki bank sampah unit.",
        budget="swadaya warga dan Rp 4.000.000 dana kelurahan untuk timbangan",
        people="enam pengurus RW dan petugas kelurahan",
        tools="timbangan, karung, papan informasi",
        regulation="Keputusan Lurah tentang Pengelola Sedekah Sampah",
        sop="SOP penimbangan dan pencatatan",
        partners="Bank Sampah Malang, Dinas Lingkungan Hidup, dan BPJS Kesehatan",
        innovators="Nur Hidayah, S.Sos. (Lurah)\nPengurus LPMK Bakalankrajan",
        contact=("Nur Hidayah", "0812-1744-6630"),
        note="Tanggal mulai beroperasi pada proposal berbeda dengan surat pernyataan implementasi (Januari 2024). "
        "Mohon diselaraskan, dan lengkapi bagian Sumber Daya dengan rincian dana yang terkumpul dan iuran BPJS "
        "yang sudah dibayarkan.",
        days=(30, 20, 13),
        photos=["Penimbangan sedekah sampah"],
    ),
    Innovation(
        unit="Badan Pendapatan Daerah",
        name="SAMBANG PAJAK",
        meaning="Sapa, Bantu dan Layani Wajib Pajak",
        story="eligible",
        months_running=27,
        sdgs=[8, 16],
        problem="banyak wajib pajak PBB lansia dan pelaku usaha kecil menunggak karena tidak memahami cara bayar "
        "daring dan enggan datang ke kantor",
        target="wajib pajak PBB dan pajak daerah di kelurahan dengan tunggakan tertinggi",
        aim="menaikkan kepatuhan PBB di kelurahan sasaran dan mengurangi antrean di kantor Bapenda",
        idea="petugas keliling mendatangi kelurahan dengan layanan cek tagihan, pembetulan data dan pembayaran "
        "nontunai",
        new="layanan pajak hadir di balai RW pada malam hari, dengan pembayaran QRIS di tempat",
        how="Jadwal keliling diumumkan lewat kelurahan; petugas membawa laptop, printer dan mesin EDC; data "
        "pembetulan langsung masuk ke sistem pajak daerah",
        pilot="di enam kelurahan pada 2023",
        metrics=[
            ("realisasi PBB di kelurahan sasaran", "61%", "83%"),
            ("antrean harian di kantor Bapenda", "180 orang", "95 orang"),
        ],
        users="14.600 wajib pajak",
        measure="data realisasi penerimaan dan catatan layanan keliling",
        satisfaction=("79,8", "90,1"),
        replicated="Bapenda Kota Batu mereplikasi jadwal keliling malam pada 2025.",
        potential="Dapat diterapkan semua daerah dengan pembayaran nontunai.",
        budget="Rp 54.000.000 dari APBD untuk operasional keliling",
        people="dua belas petugas pelayanan dan dua petugas data",
        tools="mobil layanan, laptop, printer, mesin EDC dan QRIS",
        regulation="Keputusan Kepala Bapenda tentang Layanan Pajak Keliling",
        sop="SOP layanan keliling dan pembetulan data PBB",
        partners="kelurahan, Bank Jatim, dan pengurus RW",
        innovators="Drs. Samsul Arifin (Kepala Bidang Pelayanan)\nTim Layanan Keliling Bapenda",
        contact=("Samsul Arifin", "0812-3344-9075"),
        days=(37, 30, 26),
        photos=["Layanan pajak keliling malam hari"],
    ),
    Innovation(
        unit="Dinas Komunikasi dan Informatika",
        name="NGALAM SATU DATA",
        meaning="Portal Satu Data Kota Malang",
        story="eligible",
        months_running=36,
        sdgs=[9, 16, 17],
        problem="data statistik sektoral tersebar di puluhan perangkat daerah dengan format berbeda, sehingga "
        "permintaan data dari warga dan peneliti memakan waktu berminggu-minggu",
        target="perangkat daerah, peneliti, mahasiswa, media dan warga",
        aim="menyediakan data sektoral yang mutakhir dan dapat diunduh dalam satu portal",
        idea="portal satu data dengan standar metadata dan jadwal pemutakhiran per perangkat daerah",
        new="setiap dataset memiliki penanggung jawab dan jadwal, serta dapat diakses lewat API",
        how="Walidata Diskominfo melatih produsen data di setiap perangkat daerah, memeriksa metadata, dan "
        "menerbitkan dataset; permintaan data baru dilayani melalui formulir portal",
        pilot="dengan sepuluh perangkat daerah pada 2022",
        metrics=[("dataset terbuka", "112", "1.486"), ("waktu layanan permintaan data", "14 hari", "2 hari")],
        users="38.000 pengunjung per tahun",
        measure="statistik portal dan log layanan permintaan data",
        satisfaction=("74,6", "88,2"),
        replicated="Kelurahan di Kecamatan Sukun memakai templat data portal untuk profil kelurahan.",
        potential="Portal berbasis perangkat lunak terbuka sehingga dapat dipakai daerah lain tanpa biaya lisensi.",
        budget="Rp 140.000.000 dari APBD untuk pengembangan dan pelatihan",
        people="tiga walidata, dua pengembang, dan produsen data di 38 perangkat daerah",
        tools="server pusat data dan perangkat lunak portal terbuka",
        regulation="Peraturan Wali Kota tentang Satu Data Kota Malang",
        sop="SOP penerbitan dan pemutakhiran dataset",
        partners="BPS Kota Malang, perguruan tinggi, dan komunitas data",
        innovators="Tim Satu Data Diskominfo\nArif Rahman, S.Kom., M.T.",
        contact=("Arif Rahman", "0812-3000-5521"),
        app_url="https://satudata.malangkota.go.id",
        days=(43, 35, 31),
        photos=["Pelatihan walidata perangkat daerah"],
    ),
    Innovation(
        unit="Dinas Lingkungan Hidup",
        name="SIPILAH",
        meaning="Sistem Pilah Sampah dari Rumah",
        story="eligible",
        months_running=25,
        sdgs=[11, 12, 13],
        problem="sampah organik dan anorganik tercampur sejak dari rumah sehingga TPA Supit Urang cepat penuh",
        target="rumah tangga di kelurahan percontohan",
        aim="mengurangi sampah yang dikirim ke TPA dari kelurahan percontohan",
        idea="jadwal pengambilan terpisah untuk sampah organik dan anorganik, dengan poin untuk rumah tangga yang "
        "memilah",
        new="petugas mencatat kepatuhan memilah setiap rumah dan poin dapat ditukar dengan token listrik",
        how="Gerobak sampah mengambil organik pada hari Senin, Rabu, Jumat dan anorganik pada hari Selasa dan "
        "Sabtu; petugas mencatat kepatuhan di aplikasi",
        pilot="di tiga kelurahan pada 2023",
        metrics=[("sampah dari kelurahan percontohan ke TPA per hari", "28 ton", "17 ton")],
        users="8.900 rumah tangga",
        measure="data timbang TPS dan aplikasi pencatatan",
        satisfaction=("76,0", "87,3"),
        replicated="Kelurahan Sukun dan Kelurahan Gadang menerapkan jadwal terpisah sejak 2025.",
        potential="Dapat diterapkan di semua kelurahan dengan penyesuaian jadwal armada.",
        budget="Rp 75.000.000 dari APBD dan CSR untuk token insentif",
        people="petugas gerobak, pengawas DLH, dan kader lingkungan",
        tools="gerobak dua sekat, aplikasi pencatatan, dan komposter",
        regulation="Peraturan Wali Kota tentang Pengelolaan Sampah Rumah Tangga",
        sop="SOP pengambilan terpilah",
        partners="PLN, bank sampah, dan kader lingkungan",
        innovators="Tim Pengelolaan Sampah DLH",
        contact=("Wahyu Prasetyo", "0813-3405-7712"),
        days=(36, 27, 22),
        photos=["Gerobak sampah dua sekat"],
    ),
    Innovation(
        unit="SMP Negeri 10 Malang",
        name="GURU SAHABAT",
        meaning="Layanan Konseling Daring Siswa",
        story="submitted",
        months_running=21,
        sdgs=[3, 4],
        problem="siswa enggan datang ke ruang BK karena malu, sehingga masalah perundungan dan kecemasan terlambat "
        "ditangani",
        target="seluruh siswa SMP Negeri 10 Malang",
        aim="membuka jalur curhat yang aman dan cepat ditanggapi",
        idea="layanan konseling daring dengan identitas yang dilindungi dan jadwal tanggapan guru BK",
        new="siswa bisa memilih guru yang dipercaya dan tanggapan pertama dijamin dalam satu hari sekolah",
        how="Siswa mengisi formulir curhat di aplikasi sekolah, guru BK menanggapi dan mengajak bertemu bila perlu",
        pilot="di kelas VIII pada 2024",
        metrics=[("kasus perundungan yang dilaporkan dan ditangani", "6", "41")],
        users="890 siswa",
        measure="buku kasus BK dan angket kesejahteraan siswa",
        satisfaction=("78,0", "88,8"),
        replicated="Belum ada.",
        potential="Dapat diterapkan sekolah lain yang memiliki guru BK.",
        budget="Rp 3.000.000 dari dana BOS",
        people="empat guru BK",
        tools="aplikasi sekolah",
        regulation="Keputusan Kepala Sekolah tentang Layanan Konseling Daring",
        sop="SOP penanganan curhat daring",
        partners="psikolog Puskesmas Polowijen dan komite sekolah",
        innovators="Tim BK SMP Negeri 10 Malang",
        contact=("Rina Oktaviani", "0813-3600-1287"),
        days=(20, 6),
    ),
    Innovation(
        unit="Puskesmas Janti",
        name="LANSIA CERIA",
        meaning="Layanan Kunjungan Rumah Lansia Terjadwal",
        story="eligible",
        months_running=30,
        sdgs=[3, 10],
        problem="lansia dengan penyakit kronis sering putus obat karena tidak bisa datang sendiri ke puskesmas",
        target="lansia dengan hipertensi dan diabetes yang tinggal sendiri atau sulit berjalan",
        aim="memastikan lansia sasaran mendapat obat dan pemeriksaan setiap bulan",
        idea="kunjungan rumah terjadwal oleh perawat dan kader dengan antar obat bulanan",
        new="jadwal kunjungan disusun dari data putus obat dan lansia dapat meminta kunjungan lewat kader",
        how="Perawat menyusun jadwal bulanan, kader mendampingi kunjungan, obat diantar sesuai resep dokter",
        pilot="di Kelurahan Bandungrejosari pada 2023",
        metrics=[("lansia sasaran yang putus obat", "37%", "8%")],
        users="640 lansia",
        measure="register prolanis dan kartu kunjungan",
        satisfaction=("80,5", "92,0"),
        replicated="Puskesmas Mojolangu memakai jadwal kunjungan yang sama sejak 2025.",
        potential="Dapat diterapkan puskesmas mana pun yang memiliki kader lansia aktif.",
        budget="Rp 12.000.000 dari dana BOK",
        people="empat perawat, satu dokter, dan 30 kader lansia",
        tools="tas kunjungan, tensimeter, dan glukometer",
        regulation="Keputusan Kepala Puskesmas tentang Tim Kunjungan Rumah",
        sop="SOP kunjungan rumah lansia",
        partners="kader lansia dan PKK",
        innovators="Tim Lansia Puskesmas Janti",
        contact=("Indah Permatasari", "0812-3201-6654"),
        days=(34, 26, 21),
        photos=["Kunjungan rumah lansia"],
    ),
    Innovation(
        unit="Kecamatan Klojen",
        name="KLOJEN MELAYANI",
        meaning="Layanan Administrasi Kecamatan Satu Pintu Daring",
        story="eligible",
        months_running=24,
        sdgs=[16],
        problem="warga harus bolak-balik antara kelurahan dan kecamatan untuk surat pengantar dan legalisasi",
        target="warga sebelas kelurahan di Kecamatan Klojen",
        aim="menyelesaikan surat keterangan dan legalisasi dalam satu kali datang atau tanpa datang",
        idea="permohonan surat dari kelurahan diteruskan daring ke kecamatan dan ditandatangani secara elektronik",
        new="warga hanya berhubungan dengan satu loket, dan surat elektronik dapat diverifikasi dengan kode QR",
        how="Kelurahan memeriksa berkas, meneruskan permohonan ke kecamatan melalui aplikasi, dan camat "
        "menandatangani secara elektronik",
        pilot="di tiga kelurahan pada 2024",
        metrics=[("waktu penyelesaian surat keterangan", "3 hari", "4 jam")],
        users="11.300 permohonan",
        measure="log aplikasi dan survei kepuasan",
        satisfaction=("77,0", "90,6"),
        replicated="Kecamatan Sukun mulai menerapkan alur yang sama pada 2025.",
        potential="Dapat diterapkan di semua kecamatan dengan tanda tangan elektronik BSrE.",
        budget="Rp 28.000.000 dari APBD",
        people="petugas layanan kelurahan dan kecamatan",
        tools="aplikasi layanan dan sertifikat elektronik",
        regulation="Keputusan Camat tentang Layanan Satu Pintu Daring",
        sop="SOP layanan surat keterangan daring",
        partners="Diskominfo dan BSSN",
        innovators="Tim Pelayanan Kecamatan Klojen",
        contact=("Dimas Saputra", "0812-3090-1183"),
        days=(33, 25, 20),
        photos=["Loket satu pintu kecamatan"],
    ),
    Innovation(
        unit="Dinas Sosial, P3AP2KB",
        name="SAHABAT PEREMPUAN",
        meaning="Layanan Pengaduan dan Pendampingan Korban Kekerasan",
        story="eligible",
        months_running=29,
        sdgs=[5, 16],
        problem="korban kekerasan terhadap perempuan dan anak tidak tahu ke mana melapor dan takut datang ke kantor",
        target="perempuan dan anak korban kekerasan di Kota Malang",
        aim="setiap laporan ditanggapi dalam 24 jam dan korban didampingi sampai pemulihan",
        idea="layanan pengaduan 24 jam lewat telepon dan WhatsApp dengan pendamping yang menjemput korban",
        new="pendamping, psikolog dan pendamping hukum bekerja dalam satu tim dengan rencana pemulihan per korban",
        how="Laporan diterima operator, pendamping menghubungi korban dalam 24 jam, tim menyusun rencana pemulihan",
        pilot="pada 2023",
        metrics=[("laporan yang ditanggapi dalam 24 jam", "42%", "96%")],
        users="318 korban",
        measure="register kasus UPTD PPA",
        satisfaction=("76,0", "89,0"),
        replicated="Belum ada replikasi resmi.",
        potential="Dapat diterapkan daerah yang memiliki UPTD PPA.",
        budget="Rp 85.000.000 dari APBD dan DAK nonfisik",
        people="enam pendamping, dua psikolog, dan satu pendamping hukum",
        tools="telepon 24 jam dan kendaraan layanan",
        regulation="Peraturan Wali Kota tentang Layanan Perlindungan Perempuan dan Anak",
        sop="SOP penerimaan laporan dan pendampingan",
        partners="Polresta, rumah sakit, dan lembaga bantuan hukum",
        innovators="Tim UPTD PPA Kota Malang",
        contact=("Maya Anggraeni", "0812-3388-0119"),
        days=(39, 31, 25),
        photos=["Ruang konseling UPTD PPA"],
    ),
    Innovation(
        unit="Dinas Koperasi, Perindustrian dan Perdagangan",
        name="PASAR PINTAR",
        meaning="Pembayaran Retribusi Pasar Non Tunai",
        story="eligible",
        months_running=23,
        sdgs=[8, 16],
        problem="retribusi pasar dipungut tunai sehingga rawan kebocoran dan pedagang tidak mendapat bukti bayar",
        target="pedagang di 26 pasar rakyat",
        aim="seluruh retribusi pasar dibayar nontunai dengan bukti yang sah",
        idea="pembayaran retribusi dengan QRIS yang ditempel di setiap kios",
        new="pedagang mendapat bukti bayar di ponsel dan dinas melihat penerimaan harian",
        how="Setiap kios mendapat kode QRIS, pedagang membayar harian atau bulanan, petugas memantau dasbor",
        pilot="di Pasar Oro-Oro Dowo",
        metrics=[("realisasi retribusi pasar", "68%", "91%")],
        users="6.400 pedagang",
        measure="data penerimaan bank dan dasbor retribusi",
        satisfaction=("73,0", "86,4"),
        replicated="Perumda Pasar Kota Batu melakukan studi tiru pada 2025.",
        potential="Dapat diterapkan semua pasar dengan jaringan seluler.",
        budget="Rp 30.000.000 dari APBD",
        people="petugas pasar dan tim bank mitra",
        tools="stiker QRIS dan dasbor",
        regulation="Peraturan Wali Kota tentang Retribusi Pasar Non Tunai",
        sop="SOP pembayaran retribusi non tunai",
        partners="Bank Jatim dan paguyuban pedagang",
        innovators="Tim Pasar Diskopindag",
        contact=("Heru Santoso", "0813-3577-6610"),
        days=(32, 24, 19),
        photos=["Pedagang membayar retribusi dengan QRIS"],
    ),
    Innovation(
        unit="Dinas Tenaga Kerja, Penanaman Modal dan PTSP",
        name="IZIN KILAT UMKM",
        meaning="Izin Usaha Mikro Satu Hari Jadi",
        story="submitted",
        months_running=16,
        sdgs=[8, 9],
        problem="pelaku usaha mikro kesulitan mengurus NIB dan sertifikat halal sendiri di OSS",
        target="pelaku usaha mikro di pasar, kampung tematik dan komunitas",
        aim="pelaku usaha mikro pulang dengan NIB pada hari yang sama",
        idea="klinik perizinan keliling yang mendampingi pengisian OSS di lokasi usaha",
        new="pendampingan langsung sampai NIB terbit, sekaligus pendaftaran sertifikat halal gratis",
        how="Tim membuka klinik di pasar dan kampung tematik sesuai jadwal, mendampingi pengisian OSS",
        pilot="di tiga kampung tematik",
        metrics=[("NIB usaha mikro terbit per bulan", "85", "640")],
        users="7.950 pelaku usaha",
        measure="data OSS dan daftar hadir klinik",
        satisfaction=("80,2", "91,5"),
        replicated="Belum ada.",
        potential="Dapat diterapkan DPMPTSP daerah lain.",
        budget="Rp 20.000.000 dari APBD",
        people="delapan pendamping perizinan",
        tools="laptop, modem, dan tenda layanan",
        regulation="Keputusan Kepala Dinas tentang Klinik Perizinan Keliling",
        sop="SOP klinik perizinan",
        partners="Kementerian Agama dan komunitas UMKM",
        innovators="Tim Pelayanan Perizinan",
        contact=("Yudha Pratama", "0812-3404-5599"),
        days=(18, 4),
        photos=["Klinik perizinan keliling di pasar"],
    ),
    Innovation(
        unit="Kelurahan Tlogomas",
        name="POSYANDU REMAJA TLOGOMAS",
        meaning="",
        story="resubmitted",
        months_running=22,
        sdgs=[3, 4, 5],
        problem="remaja di kawasan kos mahasiswa dan perkampungan tidak terjangkau layanan kesehatan remaja",
        target="remaja usia 10 sampai 18 tahun",
        aim="memeriksa status gizi, anemia dan kesehatan jiwa remaja setiap bulan",
        idea="posyandu yang dikelola remaja sendiri dengan pendampingan puskesmas",
        new="kader remaja dilatih sebagai konselor sebaya dan pemeriksaan dilakukan malam hari",
        how="Posyandu buka setiap Sabtu malam di balai RW dengan pemeriksaan dan konseling sebaya",
        pilot="di RW 05 pada 2024",
        metrics=[("remaja yang diperiksa per bulan", "0", "186")],
        users="1.020 remaja",
        measure="register posyandu remaja",
        satisfaction=("75,0", "87,0"),
        replicated="Kelurahan Merjosari mulai membentuk posyandu remaja pada 2025.",
        potential="Dapat diterapkan kelurahan dengan karang taruna aktif.",
        budget="Rp 7.500.000 dana kelurahan",
        people="24 kader remaja dan bidan puskesmas",
        tools="timbangan, alat ukur Hb, dan ruang konseling",
        regulation="Keputusan Lurah tentang Posyandu Remaja",
        sop="SOP posyandu remaja",
        partners="Puskesmas Dinoyo dan karang taruna",
        innovators="Tim Posyandu Remaja Tlogomas",
        contact=("Anisa Rahmawati", "0812-3177-2003"),
        note="Lengkapi bagian Adaptabilitas dengan kelurahan yang sudah meniru, dan unggah foto kegiatan posyandu.",
        days=(31, 23, 18, 11),
        photos=["Posyandu remaja Sabtu malam"],
    ),
    Innovation(
        unit="Satuan Polisi Pamong Praja",
        name="SIAGA PKL",
        meaning="Sistem Informasi dan Penataan Pedagang Kaki Lima",
        story="ineligible",
        months_running=14,
        sdgs=[11],
        problem="pedagang kaki lima menempati trotoar di ruas jalan protokol",
        target="PKL di ruas jalan protokol",
        aim="menata PKL ke lokasi yang diizinkan",
        idea="pendataan PKL dan patroli terjadwal",
        new="data PKL dicatat di aplikasi",
        how="Petugas mendata PKL dan melakukan patroli",
        pilot="di Jalan Semeru",
        metrics=[("PKL terdata", "0", "420")],
        users="420 PKL",
        measure="laporan patroli",
        satisfaction=("70,0", "74,0"),
        replicated="Belum ada.",
        potential="Dapat diterapkan Satpol PP daerah lain.",
        budget="Rp 10.000.000",
        people="petugas patroli",
        tools="ponsel petugas",
        regulation="Perda Ketertiban Umum",
        sop="SOP patroli",
        partners="Diskopindag",
        innovators="Tim Satpol PP",
        contact=("Agus Setiawan", "0812-3311-4400"),
        note="Bagian Signifikansi hanya memuat rencana tanpa data dampak layanan, dan kegiatan berupa penertiban "
        "rutin sehingga belum memenuhi unsur inovasi pelayanan publik.",
        days=(29, 21, 16),
    ),
    Innovation(
        unit="SD Negeri Kotalama",
        name="KOTALAMA MEMBACA",
        meaning="Gerakan Membaca 15 Menit Bersama Orang Tua",
        story="incomplete",
        months_running=15,
        sdgs=[4],
        problem="hasil asesmen literasi siswa kelas rendah masih di bawah kompetensi minimum",
        target="siswa kelas I sampai III dan orang tuanya",
        aim="menaikkan kemampuan membaca siswa kelas rendah",
        idea="membaca 15 menit setiap malam bersama orang tua dengan buku bergilir",
        new="orang tua mengirim rekaman suara anak membaca ke wali kelas",
        how="Buku bergilir dibagikan setiap Senin",
        pilot="di kelas II",
        metrics=[("siswa lancar membaca", "54%", "81%")],
        users="210 siswa",
        measure="asesmen membaca",
        satisfaction=("", ""),
        replicated="",
        potential="",
        budget="",
        people="",
        tools="",
        regulation="",
        sop="",
        partners="",
        innovators="",
        contact=("", ""),
        days=(4,),
    ),
    Innovation(
        unit="Kecamatan Sukun",
        name="SUKUN BERSIH",
        meaning="Gerakan Kerja Bakti Digital",
        story="withdrawn",
        months_running=18,
        sdgs=[11],
        problem="kerja bakti lingkungan tidak terkoordinasi antar-RW",
        target="RW di Kecamatan Sukun",
        aim="kerja bakti terjadwal di seluruh RW",
        idea="kalender kerja bakti bersama",
        new="jadwal dibagikan lewat grup WhatsApp kecamatan",
        how="Kecamatan menyusun kalender bulanan",
        pilot="di Kelurahan Sukun",
        metrics=[("RW yang rutin kerja bakti", "30%", "70%")],
        users="96 RW",
        measure="laporan kelurahan",
        satisfaction=("72,0", "80,0"),
        replicated="Belum ada.",
        potential="Dapat ditiru kecamatan lain.",
        budget="swadaya",
        people="staf kecamatan",
        tools="grup WhatsApp",
        regulation="Surat Edaran Camat",
        sop="Jadwal kerja bakti",
        partners="pengurus RW",
        innovators="Tim Kecamatan Sukun",
        contact=("Hendra Wijaya", "0812-3322-1100"),
        note="Digabung dengan usulan SIPILAH Dinas Lingkungan Hidup agar tidak ganda.",
        days=(28, 24, 17),
    ),
]


def _start_date(months: int, competition) -> dt.date:
    return months_before(timezone.localtime(competition.submission_closes_at).date(), months).replace(day=1)


def _month_year(value: dt.date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def _metric_sentence(metrics) -> str:
    return "; ".join(f"{name} berubah dari {before} menjadi {after}" for name, before, after in metrics)


def proposal_texts(item: Innovation, started_on: dt.date) -> dict[str, str]:
    """Write the nine sections from the innovation's facts, in the voice of a unit's proposal."""
    short = item.name.title() if item.name.isupper() and len(item.name) > 12 else item.name
    started = _month_year(started_on)
    first = item.metrics[0]
    texts = {
        "summary": (
            f"{item.name}{f' ({item.meaning})' if item.meaning else ''} adalah inovasi {item.unit} untuk "
            f"{item.aim}. Melalui {item.idea}, {_metric_sentence(item.metrics[:1])}. Sejak {started} inovasi ini "
            f"telah menjangkau {item.users}."
        ),
        "background": (
            f"Sebelum inovasi ini, {item.problem}. Kondisi ini paling dirasakan oleh {item.target}. "
            f"Pada awal pelaksanaan, {first[0]} tercatat {first[1]}. Karena itu tujuan inovasi adalah {item.aim}, "
            f"dengan ukuran keberhasilan {first[0]} dan indeks kepuasan masyarakat."
        ),
        "novelty": (f"Gagasan utama {short} adalah {item.idea}. Yang baru dibanding layanan sebelumnya: {item.new}."),
        "implementation": (
            f"{item.how}. Inovasi diuji coba {item.pilot}, lalu diterapkan penuh sejak {started}. "
            f"Pelaksanaan dipantau setiap bulan dan hasilnya dibahas dalam rapat evaluasi unit."
        ),
        "significance": (
            f"Dampak {short} diukur dengan membandingkan kondisi sebelum dan sesudah inovasi: "
            f"{_metric_sentence(item.metrics)}. Indeks kepuasan masyarakat naik dari {item.satisfaction[0]} "
            f"menjadi {item.satisfaction[1]}. Sampai saat ini inovasi telah menjangkau {item.users}. "
            f"Pengukuran memakai {item.measure}. Hasil evaluasi dibahas bersama mitra untuk perbaikan berikutnya, "
            f"antara lain penyesuaian jadwal layanan dan penambahan petugas pada masa sibuk."
        ),
        "adaptability_replicated": item.replicated,
        "adaptability_potential": item.potential,
        "resources": (
            f"Anggaran: {item.budget}. Sumber daya manusia: {item.people}. Peralatan: {item.tools}. "
            f"Metode kerja mengikuti {item.sop}."
            if item.budget
            else ""
        ),
        "sustainability": (
            f"Kelembagaan: inovasi ditetapkan melalui {item.regulation}. Manajerial: pelaksanaan mengikuti "
            f"{item.sop}, dengan petugas tetap dan anggaran rutin. Sosial: inovasi didukung {item.partners}."
            if item.regulation
            else ""
        ),
    }
    if item.story == "incomplete":
        for key in ["novelty", "implementation", "significance", "resources", "sustainability"]:
            texts[key] = ""
    return texts


# Files ---------------------------------------------------------------------------------------------


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without scalable default font
        return ImageFont.load_default()


def photo_bytes(title: str, subtitle: str, *, seed: int, fmt: str) -> bytes:
    """A simple illustration: sky, a service building with windows and people, and a caption bar."""
    rng = random.Random(seed)
    width, height = 960, 640
    image = Image.new("RGB", (width, height), (210, 228, 245))
    draw = ImageDraw.Draw(image)
    for row in range(height // 2):
        shade = 245 - row // 6
        draw.line([(0, row), (width, row)], fill=(shade - 40, shade - 15, shade))
    draw.rectangle([0, height // 2, width, height], fill=(196, 200, 188))
    base = (rng.randint(40, 200), rng.randint(60, 160), rng.randint(80, 200))
    draw.rectangle([120, 170, 840, 470], fill=base, outline=(40, 40, 40), width=3)
    draw.polygon([(100, 175), (480, 90), (860, 175)], fill=(150, 60, 40))
    for column in range(6):
        for level in range(2):
            x = 160 + column * 110
            y = 210 + level * 110
            draw.rectangle([x, y, x + 70, y + 60], fill=(235, 240, 200), outline=(60, 60, 60), width=2)
    draw.rectangle([440, 380, 520, 470], fill=(90, 60, 40))
    for _ in range(9):
        x = rng.randint(60, 900)
        colour = (rng.randint(30, 230), rng.randint(30, 230), rng.randint(30, 230))
        draw.ellipse([x, 470, x + 26, 496], fill=(230, 190, 150))
        draw.rectangle([x - 4, 496, x + 30, 560], fill=colour)
    draw.rectangle([0, height - 90, width, height], fill=(11, 79, 138))
    draw.text((28, height - 80), title, fill=(255, 255, 255), font=_font(30))
    draw.text((28, height - 40), subtitle, fill=(242, 183, 5), font=_font(20))
    output = io.BytesIO()
    image.save(output, format=fmt, quality=85)
    return output.getvalue()


LETTER_BODIES = {
    "surat-implementasi": "menyatakan dengan sesungguhnya bahwa inovasi {name} telah dilaksanakan dan "
    "dimanfaatkan oleh masyarakat sejak {started} sampai dengan saat ini.",
    "surat-identitas-inovator": "menyatakan bahwa inovator / tim inovasi {name} adalah: {innovators}.",
    "surat-kesediaan-replikasi": "menyatakan bersedia apabila inovasi {name} direplikasi oleh perangkat daerah, "
    "unit layanan, atau pemerintah daerah lain, dan bersedia membagikan pengetahuan yang diperlukan.",
}


def letter_bytes(*, unit_name: str, requirement, item: Innovation, started_on: dt.date) -> bytes:
    """A statement letter on the unit's letterhead, as the national form asks (PDF, well under 1 MB)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    output = io.BytesIO()
    page = canvas.Canvas(output, pagesize=A4)
    width, height = A4
    page.setFont("Helvetica-Bold", 13)
    page.drawCentredString(width / 2, height - 60, "PEMERINTAH KOTA MALANG")
    page.setFont("Helvetica-Bold", 12)
    page.drawCentredString(width / 2, height - 78, unit_name.upper()[:70])
    page.setLineWidth(1.5)
    page.line(60, height - 90, width - 60, height - 90)
    page.setFont("Helvetica-Bold", 12)
    page.drawCentredString(width / 2, height - 125, requirement.name.upper()[:70])
    page.setFont("Helvetica", 11)
    body = LETTER_BODIES.get(requirement.code, "menyatakan kebenaran data usulan inovasi {name}.").format(
        name=item.name,
        started=_month_year(started_on),
        innovators=item.innovators.replace("\n", "; ") or "-",
    )
    lines = ["Yang bertanda tangan di bawah ini, Kepala " + unit_name + ","]
    words = body.split()
    current = ""
    for word in words:
        if len(current) + len(word) > 85:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    y = height - 160
    for line in lines:
        page.drawString(72, y, line)
        y -= 18
    page.drawString(72, y - 10, "Demikian surat pernyataan ini dibuat untuk dipergunakan sebagaimana mestinya.")
    page.drawString(width - 250, y - 60, f"Malang, {_month_year(timezone.localdate())}")
    page.drawString(width - 250, y - 78, "Kepala " + unit_name[:30])
    page.drawString(width - 250, y - 150, "(ditandatangani secara elektronik)")
    page.showPage()
    page.save()
    return output.getvalue()


# Flow ----------------------------------------------------------------------------------------------


def _slug(name: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in name.lower()).strip("-")


def operator_for(unit: Unit, people: dict[str, User]) -> User:
    """The unit's demo operator: one of kipp's demo accounts, or an account made here for the other units."""
    for user in people.values():
        if user.unit_id == unit.pk and Role.OPERATOR in user.role_names:
            return user
    existing = User.objects.filter(unit=unit, groups__name=Role.OPERATOR).order_by("pk").first()
    if existing is not None:
        return existing
    username = f"op.{_slug(unit.short_name or unit.name)}"[:150]
    user = User(
        username=username,
        full_name=f"Operator {unit.display_name}",
        title=f"Operator {unit.display_name}",
        email=f"{username.replace('.', '-')}@demo.kipp.malangkota.go.id",
        unit=unit,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.OPERATOR)[0])
    return user


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _attach_files(submission, operator, item: Innovation, started_on, requirements, *, index: int):
    skip = {"draft": 1, "incomplete": len(requirements)}.get(item.story, 0)
    for requirement in requirements[: len(requirements) - skip]:
        services.attachment_add(
            submission=submission,
            user=operator,
            uploaded=_upload(
                f"{requirement.name.replace('/', '-')}.pdf",
                letter_bytes(unit_name=submission.unit.name, requirement=requirement, item=item, started_on=started_on),
            ),
            requirement=requirement,
        )
    for number, caption in enumerate(item.photos):
        fmt = "JPEG" if number % 2 == 0 else "PNG"
        extension = "jpg" if fmt == "JPEG" else "png"
        services.attachment_add(
            submission=submission,
            user=operator,
            uploaded=_upload(
                f"dokumentasi-{_slug(item.name)}-{number + 1}.{extension}",
                photo_bytes(
                    caption, f"{item.name} · {submission.unit.display_name}", seed=index * 10 + number, fmt=fmt
                ),
            ),
            caption=caption,
        )


def _submit(submission, operator, people):
    submission = services.submission_submit(submission=submission, user=operator, notify=False)
    if submission.status == SubmissionStatus.AWAITING_ENDORSEMENT:
        parent = operator_for(submission.unit.parent, people)
        submission = services.submission_endorse(submission=submission, user=parent, notify=False)
    return submission


def _play(item: Innovation, *, competition, committee, people, requirements, index: int) -> Submission:
    unit = Unit.objects.get(name=item.unit)
    operator = operator_for(unit, people)
    started_on = _start_date(item.months_running, competition)
    data = {
        "name": item.name,
        "acronym_meaning": item.meaning,
        "started_on": started_on,
        "sdgs": item.sdgs,
        "is_application": bool(item.app_url),
        "application_url": item.app_url,
        "video_url": f"https://www.youtube.com/watch?v=kipp2026-{index:02d}" if item.story != "incomplete" else "",
        "innovators": item.innovators,
        "contact_name": item.contact[0],
        "contact_phone": item.contact[1],
        "contact_email": f"{_slug(item.name)}@demo.kipp.malangkota.go.id" if item.contact[0] else "",
        **proposal_texts(item, started_on),
    }
    submission = services.submission_create(competition=competition, user=operator, data=data)
    _attach_files(submission, operator, item, started_on, requirements, index=index)
    if item.story in {"draft", "incomplete", "young"}:
        return submission
    submission = _submit(submission, operator, people)
    if item.story == "withdrawn":
        return services.submission_withdraw(submission=submission, user=operator, reason=item.note)
    if item.story in {"returned", "resubmitted"}:
        services.submission_screen(
            submission=submission, user=committee, decision="returned", note=item.note, notify=False
        )
    if item.story == "resubmitted":
        submission.refresh_from_db()
        submission = services.submission_update(
            submission=submission,
            user=operator,
            data={
                "adaptability_replicated": "Kelurahan Merjosari meniru posyandu remaja sejak Maret 2025, dengan "
                "pendampingan kader remaja Tlogomas."
            },
            expected_version=submission.version,
        )
        submission = _submit(submission, operator, people)
    if item.story in {"eligible", "ineligible"}:
        services.submission_screen(
            submission=submission, user=committee, decision=item.story, note=item.note, notify=False
        )
    submission.refresh_from_db()
    return submission


def _backdate(submission: Submission, days: tuple[int, ...], *, seed: int) -> None:
    """Spread the recorded events over the past weeks, in order, as if the flow happened then."""
    rng = random.Random(seed)
    now = timezone.now()
    events = list(SubmissionEvent.objects.filter(submission=submission).order_by("pk"))
    moments = []
    for position, event in enumerate(events):
        days_ago = days[min(position, len(days) - 1)] if days else 1
        moment = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 6), minutes=rng.randint(0, 59))
        if moments and moment <= moments[-1]:
            moment = moments[-1] + dt.timedelta(minutes=rng.randint(20, 180))
        moments.append(min(moment, now - dt.timedelta(minutes=5)))
        SubmissionEvent.objects.filter(pk=event.pk).update(created_at=moments[-1])
    created = moments[0]
    submitted = [
        moment for event, moment in zip(events, moments, strict=True) if event.to_status == SubmissionStatus.SUBMITTED
    ]
    Submission.objects.filter(pk=submission.pk).update(
        created_at=created,
        updated_at=moments[-1],
        submitted_at=submitted[-1] if submitted else None,
        endorsed_at=submitted[-1] if submitted and submission.endorsed_by_id else None,
    )
    Attachment.objects.filter(submission=submission).update(created_at=created + dt.timedelta(hours=20))
    decisions = [
        moment
        for event, moment in zip(events, moments, strict=True)
        if event.from_status == SubmissionStatus.SUBMITTED
        and event.to_status in {SubmissionStatus.RETURNED, SubmissionStatus.ELIGIBLE, SubmissionStatus.INELIGIBLE}
    ]
    screenings = Screening.objects.filter(submission=submission).order_by("pk")
    for screening, moment in zip(screenings, decisions, strict=False):
        Screening.objects.filter(pk=screening.pk).update(decided_at=moment)


def load(context: dict) -> dict:
    competition = (context.get("competitions") or {}).get(2026)
    if competition is None:
        return {}
    people = context.get("people") or {}
    committee = people.get("panitia") or User.objects.filter(groups__name=Role.COMMITTEE).first()
    requirements = list(competition.attachment_requirements.order_by("order", "pk"))
    existing = {
        name.lower() for name in Submission.objects.filter(competition=competition).values_list("name", flat=True)
    }
    for index, item in enumerate(INNOVATIONS):
        if item.name.lower() in existing:
            continue
        submission = _play(
            item, competition=competition, committee=committee, people=people, requirements=requirements, index=index
        )
        _backdate(submission, item.days, seed=index)
    submissions = {
        submission.name: submission
        for submission in Submission.objects.filter(competition=competition).select_related("unit", "stage")
    }
    return {"submissions": submissions}
