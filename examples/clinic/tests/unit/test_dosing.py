from decimal import Decimal

import pytest

from clinic.enums import Role, Severity, Species
from clinic.formulary import FORMULARY
from clinic.services.errors import Contraindicated, PrescriptionRefused
from clinic.services.prescribing import (
    DosePlan,
    over_maximum,
    packs_needed,
    plan_dose,
    quantity_to_dispense,
    review,
)

CARPROFEN_50 = FORMULARY.product("KV-CARPR-50T-14")
MELOXICAM_LIQUID = FORMULARY.product("MW-MELOX-1P5S-30")
GABAPENTIN_CAPS = FORMULARY.product("CR-GABAP-100C-14")
TRAMADOL = FORMULARY.product("CR-TRAMA-50T-20")
PREDNISOLONE = FORMULARY.product("MW-PREDN-5T-10")
SUCRALFATE = FORMULARY.product("AP-SUCRA-1000T-20")
ENROFLOXACIN = FORMULARY.product("KV-ENROF-50T-20")


def dosing(product, species=Species.DOG):
    found = FORMULARY.dosing(product.ingredient.name, species)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("weight", "units"),
    [
        (Decimal("12.5"), Decimal("1")),
        (Decimal("20"), Decimal("1.5")),
        (Decimal("24.5"), Decimal("2")),
        (Decimal("3"), Decimal("0.5")),
    ],
)
def test_tablets_go_to_the_nearest_half(weight, units):
    plan = plan_dose(CARPROFEN_50, dosing(CARPROFEN_50), weight)

    assert plan.units_per_dose == units
    assert plan.dose_mg == units * 50


def test_liquids_go_to_a_tenth_of_a_ml():
    plan = plan_dose(MELOXICAM_LIQUID, dosing(MELOXICAM_LIQUID, Species.CAT), Decimal("4.2"))

    # 0.05 mg/kg * 4.2 kg = 0.21 mg = 0.14 ml of 1.5 mg/ml
    assert plan.units_per_dose == Decimal("0.1")
    assert plan.dose_mg == Decimal("0.15")


def test_capsules_are_never_split_and_never_zero():
    small = plan_dose(GABAPENTIN_CAPS, dosing(GABAPENTIN_CAPS, Species.CAT), Decimal("2"))
    big = plan_dose(GABAPENTIN_CAPS, dosing(GABAPENTIN_CAPS), Decimal("24.5"))

    assert small.units_per_dose == 1
    assert big.units_per_dose == 2  # 245 mg -> 2.45 capsules


def test_the_vet_may_change_the_frequency():
    plan = plan_dose(CARPROFEN_50, dosing(CARPROFEN_50), Decimal("25"), doses_per_day=2)

    assert plan.doses_per_day == 2 and plan.daily_mg == 200


def test_quantity_for_a_course_rounds_up_to_whole_units():
    plan = DosePlan(units_per_dose=Decimal("1.5"), dose_mg=Decimal(75), doses_per_day=1)

    assert quantity_to_dispense(CARPROFEN_50, plan, 7) == 11
    assert packs_needed(CARPROFEN_50, Decimal(11)) == 1
    assert packs_needed(CARPROFEN_50, Decimal(15)) == 2


def test_over_maximum_compares_the_daily_dose_with_the_weight():
    rule = dosing(CARPROFEN_50)
    assert not over_maximum(plan_dose(CARPROFEN_50, rule, Decimal(25)), rule, Decimal(25))
    assert over_maximum(plan_dose(CARPROFEN_50, rule, Decimal(25), doses_per_day=2), rule, Decimal(25))


def run_review(product, species=Species.DOG, weight=Decimal("24.5"), role=Role.VET, days=7, current=()):
    return review(
        product,
        species_dosing=FORMULARY.dosing(product.ingredient.name, species),
        species=species.value,
        weight_kg=weight,
        prescriber_role=role,
        days=days,
        current=list(current),
    )


def test_a_routine_course_passes_review():
    verdict = run_review(CARPROFEN_50)

    assert verdict.needs_override == [] and verdict.warnings == []
    assert verdict.quantity == 14


def test_contraindicated_species_is_a_hard_stop():
    with pytest.raises(Contraindicated, match="contraindicated in rabbits"):
        run_review(CARPROFEN_50, species=Species.RABBIT, weight=Decimal("2.1"))


def test_no_weight_no_prescription():
    with pytest.raises(PrescriptionRefused, match="weigh the patient"):
        run_review(CARPROFEN_50, weight=None)


@pytest.mark.parametrize("days", [0, 181])
def test_course_length_is_bounded(days):
    with pytest.raises(PrescriptionRefused, match="1 to 180 days"):
        run_review(CARPROFEN_50, days=days)


def test_nurses_do_not_prescribe_controlled_drugs():
    with pytest.raises(PrescriptionRefused, match="controlled drug"):
        run_review(TRAMADOL, role=Role.NURSE)


def test_long_controlled_courses_need_a_reason():
    verdict = run_review(TRAMADOL, days=30)

    assert verdict.needs_override == ["more than 28 days of a controlled drug"]


def test_a_major_interaction_needs_a_reason():
    verdict = run_review(PREDNISOLONE, current=[CARPROFEN_50.code])

    assert len(verdict.needs_override) == 1
    assert verdict.needs_override[0].startswith(f"major interaction with {CARPROFEN_50.code}")


def test_moderate_interactions_are_warnings():
    verdict = run_review(SUCRALFATE, current=[ENROFLOXACIN.code])

    assert verdict.needs_override == []
    assert [item.severity for item in verdict.warnings] == [Severity.MODERATE]


def test_rounding_up_to_a_half_tablet_is_within_tolerance():
    # 5 mg/kg * 24.5 kg = 122.5 mg, the maximum; 2.5 tablets of 50 mg is 125 mg.
    rule = dosing(ENROFLOXACIN)
    plan = plan_dose(ENROFLOXACIN, rule, Decimal("24.5"))

    assert plan.daily_mg == 125
    assert not over_maximum(plan, rule, Decimal("24.5"))
