"""The greenhouse's tables."""

from greenhouse.extensions import db


class Gardener(db.Model):
    __tablename__ = "gardeners"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True, nullable=False)


class Bed(db.Model):
    __tablename__ = "beds"
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(10), unique=True, nullable=False)
    area_m2 = db.Column(db.Float, nullable=False)
    gardener_id = db.Column(db.ForeignKey("gardeners.id"), index=True)


class Species(db.Model):
    __tablename__ = "species"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True, nullable=False)
    water_every_days = db.Column(db.Integer, nullable=False, default=3)
    spacing_m2 = db.Column(db.Float, nullable=False, default=0.25)


class Planting(db.Model):
    __tablename__ = "plantings"
    __table_args__ = (db.Index("ix_plantings_bed", "bed_id", "planted"),)
    id = db.Column(db.Integer, primary_key=True)
    bed_id = db.Column(db.ForeignKey("beds.id"), nullable=False)
    species_id = db.Column(db.ForeignKey("species.id"), nullable=False)
    count = db.Column(db.Integer, nullable=False)
    planted = db.Column(db.Date, nullable=False)


class Watering(db.Model):
    __tablename__ = "waterings"
    id = db.Column(db.Integer, primary_key=True)
    bed_id = db.Column(db.ForeignKey("beds.id"), nullable=False, index=True)
    day = db.Column(db.Date, nullable=False)
    litres = db.Column(db.Float, nullable=False)


class Harvest(db.Model):
    __tablename__ = "harvests"
    id = db.Column(db.Integer, primary_key=True)
    planting_id = db.Column(db.ForeignKey("plantings.id"), nullable=False, index=True)
    day = db.Column(db.Date, nullable=False)
    grams = db.Column(db.Integer, nullable=False)


class Pest(db.Model):
    __tablename__ = "pests"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True, nullable=False)


class Sighting(db.Model):
    __tablename__ = "sightings"
    id = db.Column(db.Integer, primary_key=True)
    pest_id = db.Column(db.ForeignKey("pests.id"), nullable=False)
    bed_id = db.Column(db.ForeignKey("beds.id"), nullable=False, index=True)
    day = db.Column(db.Date, nullable=False)


class Tool(db.Model):
    __tablename__ = "tools"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True, nullable=False)


class Loan(db.Model):
    __tablename__ = "loans"
    id = db.Column(db.Integer, primary_key=True)
    tool_id = db.Column(db.ForeignKey("tools.id"), nullable=False, index=True)
    gardener_id = db.Column(db.ForeignKey("gardeners.id"), nullable=False)
    returned = db.Column(db.Boolean, nullable=False, default=False)


class Shift(db.Model):
    __tablename__ = "shifts"
    __table_args__ = (db.UniqueConstraint("gardener_id", "day"),)
    id = db.Column(db.Integer, primary_key=True)
    gardener_id = db.Column(db.ForeignKey("gardeners.id"), nullable=False)
    day = db.Column(db.Date, nullable=False)


class Note(db.Model):
    __tablename__ = "notes"
    id = db.Column(db.Integer, primary_key=True)
    bed_id = db.Column(db.ForeignKey("beds.id"), nullable=False, index=True)
    text = db.Column(db.String(500), nullable=False)
