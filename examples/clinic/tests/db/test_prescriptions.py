import datetime as dt
from decimal import Decimal

import pytest

from clinic.enums import Severity, Species
from clinic.services import owners, prescribing
from clinic.services.errors import Contraindicated, NeedsOverride, NotFound, PrescriptionRefused
from factories import make_patient

CARPROFEN = "KV-CARPR-50T-14"
PREDNISOLONE = "MW-PREDN-5T-10"
SUCRALFATE = "AP-SUCRA-1000T-20"
ENROFLOXACIN = "KV-ENROF-50T-20"
PERMETHRIN = "AP-PERME-500SO-3"
TRAMADOL = "CR-TRAMA-50T-20"
MONDAY = dt.date(2024, 6, 10)


async def prescribe(session, patient, clinician, code, days=7, starts_on=MONDAY, **extra):
    return await prescribing.prescribe(
        session,
        patient_id=patient.id,
        clinician_id=clinician.id,
        product_code=code,
        days=days,
        starts_on=starts_on,
        **extra,
    )


async def test_prescribe_by_weight(session, vet, dog):
    prescription, warnings = await prescribe(session, dog, vet, CARPROFEN)

    # 4 mg/kg * 24.5 kg = 98 mg: two 50 mg tablets once a day for a week.
    assert (prescription.dose_mg, prescription.doses_per_day, prescription.quantity) == (100, 1, 14)
    assert prescription.ends_on == dt.date(2024, 6, 16)
    assert warnings == []


async def test_cats_never_get_permethrin(session, vet, cat):
    with pytest.raises(Contraindicated, match="permethrin is contraindicated in cats"):
        await prescribe(
            session, cat, vet, PERMETHRIN, days=1, override_reason="owner insists, signed consent"
        )


async def test_unweighed_patients_are_refused(session, vet, owner):
    stray = await make_patient(session, owner, "Stray", Species.DOG)

    with pytest.raises(PrescriptionRefused, match="weigh the patient"):
        await prescribe(session, stray, vet, CARPROFEN)


async def test_a_current_nsaid_blocks_a_steroid_without_a_reason(session, vet, dog):
    await prescribe(session, dog, vet, CARPROFEN, days=14)

    with pytest.raises(NeedsOverride, match=f"major interaction with {CARPROFEN}"):
        await prescribe(session, dog, vet, PREDNISOLONE, starts_on=MONDAY + dt.timedelta(days=3))


async def test_a_vet_may_override_with_a_reason(session, vet, dog):
    await prescribe(session, dog, vet, CARPROFEN, days=14)

    prescription, _ = await prescribe(
        session,
        dog,
        vet,
        PREDNISOLONE,
        starts_on=MONDAY + dt.timedelta(days=3),
        override_reason="carprofen stopped today, owner told to discard the rest",
    )

    assert prescription.override_reason.startswith("carprofen stopped")


async def test_a_nurse_cannot_override(session, vet, nurse, dog):
    await prescribe(session, dog, vet, CARPROFEN, days=14)

    with pytest.raises(PrescriptionRefused, match="major interaction"):
        await prescribe(session, dog, nurse, PREDNISOLONE, override_reason="the vet said it is fine")


async def test_finished_courses_do_not_interact(session, vet, dog):
    await prescribe(session, dog, vet, CARPROFEN, days=5)

    _, warnings = await prescribe(session, dog, vet, PREDNISOLONE, starts_on=MONDAY + dt.timedelta(days=5))

    assert warnings == []


async def test_moderate_interactions_come_back_as_warnings(session, vet, dog):
    await prescribe(session, dog, vet, ENROFLOXACIN, days=10)

    _, warnings = await prescribe(session, dog, vet, SUCRALFATE)

    assert [(item.severity, item.effect) for item in warnings] == [
        (Severity.MODERATE, "sucralfate reduces fluoroquinolone absorption")
    ]


async def test_active_prescriptions_on_a_day(session, vet, dog):
    await prescribe(session, dog, vet, ENROFLOXACIN, days=10)
    await prescribe(session, dog, vet, TRAMADOL, days=3, starts_on=MONDAY + dt.timedelta(days=1))

    on_wednesday = await prescribing.active_prescriptions(session, dog.id, MONDAY + dt.timedelta(days=2))
    on_friday = await prescribing.active_prescriptions(session, dog.id, MONDAY + dt.timedelta(days=4))

    assert [item.product_code for item in on_wednesday] == [ENROFLOXACIN, TRAMADOL]
    assert [item.product_code for item in on_friday] == [ENROFLOXACIN]


async def test_unknown_products_and_deceased_patients(session, vet, dog, now):
    with pytest.raises(NotFound, match="product"):
        await prescribe(session, dog, vet, "XX-NOPE-1T-1")
    await owners.record_death(session, dog.id, now)
    with pytest.raises(PrescriptionRefused, match="deceased"):
        await prescribe(session, dog, vet, CARPROFEN)


async def test_dose_follows_a_new_weight(session, vet, dog):
    await owners.record_weight(session, dog.id, Decimal("12.4"))

    prescription, _ = await prescribe(session, dog, vet, CARPROFEN)

    assert prescription.dose_mg == 50
