"""The HTTP API: ``uvicorn clinic.api:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from clinic import __version__
from clinic.api import appointments, billing, owners, pharmacy
from clinic.config import Settings, get_settings
from clinic.formulary import FORMULARY
from clinic.notifications import Gateway, LogGateway, Notifier
from clinic.services.errors import DomainError


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the notifier with the application; on shutdown it sends what is queued."""
    notifier = Notifier(app.state.gateway, app.state.settings.notify_batch_seconds)
    app.state.notifier = notifier
    await notifier.start()
    try:
        yield
    finally:
        await notifier.stop()


async def domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return JSONResponse({"code": error.code, "detail": error.message}, status_code=error.status)


def create_app(settings: Settings | None = None, gateway: Gateway | None = None) -> FastAPI:
    app = FastAPI(title="Harbour Vets", version=__version__, lifespan=lifespan)
    app.state.settings = settings or get_settings()
    app.state.gateway = gateway or LogGateway()
    app.add_exception_handler(DomainError, domain_error)
    for module in (owners, appointments, pharmacy, billing):
        app.include_router(module.router)

    @app.get("/health")
    async def health() -> dict[str, object]:
        notifier: Notifier | None = getattr(app.state, "notifier", None)
        return {
            "status": "ok",
            "version": __version__,
            "formulary_products": len(FORMULARY),
            "notifier": "running" if notifier is not None and notifier.running else "stopped",
        }

    return app


app = create_app()
