"""The forms run the shared rules and put each message on the field it concerns."""

from competitions.forms import CompetitionForm, CriterionFormSet, LockOverrideForm
from tests.competitions.conftest import form_data, formset_data, stage


def criteria_formset(desk, **changes):
    blank = CriterionFormSet(instance=desk, prefix="criteria")
    return CriterionFormSet(formset_data(blank, **changes), instance=desk, prefix="criteria")


def test_criterion_formset_accepts_weights_adding_up_to_100(national):
    desk = stage(national, 2)
    formset = criteria_formset(desk, edits={0: {"weight": "5"}, 2: {"weight": "10"}})
    assert formset.is_valid()


def test_criterion_formset_refuses_weights_above_100(national):
    desk = stage(national, 2)
    formset = criteria_formset(desk, edits={0: {"weight": "15"}})
    assert not formset.is_valid()
    assert formset.non_form_errors() == ["Jumlah bobot kriteria harus 100 (sekarang 105)."]
    assert [form.errors.get("weight") for form in formset.forms[:2]] == [
        ["Jumlah bobot kriteria harus 100 (sekarang 105)."],
        ["Jumlah bobot kriteria harus 100 (sekarang 105)."],
    ]


def test_criterion_formset_counts_new_rows_and_ignores_deleted_ones(national):
    desk = stage(national, 2)
    formset = criteria_formset(
        desk,
        delete={5},
        new=[{"order": "8", "name": "Kolaborasi", "weight": "5", "max_score": "100", "guidance": ""}],
    )
    assert formset.is_valid(), formset.errors


def test_criterion_formset_refuses_duplicate_names(national):
    desk = stage(national, 2)
    formset = criteria_formset(desk, edits={1: {"name": "Signifikansi"}})
    assert not formset.is_valid()
    assert formset.forms[3].errors == {"name": ["Kriteria dengan nama ini sudah ada pada tahap ini."]}


def test_competition_form_puts_the_top_n_rule_on_top_n(national):
    data = form_data(CompetitionForm(instance=national))
    data["top_n"] = "30"
    form = CompetitionForm(data, instance=national)
    assert not form.is_valid()
    assert list(form.errors) == ["top_n"]


def test_lock_override_form_needs_both_the_tick_and_the_reason():
    assert LockOverrideForm({"override-confirm": "on"}, prefix="override").errors == {
        "reason": ["Tuliskan alasan perubahan."]
    }
    assert LockOverrideForm({"override-reason": "x"}, prefix="override").errors == {
        "confirm": ["Centang konfirmasi bila perubahan ini memang harus dilakukan."]
    }
    form = LockOverrideForm({"override-confirm": "on", "override-reason": " Rapat "}, prefix="override")
    assert form.override_reason == "Rapat"
    assert LockOverrideForm({}, prefix="override").override_reason == ""
