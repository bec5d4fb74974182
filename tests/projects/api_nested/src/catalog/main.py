"""The catalogue application: no route at its top level uses the database."""

from fastapi import FastAPI

from catalog.admin import admin
from catalog.routers import api

app = FastAPI(title="catalog")
app.include_router(api.router)
app.mount("/admin", admin)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
