"""Every decimal input of the configuration forms refuses NaN, a signalling NaN and infinities with a
message, in saved rows and new (extra) formset rows alike, instead of reaching a comparison (a 500)."""

from decimal import Decimal

import pytest
from django import forms

from competitions import forms as config_forms
from competitions.forms import FiniteDecimalField, StageFormSet
from tests.factories import CompetitionFactory


def config_form_classes():
    for value in vars(config_forms).values():
        if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == config_forms.__name__:
            yield value
        elif isinstance(value, type) and issubclass(value, forms.BaseFormSet) and hasattr(value, "form"):
            yield value.form  # the class the formset builds its saved and extra rows from


def test_every_decimal_input_of_the_config_forms_is_finite():
    decimals = {
        f"{form_class.__name__}.{name}": type(field)
        for form_class in config_form_classes()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DecimalField)
    }
    assert decimals, "the stage and criterion weights are decimals"
    assert {name: field for name, field in decimals.items() if field is not FiniteDecimalField} == {}


@pytest.mark.parametrize("text", ["NaN", "nan", "sNaN", "-sNaN", "Infinity", "-inf", "Inf"])
def test_a_non_finite_number_is_refused_with_a_message(text):
    field = FiniteDecimalField(max_digits=5, decimal_places=2)
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(text)
    assert refused.value.messages == ["Masukkan sebuah bilangan."]
    assert field.has_changed(Decimal(0), text) is True  # no InvalidOperation from comparing with sNaN


def test_a_new_stage_row_of_the_formset_has_the_finite_weight_field(db):
    extra = StageFormSet(prefix="stages", competition=CompetitionFactory()).forms[-1]
    assert extra.instance.pk is None
    assert isinstance(extra.fields["weight"], FiniteDecimalField)
