"""Kota Malang's units and one demo account per role: the first part of `load_demo`.

Every function here is idempotent: it looks rows up by their natural key and creates only what is missing.
"""

from django.contrib.auth.models import Group

from kipp.enums import Role, UnitKind
from kipp.models import Unit, User

DEMO_PASSWORD = "kipp-demo-2026"

# (name, short name, kind, parent name)
UNITS = [
    ("Sekretariat Daerah Kota Malang", "Setda", UnitKind.SEKRETARIAT, None),
    ("Bagian Organisasi", "Bag. Organisasi", UnitKind.BAGIAN, "Sekretariat Daerah Kota Malang"),
    ("Bagian Pemerintahan", "Bag. Pemerintahan", UnitKind.BAGIAN, "Sekretariat Daerah Kota Malang"),
    ("Bagian Hubungan Masyarakat", "Bag. Humas", UnitKind.BAGIAN, "Sekretariat Daerah Kota Malang"),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud", UnitKind.DINAS, None),
    ("Dinas Kesehatan", "Dinkes", UnitKind.DINAS, None),
    (
        "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "DPUPRPKP",
        UnitKind.DINAS,
        None,
    ),
    ("Dinas Tenaga Kerja, Penanaman Modal dan PTSP", "Disnaker-PMPTSP", UnitKind.DINAS, None),
    ("Dinas Sosial, P3AP2KB", "Dinsos-P3AP2KB", UnitKind.DINAS, None),
    ("Dinas Koperasi, Perindustrian dan Perdagangan", "Diskopindag", UnitKind.DINAS, None),
    ("Dinas Kepemudaan, Olahraga dan Pariwisata", "Disporapar", UnitKind.DINAS, None),
    ("Dinas Ketahanan Pangan dan Pertanian", "DKPP", UnitKind.DINAS, None),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", UnitKind.DINAS, None),
    ("Dinas Lingkungan Hidup", "DLH", UnitKind.DINAS, None),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Dispendukcapil", UnitKind.DINAS, None),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", UnitKind.BADAN, None),
    ("Badan Pendapatan Daerah", "Bapenda", UnitKind.BADAN, None),
    ("Satuan Polisi Pamong Praja", "Satpol PP", UnitKind.SATUAN, None),
    ("Kecamatan Blimbing", "Kec. Blimbing", UnitKind.KECAMATAN, None),
    ("Kecamatan Kedungkandang", "Kec. Kedungkandang", UnitKind.KECAMATAN, None),
    ("Kecamatan Klojen", "Kec. Klojen", UnitKind.KECAMATAN, None),
    ("Kecamatan Lowokwaru", "Kec. Lowokwaru", UnitKind.KECAMATAN, None),
    ("Kecamatan Sukun", "Kec. Sukun", UnitKind.KECAMATAN, None),
    ("Kelurahan Bakalankrajan", "Kel. Bakalankrajan", UnitKind.KELURAHAN, "Kecamatan Sukun"),
    ("Kelurahan Bandulan", "Kel. Bandulan", UnitKind.KELURAHAN, "Kecamatan Sukun"),
    ("Kelurahan Ciptomulyo", "Kel. Ciptomulyo", UnitKind.KELURAHAN, "Kecamatan Sukun"),
    ("Kelurahan Gadang", "Kel. Gadang", UnitKind.KELURAHAN, "Kecamatan Sukun"),
    ("Kelurahan Kebonsari", "Kel. Kebonsari", UnitKind.KELURAHAN, "Kecamatan Sukun"),
    ("Kelurahan Sukun", "Kel. Sukun", UnitKind.KELURAHAN, "Kecamatan Sukun"),
    ("Kelurahan Arjowinangun", "Kel. Arjowinangun", UnitKind.KELURAHAN, "Kecamatan Kedungkandang"),
    ("Kelurahan Buring", "Kel. Buring", UnitKind.KELURAHAN, "Kecamatan Kedungkandang"),
    ("Kelurahan Kedungkandang", "Kel. Kedungkandang", UnitKind.KELURAHAN, "Kecamatan Kedungkandang"),
    ("Kelurahan Kotalama", "Kel. Kotalama", UnitKind.KELURAHAN, "Kecamatan Kedungkandang"),
    ("Kelurahan Merjosari", "Kel. Merjosari", UnitKind.KELURAHAN, "Kecamatan Lowokwaru"),
    ("Kelurahan Tlogomas", "Kel. Tlogomas", UnitKind.KELURAHAN, "Kecamatan Lowokwaru"),
    ("Kelurahan Kauman", "Kel. Kauman", UnitKind.KELURAHAN, "Kecamatan Klojen"),
    ("Kelurahan Oro-Oro Dowo", "Kel. Oro-Oro Dowo", UnitKind.KELURAHAN, "Kecamatan Klojen"),
    ("Kelurahan Penanggungan", "Kel. Penanggungan", UnitKind.KELURAHAN, "Kecamatan Klojen"),
    ("Puskesmas Kedungkandang", "PKM Kedungkandang", UnitKind.PUSKESMAS, "Dinas Kesehatan"),
    ("Puskesmas Janti", "PKM Janti", UnitKind.PUSKESMAS, "Dinas Kesehatan"),
    ("Puskesmas Polowijen", "PKM Polowijen", UnitKind.PUSKESMAS, "Dinas Kesehatan"),
    ("Puskesmas Arjuno", "PKM Arjuno", UnitKind.PUSKESMAS, "Dinas Kesehatan"),
    ("Puskesmas Rampal Celaket", "PKM Rampal Celaket", UnitKind.PUSKESMAS, "Dinas Kesehatan"),
    ("Puskesmas Mojolangu", "PKM Mojolangu", UnitKind.PUSKESMAS, "Dinas Kesehatan"),
    ("SMP Negeri 5 Malang", "SMPN 5", UnitKind.SEKOLAH, "Dinas Pendidikan dan Kebudayaan"),
    ("SMP Negeri 10 Malang", "SMPN 10", UnitKind.SEKOLAH, "Dinas Pendidikan dan Kebudayaan"),
    ("SMP Negeri 14 Malang", "SMPN 14", UnitKind.SEKOLAH, "Dinas Pendidikan dan Kebudayaan"),
    ("SMP Negeri 22 Malang", "SMPN 22", UnitKind.SEKOLAH, "Dinas Pendidikan dan Kebudayaan"),
    ("SD Negeri Kotalama", "SDN Kotalama", UnitKind.SEKOLAH, "Dinas Pendidikan dan Kebudayaan"),
]

# (username, full name, title, role, unit name or None)
PEOPLE = [
    ("panitia", "Rina Kusumawati", "Kasubbag Kelembagaan, Bagian Organisasi", Role.COMMITTEE, "Bagian Organisasi"),
    ("juri1", "Prof. Dr. Hendra Wijaya", "Guru Besar Administrasi Publik, Universitas Brawijaya", Role.JUROR, None),
    ("juri2", "Dr. Siti Aminah, M.Si.", "Dosen Kebijakan Publik, Universitas Negeri Malang", Role.JUROR, None),
    ("juri3", "Dr. Bambang Prasetyo", "Praktisi Inovasi Pelayanan Publik", Role.JUROR, None),
    ("juri4", "Dewi Lestari, S.Sos., M.AP.", "Ombudsman RI Perwakilan Jawa Timur", Role.JUROR, None),
    (
        "juri5",
        "Drs. Agus Santoso, M.Pd.",
        "Sekretaris Dinas Pendidikan dan Kebudayaan",
        Role.JUROR,
        "Dinas Pendidikan dan Kebudayaan",
    ),
    (
        "op.dispendukcapil",
        "Fajar Nugroho",
        "Operator Dispendukcapil",
        Role.OPERATOR,
        "Dinas Kependudukan dan Pencatatan Sipil",
    ),
    (
        "op.pkm-kedungkandang",
        "Yuliana Sari",
        "Operator Puskesmas Kedungkandang",
        Role.OPERATOR,
        "Puskesmas Kedungkandang",
    ),
    ("op.smpn5", "Ahmad Fauzi", "Operator SMP Negeri 5 Malang", Role.OPERATOR, "SMP Negeri 5 Malang"),
    ("op.bappeda", "Lestari Handayani", "Operator Bappeda", Role.OPERATOR, "Badan Perencanaan Pembangunan Daerah"),
    ("op.dinkes", "Rudi Hartono", "Operator Dinas Kesehatan", Role.OPERATOR, "Dinas Kesehatan"),
    (
        "op.kel-bakalankrajan",
        "Nur Hidayah",
        "Operator Kelurahan Bakalankrajan",
        Role.OPERATOR,
        "Kelurahan Bakalankrajan",
    ),
]


def load_units() -> dict[str, Unit]:
    """Create Kota Malang's units (parents first) and return them by name."""
    units: dict[str, Unit] = {}
    for name, short_name, kind, parent_name in UNITS:
        unit, _created = Unit.objects.get_or_create(
            name=name,
            defaults={"short_name": short_name, "kind": kind, "parent": units.get(parent_name)},
        )
        units[name] = unit
    return units


def load_roles() -> dict[str, Group]:
    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}


def load_people(units: dict[str, Unit]) -> dict[str, User]:
    """One account per demo person, all with DEMO_PASSWORD; an admin superuser for Django's admin."""
    groups = load_roles()
    people: dict[str, User] = {}
    for username, full_name, title, role, unit_name in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                title=title,
                email=f"{username.replace('.', '-')}@demo.kipp.malangkota.go.id",
                unit=units.get(unit_name) if unit_name else None,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(groups[role])
        people[username] = user
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@demo.kipp.malangkota.go.id", DEMO_PASSWORD, full_name="Administrator KIPP"
        )
    return people


def load() -> dict:
    units = load_units()
    people = load_people(units)
    return {"units": units, "people": people}
