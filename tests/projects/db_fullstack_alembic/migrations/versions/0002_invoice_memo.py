"""invoice memo"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.add_column("invoice", sa.Column("memo", sa.String(200), nullable=True))


def downgrade() -> None:
    op.drop_column("invoice", "memo")
