import pytest

from kipp.selectors import unit_family_ids
from tests.factories import UnitFactory


@pytest.mark.django_db
def test_unit_family_holds_ancestors_and_descendants_but_not_siblings():
    dinas = UnitFactory(name="Dinas Pendidikan dan Kebudayaan")
    school = UnitFactory(name="SMP Negeri 5 Malang", parent=dinas)
    class_unit = UnitFactory(name="Unit Perpustakaan SMPN 5", parent=school)
    sibling = UnitFactory(name="SMP Negeri 10 Malang", parent=dinas)
    other = UnitFactory(name="Dinas Kesehatan")

    family = unit_family_ids(school.pk)

    assert family == {dinas.pk, school.pk, class_unit.pk}
    assert sibling.pk not in family
    assert other.pk not in family
    assert unit_family_ids(dinas.pk) == {dinas.pk, school.pk, class_unit.pk, sibling.pk}
