"""The demo data: built once into the template (tuneup_seed), or else in every test."""

import pytest

from storefront import demo


@pytest.fixture
def catalogue(db_session, pytestconfig):
    if not pytestconfig.getini("tuneup_seed"):
        demo.seed(db_session)
        db_session.commit()
    return db_session
