"""Version 1 of the API: the books router, under /v1."""

from fastapi import APIRouter

from catalog.routers import books

router = APIRouter(prefix="/v1")
router.include_router(books.router)
