"""The formulary and prescriptions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from clinic.api.deps import SessionDep
from clinic.api.schemas import InteractionOut, PrescribedOut, PrescriptionIn, PrescriptionOut, ProductOut
from clinic.enums import Species
from clinic.formulary import FORMULARY, Product, UnknownProduct
from clinic.services import prescribing
from clinic.services.errors import NotFound

router = APIRouter(tags=["pharmacy"])


def product_out(product: Product) -> ProductOut:
    return ProductOut(
        code=product.code,
        name=product.name,
        form=product.form,
        strength_mg=product.strength_mg,
        unit=product.unit,
        pack_size=product.pack_size,
        pack_price_cents=product.pack_price_cents,
        supplier=product.supplier,
        ingredient=product.ingredient.name,
        controlled=product.ingredient.controlled,
    )


@router.get("/formulary/search", response_model=list[ProductOut])
async def search(
    q: str, species: Species | None = None, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> object:
    return [product_out(product) for product in FORMULARY.search(q, species, limit)]


@router.get("/formulary/products/{code}", response_model=ProductOut)
async def product(code: str) -> object:
    try:
        return product_out(FORMULARY.product(code))
    except UnknownProduct:
        raise NotFound("product", code) from None


@router.get("/formulary/interactions", response_model=list[InteractionOut])
async def interactions(codes: Annotated[list[str], Query(min_length=2)]) -> object:
    unknown = [code for code in codes if code not in FORMULARY]
    if unknown:
        raise NotFound("product", ", ".join(unknown))
    return FORMULARY.interactions_among(codes)


@router.post("/prescriptions", status_code=status.HTTP_201_CREATED, response_model=PrescribedOut)
async def prescribe(body: PrescriptionIn, session: SessionDep) -> PrescribedOut:
    prescription, warnings = await prescribing.prescribe(
        session,
        patient_id=body.patient_id,
        clinician_id=body.clinician_id,
        product_code=body.product_code,
        days=body.days,
        starts_on=body.starts_on,
        doses_per_day=body.doses_per_day,
        appointment_id=body.appointment_id,
        override_reason=body.override_reason,
    )
    return PrescribedOut(
        prescription=PrescriptionOut.model_validate(prescription),
        warnings=[InteractionOut.model_validate(item) for item in warnings],
    )
