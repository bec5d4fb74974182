"""Every version of the API, under /api."""

from fastapi import APIRouter

from catalog.routers import v1

router = APIRouter(prefix="/api")
router.include_router(v1.router)
